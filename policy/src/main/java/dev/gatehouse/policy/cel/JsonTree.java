package dev.gatehouse.policy.cel;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A JSON document as CEL values that are converted once, on first read, and then kept: objects become immutable
 * maps and arrays immutable lists, with the scalars {@link CelValues#fromJson} gives.
 *
 * <p>For documents that many expressions read: the review's object (every template of a review reads it, a dozen
 * times each) and a constraint's parameters (read on every review). {@link CelValues#fromJson}'s views convert a
 * child on every read and look keys up in Jackson's linked hash map; here a read is an array scan (or one hash
 * lookup in a large object), and after the first read of a child no allocation. A child nobody reads is never
 * converted: an object as the API server sends it carries {@code metadata.managedFields} and {@code status}, which
 * pod policies do not look at.
 *
 * <p>Immutable and thread-safe: a child converted by two threads at once is converted twice into equal values, and
 * either is kept.
 */
public final class JsonTree {
  private JsonTree() {}

  /** The CEL value of the document {@code node}; CEL null for null or missing. */
  public static Object of(JsonNode node) {
    if (node == null || !node.isContainer()) {
      return CelValues.fromJson(node);
    }
    return node.isObject() ? object(node) : new JsonList(node);
  }

  private static Object object(JsonNode node) {
    int n = node.size();
    String[] keys = new String[n];
    JsonNode[] children = new JsonNode[n];
    int i = 0;
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      keys[i] = field.getKey();
      children[i] = field.getValue();
      i++;
    }
    return new JsonMap(keys, children);
  }

  /** A JSON object: keys in document order, values converted on first read (JSON null is CEL null). */
  private static final class JsonMap extends MapView<String> {
    /** Past this many keys a hash index beats scanning; Kubernetes objects' maps are mostly smaller. */
    private static final int SCAN_MAX = 8;

    private final String[] keys;
    private final JsonNode[] children;
    /** Each child's value once read; null until then (a converted value never is). */
    private final Object[] values;
    private final Map<String, Integer> index;

    JsonMap(String[] keys, JsonNode[] children) {
      this.keys = keys;
      this.children = children;
      this.values = new Object[keys.length];
      if (keys.length > SCAN_MAX) {
        Map<String, Integer> idx = new HashMap<>(keys.length * 2);
        for (int i = 0; i < keys.length; i++) {
          idx.put(keys[i], i);
        }
        this.index = idx;
      } else {
        this.index = null;
      }
    }

    private int find(Object key) {
      if (!(key instanceof String name)) {
        return -1;
      }
      if (index != null) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
      }
      String[] ks = keys;
      int h = name.hashCode(); // cached in the string: most mismatches cost one int comparison
      for (int i = 0; i < ks.length; i++) {
        String k = ks[i];
        if (k == name || (k.hashCode() == h && k.equals(name))) {
          return i;
        }
      }
      return -1;
    }

    private Object value(int i) {
      Object value = values[i];
      if (value == null) {
        value = of(children[i]);
        values[i] = value;
      }
      return value;
    }

    @Override
    public Object get(Object key) {
      int i = find(key);
      return i < 0 ? null : value(i);
    }

    @Override
    public boolean containsKey(Object key) {
      return find(key) >= 0;
    }

    @Override
    public int size() {
      return keys.length;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<String, Object>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < keys.length;
            }

            @Override
            public Map.Entry<String, Object> next() {
              if (next >= keys.length) {
                throw new NoSuchElementException();
              }
              int i = next++;
              return new AbstractMap.SimpleImmutableEntry<>(keys[i], value(i));
            }
          };
        }

        @Override
        public int size() {
          return keys.length;
        }
      };
    }
  }

  /** A JSON array, elements converted on first read. */
  private static final class JsonList extends ListView {
    private final JsonNode node;
    /** Each element's value once read; null until then (a converted value never is). */
    private final Object[] elements;

    JsonList(JsonNode node) {
      this.node = node;
      this.elements = new Object[node.size()];
    }

    @Override
    public Object get(int index) {
      Object element = elements[index];
      if (element == null) {
        element = of(node.get(index));
        elements[index] = element;
      }
      return element;
    }

    @Override
    public int size() {
      return elements.length;
    }
  }
}
