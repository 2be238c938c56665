package dev.gatehouse.policy.cel;

import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import java.util.AbstractCollection;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A read-only {@link Map} that is also a {@link dev.cel.common.values.CelValue}, so that cel-java's planned runtime
 * takes it as it is.
 *
 * <p>cel-java 0.14's planner converts every plain {@code java.util.Map} it meets into its runtime form by walking
 * all of it, on every attribute access; a view that adapts children lazily would be walked (and so wholly adapted)
 * each time an expression reads {@code object.spec}. A {@code CelValue} is passed through untouched, and its
 * value is the map itself, so functions and comprehensions still see a {@code Map}.
 *
 * <p>Subclasses supply {@link #get}, {@link #containsKey}, {@link #size} and {@link #entrySet}; the rest derives
 * from those. Every mutator throws.
 */
abstract class MapView<K> extends ContainerView implements Map<K, Object> {
  private static final CelType TYPE = MapType.create(SimpleType.DYN, SimpleType.DYN);

  @Override
  public CelType celType() {
    return TYPE;
  }

  @Override
  public boolean containsValue(Object value) {
    for (Map.Entry<K, Object> e : entrySet()) {
      if (Objects.equals(e.getValue(), value)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Set<K> keySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<K> iterator() {
        return mapped(Map.Entry::getKey);
      }

      @Override
      public boolean contains(Object key) {
        return containsKey(key);
      }

      @Override
      public int size() {
        return MapView.this.size();
      }
    };
  }

  @Override
  public Collection<Object> values() {
    return new AbstractCollection<>() {
      @Override
      public Iterator<Object> iterator() {
        return mapped(Map.Entry::getValue);
      }

      @Override
      public int size() {
        return MapView.this.size();
      }
    };
  }

  private <T> Iterator<T> mapped(Function<Map.Entry<K, Object>, T> part) {
    Iterator<Map.Entry<K, Object>> entries = entrySet().iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return entries.hasNext();
      }

      @Override
      public T next() {
        return part.apply(entries.next());
      }
    };
  }

  @Override
  public Object put(K key, Object value) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public Object remove(Object key) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public void putAll(Map<? extends K, ?> m) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public void clear() {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public boolean equals(Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof Map<?, ?> other) || other.size() != size()) {
      return false;
    }
    for (Map.Entry<K, Object> e : entrySet()) {
      Object mine = e.getValue();
      Object theirs = other.get(e.getKey());
      if (theirs == null ? !(mine == null && other.containsKey(e.getKey())) : !theirs.equals(mine)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (Map.Entry<K, Object> e : entrySet()) {
      h += Objects.hashCode(e.getKey()) ^ Objects.hashCode(e.getValue());
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<K, Object> e : entrySet()) {
      if (out.length() > 1) {
        out.append(", ");
      }
      out.append(e.getKey()).append('=').append(e.getValue());
    }
    return out.append('}').toString();
  }
}
