package dev.gatehouse.policy.cel;

import java.util.Map;

/**
 * The positions of a fixed set of names, looked up by the identity of the string asked for before its characters.
 *
 * <p>cel-java asks the {@code variables} map for the field name of each {@code variables.x} in an expression's
 * syntax tree: the same string instance at every evaluation, but not the instance the variable was defined with, so
 * a hash map compared characters on every read, a tenth of a Gatekeeper review. This table learns each instance it
 * answers for and from then on finds it with an identity hash and a reference comparison.
 *
 * <p>Thread-safe without locks: the learned instances live in an immutable table that is replaced whole; two threads
 * learning at once may lose one of the two instances, which is then learned again.
 */
final class NamePositions {
  /** Learned instances beyond this are answered by name only: a set of expressions has a bounded set of them. */
  private static final int LEARN_MAX = 4096;

  private final Map<String, Integer> byName;
  private volatile Table learned = Table.EMPTY;

  /** @param byName each name's position; not copied, and never to change */
  NamePositions(Map<String, Integer> byName) {
    this.byName = byName;
  }

  /** The position of {@code key}, or -1 when it is not one of the names. */
  int position(Object key) {
    if (key == null) {
      return -1; // an empty slot of the table would match it
    }
    Table table = learned;
    int position = table.find(key);
    if (position >= 0) {
      return position;
    }
    Integer byEquality = byName.get(key);
    if (byEquality == null) {
      return -1;
    }
    if (table.size < LEARN_MAX) {
      learned = table.with(key, byEquality);
    }
    return byEquality;
  }

  /** An open-addressing identity table; never changed once published. */
  private static final class Table {
    static final Table EMPTY = new Table(new Object[1], new int[1], 0);

    private final Object[] keys;
    private final int[] positions;
    private final int size;

    private Table(Object[] keys, int[] positions, int size) {
      this.keys = keys;
      this.positions = positions;
      this.size = size;
    }

    int find(Object key) {
      Object[] ks = keys;
      int mask = ks.length - 1;
      for (int i = slot(key, mask); ; i = (i + 1) & mask) {
        Object k = ks[i];
        if (k == key) {
          return positions[i];
        }
        if (k == null) {
          return -1;
        }
      }
    }

    Table with(Object key, int position) {
      // At most half full, so that a probe for an unknown instance ends at an empty slot soon.
      int capacity = Integer.highestOneBit(Math.max(4, (size + 1) * 2) - 1) << 1;
      Object[] ks = new Object[capacity];
      int[] ps = new int[capacity];
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] != null) {
          insert(ks, ps, keys[i], positions[i]);
        }
      }
      insert(ks, ps, key, position);
      return new Table(ks, ps, size + 1);
    }

    private static void insert(Object[] ks, int[] ps, Object key, int position) {
      int mask = ks.length - 1;
      int i = slot(key, mask);
      while (ks[i] != null) {
        i = (i + 1) & mask;
      }
      ks[i] = key;
      ps[i] = position;
    }

    private static int slot(Object key, int mask) {
      int h = System.identityHashCode(key);
      return (h ^ (h >>> 16)) & mask;
    }
  }
}
