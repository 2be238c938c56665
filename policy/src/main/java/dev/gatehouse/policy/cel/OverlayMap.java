package dev.gatehouse.policy.cel;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A read-only map that is {@code base} with one entry added or replaced, without copying {@code base}: an
 * activation is the review's entries plus one or two of a pass's own ({@code params}, {@code variables}), built for
 * every constraint a review is evaluated against, and copying the review's entries each time cost more than
 * reading through them.
 *
 * <p>Immutable when {@code base} is; as thread-safe as {@code base}.
 */
public final class OverlayMap extends AbstractMap<String, Object> {
  private final Map<String, ?> base;
  private final String key;
  private final Object value;

  /** {@code base} with {@code key} mapped to {@code value} (which may be null). */
  public OverlayMap(Map<String, ?> base, String key, Object value) {
    this.base = Objects.requireNonNull(base, "base");
    this.key = Objects.requireNonNull(key, "key");
    this.value = value;
  }

  @Override
  public Object get(Object name) {
    return key.equals(name) ? value : base.get(name);
  }

  @Override
  public boolean containsKey(Object name) {
    return key.equals(name) || base.containsKey(name);
  }

  @Override
  public int size() {
    return base.containsKey(key) ? base.size() : base.size() + 1;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        List<Entry<String, Object>> entries = new ArrayList<>(size());
        for (Entry<String, ?> e : base.entrySet()) {
          if (!e.getKey().equals(key)) {
            entries.add(new SimpleImmutableEntry<>(e.getKey(), e.getValue()));
          }
        }
        entries.add(new SimpleImmutableEntry<>(key, value));
        return java.util.Collections.unmodifiableList(entries).iterator();
      }

      @Override
      public int size() {
        return OverlayMap.this.size();
      }
    };
  }
}
