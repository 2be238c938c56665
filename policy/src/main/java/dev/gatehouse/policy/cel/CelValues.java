package dev.gatehouse.policy.cel;

import dev.cel.common.values.CelValue;
import dev.cel.common.values.NullValue;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Adapts JSON documents and plain Java values to the values the CEL runtime works with.
 *
 * <p>A Jackson {@link JsonNode} tree is exposed <em>without copying</em>: objects become read-only {@link Map}
 * views and arrays read-only {@link List} views that adapt a child only when CEL reads it. An admission object of
 * a few hundred fields is therefore not converted at all when an expression reads three of them. Scalars follow
 * Kubernetes' unstructured conversion: JSON integers that fit int64 are CEL {@code int} ({@link Long}), all other
 * numbers {@code double}; strings, booleans and null map to CEL string, bool and null. Timestamps and quantities
 * stay strings, as in Kubernetes.
 *
 * <p>Stateless and thread-safe; the views are immutable as long as the underlying tree is not mutated.
 */
public final class CelValues {
  private CelValues() {}

  /**
   * Converts an activation value: {@code null} becomes CEL null, a {@link JsonNode} becomes a view, an
   * {@link Integer}, {@link Short} or {@link Byte} widens to {@link Long}, a {@link Float} to {@link Double}, and
   * Java maps and lists are wrapped so that their elements are adapted the same way when read. Other values
   * (strings, booleans, longs, doubles, CEL library values) pass through.
   */
  public static Object adapt(Object value) {
    if (value == null) {
      return NullValue.NULL_VALUE;
    }
    // Class checks first: values the runtime already holds (strings, numbers, our views, its own values) are by far
    // the most common here, and an instanceof against an interface is the slow kind.
    if (value instanceof String || value instanceof Long || value instanceof Boolean || value instanceof Double
        || value instanceof CelValue) {
      return value;
    }
    if (value instanceof JsonNode node) {
      return fromJson(node);
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof Map<?, ?> map) {
      return new AdaptingMap(map);
    }
    if (value instanceof List<?> list) {
      return new AdaptingList(list);
    }
    return value;
  }

  /** Exposes a JSON node to CEL, see the class comment for the mapping. */
  public static Object fromJson(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return NullValue.NULL_VALUE;
    }
    if (node.isObject()) {
      return new JsonObjectView(node);
    }
    if (node.isArray()) {
      return new JsonArrayView(node);
    }
    if (node.isString()) {
      return node.stringValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNumber()) {
      // Integral JSON numbers beyond int64 become double, as Kubernetes' JSON decoding does.
      if (node.isIntegralNumber() && node.canConvertToLong()) {
        return node.longValue();
      }
      return node.doubleValue();
    }
    if (node.isBinary()) {
      return dev.cel.common.values.CelByteString.of(node.binaryValue());
    }
    return node.asString();
  }

  /** A read-only map view of a JSON object; values are adapted on access. */
  private static final class JsonObjectView extends MapView<String> {
    private final JsonNode node;

    JsonObjectView(JsonNode node) {
      this.node = node;
    }

    @Override
    public Object get(Object key) {
      if (!(key instanceof String name)) {
        return null;
      }
      JsonNode child = node.get(name);
      return child == null ? null : fromJson(child);
    }

    @Override
    public boolean containsKey(Object key) {
      return key instanceof String name && node.has(name);
    }

    @Override
    public int size() {
      return node.size();
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
      // A fresh (stateless) set each time keeps the view free of mutable state, so it may be shared by threads.
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<String, Object>> iterator() {
          Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return fields.hasNext();
            }

            @Override
            public Map.Entry<String, Object> next() {
              Map.Entry<String, JsonNode> field = fields.next();
              return new AbstractMap.SimpleImmutableEntry<>(field.getKey(), fromJson(field.getValue()));
            }
          };
        }

        @Override
        public int size() {
          return node.size();
        }
      };
    }
  }

  /** A read-only list view of a JSON array; elements are adapted on access. */
  private static final class JsonArrayView extends ListView {
    private final JsonNode node;

    JsonArrayView(JsonNode node) {
      this.node = node;
    }

    @Override
    public Object get(int index) {
      if (index < 0 || index >= node.size()) {
        throw new IndexOutOfBoundsException(index);
      }
      return fromJson(node.get(index));
    }

    @Override
    public int size() {
      return node.size();
    }
  }

  /** A read-only view of a caller's Java map whose values are adapted on access. */
  private static final class AdaptingMap extends MapView<Object> {
    private final Map<?, ?> map;

    AdaptingMap(Map<?, ?> map) {
      this.map = map;
    }

    @Override
    public Object get(Object key) {
      Object value = map.get(key);
      return value == null && !map.containsKey(key) ? null : adapt(value);
    }

    @Override
    public boolean containsKey(Object key) {
      return map.containsKey(key);
    }

    @Override
    public int size() {
      return map.size();
    }

    @Override
    public Set<Map.Entry<Object, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<Object, Object>> iterator() {
          Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return it.hasNext();
            }

            @Override
            public Map.Entry<Object, Object> next() {
              Map.Entry<?, ?> e = it.next();
              return new AbstractMap.SimpleImmutableEntry<>(adaptKey(e.getKey()), adapt(e.getValue()));
            }
          };
        }

        @Override
        public int size() {
          return map.size();
        }
      };
    }

    private static Object adaptKey(Object key) {
      return key instanceof Integer i ? Long.valueOf(i) : key;
    }
  }

  /** A read-only view of a caller's Java list whose elements are adapted on access. */
  private static final class AdaptingList extends ListView {
    private final List<?> list;

    AdaptingList(List<?> list) {
      // A view claims random access: a list without it (cel-java's comprehension results are concatenations that
      // find an index by walking their parts) is copied once rather than walked on every get.
      this.list = list instanceof java.util.RandomAccess ? list : java.util.Arrays.asList(list.toArray());
    }

    @Override
    public Object get(int index) {
      return adapt(list.get(index));
    }

    @Override
    public int size() {
      return list.size();
    }
  }
}
