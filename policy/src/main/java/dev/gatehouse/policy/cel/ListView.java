package dev.gatehouse.policy.cel;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import java.util.AbstractList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A read-only random-access {@link List} that is also a {@link dev.cel.common.values.CelValue}, for the reason
 * {@link MapView} gives: cel-java's planned runtime walks every plain list it meets, and passes a {@code CelValue}
 * through.
 *
 * <p>Subclasses supply {@link #get} and {@link #size}; the rest is {@link AbstractList}'s, through a shim.
 */
abstract class ListView extends ContainerView implements List<Object>, RandomAccess {
  private static final CelType TYPE = ListType.create(SimpleType.DYN);

  /**
   * AbstractList's derived methods, bound to this view's get and size; made on first use, since a review makes
   * many views and most are only iterated. A race makes two equal shims, which is harmless.
   */
  private List<Object> shim;

  private List<Object> shim() {
    List<Object> s = shim;
    if (s == null) {
      s = shim = new AbstractList<>() {
        @Override
        public Object get(int index) {
          return ListView.this.get(index);
        }

        @Override
        public int size() {
          return ListView.this.size();
        }
      };
    }
    return s;
  }

  @Override
  public CelType celType() {
    return TYPE;
  }

  @Override
  public boolean contains(Object o) {
    for (int i = 0, n = size(); i < n; i++) {
      if (Objects.equals(o, get(i))) {
        return true;
      }
    }
    return false;
  }

  /** Straight over {@link #get}: comprehensions iterate every list they fold, and the shim's adds a call a step. */
  @Override
  public Iterator<Object> iterator() {
    int n = size();
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < n;
      }

      @Override
      public Object next() {
        if (next >= n) {
          throw new NoSuchElementException();
        }
        return get(next++);
      }
    };
  }

  @Override
  public Object[] toArray() {
    return shim().toArray();
  }

  @Override
  public <T> T[] toArray(T[] a) {
    return shim().toArray(a);
  }

  @Override
  public boolean containsAll(Collection<?> c) {
    return shim().containsAll(c);
  }

  @Override
  public int indexOf(Object o) {
    return shim().indexOf(o);
  }

  @Override
  public int lastIndexOf(Object o) {
    return shim().lastIndexOf(o);
  }

  @Override
  public ListIterator<Object> listIterator() {
    return shim().listIterator();
  }

  @Override
  public ListIterator<Object> listIterator(int index) {
    return shim().listIterator(index);
  }

  @Override
  public List<Object> subList(int fromIndex, int toIndex) {
    return shim().subList(fromIndex, toIndex);
  }

  @Override
  public boolean add(Object o) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public boolean remove(Object o) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public boolean addAll(Collection<?> c) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public boolean addAll(int index, Collection<?> c) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public boolean removeAll(Collection<?> c) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public boolean retainAll(Collection<?> c) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public void clear() {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public Object set(int index, Object element) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public void add(int index, Object element) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public Object remove(int index) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public boolean equals(Object o) {
    return o == this || shim().equals(o);
  }

  @Override
  public int hashCode() {
    return shim().hashCode();
  }

  @Override
  public String toString() {
    return shim().toString();
  }
}
