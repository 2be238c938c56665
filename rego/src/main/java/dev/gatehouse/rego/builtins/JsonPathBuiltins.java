package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.NullValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Builtins that edit documents by JSON path (OPA's {@code json.go}): {@code json.filter}, {@code json.remove}
 * and {@code json.patch} (RFC 6902). Paths are JSON pointers ({@code "a/b/0"}, with {@code ~0}/{@code ~1}
 * escapes) or arrays of segments. A patch that cannot be applied makes the call undefined, as in OPA. Stateless.
 */
final class JsonPathBuiltins implements BuiltinFamily {

    private static final Type PATHS = Types.anyOf(
            Types.arrayOf(Types.anyOf(Types.STRING, Types.ANY_ARRAY)),
            Types.setOf(Types.anyOf(Types.STRING, Types.ANY_ARRAY)));

    @Override
    public List<Builtin> builtins() {
        return List.of(
                Builtin.of(decl("json.filter").arg("object", Types.ANY_OBJECT).arg("paths", PATHS)
                        .result(Types.ANY_OBJECT).build(), JsonPathBuiltins::filter),
                Builtin.of(decl("json.remove").arg("object", Types.ANY_OBJECT).arg("paths", PATHS)
                        .result(Types.ANY_OBJECT).build(), JsonPathBuiltins::remove),
                Builtin.of(decl("json.patch").arg("object", Types.ANY)
                        .arg("patches", Types.arrayOf(Types.ANY_OBJECT)).result(Types.ANY).build(),
                        JsonPathBuiltins::patch));
    }

    private static BuiltinDecl.Builder decl(String name) {
        return BuiltinDecl.builder(name).category("object");
    }

    // ---- paths ----

    static List<List<Value>> paths(Value operand) {
        Iterable<Value> items = switch (operand) {
            case ArrayValue arr -> arr;
            case SetValue s -> s;
            default -> throw Operands.typeError(2, operand, "set", "array");
        };
        List<List<Value>> out = new ArrayList<>();
        for (Value p : items) {
            out.add(parsePath(p));
        }
        return out;
    }

    static List<Value> parsePath(Value p) {
        switch (p) {
            case StringValue s -> {
                List<Value> segments = new ArrayList<>();
                if (s.value().isEmpty()) {
                    return segments;
                }
                String trimmed = s.value().replaceFirst("^/+", "");
                for (String part : Text.split(trimmed, "/")) {
                    segments.add(StringValue.of(part.replace("~1", "/").replace("~0", "~")));
                }
                return segments;
            }
            case ArrayValue arr -> {
                return arr.asList();
            }
            default -> throw Operands.error(2, "must be one of {set, array} containing string paths or array of path"
                    + " segments but got " + p.typeName());
        }
    }

    /** Paths as a tree of objects whose leaves are null (OPA's pathsToObject); a shorter path wins. */
    static ObjectValue pathsToTree(List<List<Value>> paths) {
        ObjectValue root = ObjectValue.EMPTY;
        for (List<Value> path : paths) {
            if (path.isEmpty()) {
                continue;
            }
            root = insertPath(root, path, 0);
        }
        return root;
    }

    private static ObjectValue insertPath(ObjectValue node, List<Value> path, int i) {
        Value key = path.get(i);
        Value child = node.get(key);
        if (i == path.size() - 1) {
            return node.with(key, NullValue.INSTANCE);
        }
        if (child instanceof NullValue) {
            return node;
        }
        ObjectValue sub = child instanceof ObjectValue o ? o : ObjectValue.EMPTY;
        return node.with(key, insertPath(sub, path, i + 1));
    }

    // ---- filter ----

    static Value filter(BuiltinContext ctx, Value[] a) {
        ObjectValue object = Operands.object(a[0], 1);
        ObjectValue tree = pathsToTree(paths(a[1]));
        return filterValue(object, tree);
    }

    /** OPA's ast filterObject. */
    static Value filterValue(Value v, Value filter) {
        if (filter instanceof NullValue) {
            return v;
        }
        ObjectValue f = (ObjectValue) filter;
        switch (v) {
            case ArrayValue arr -> {
                List<Value> out = new ArrayList<>();
                for (int i = 0; i < arr.size(); i++) {
                    Value sub = f.get(StringValue.of(Integer.toString(i)));
                    if (sub != null) {
                        out.add(filterValue(arr.get(i), sub));
                    }
                }
                return ArrayValue.of(out);
            }
            case SetValue s -> {
                SetValue.Builder b = SetValue.builder();
                for (Value e : s) {
                    Value sub = f.get(e);
                    if (sub != null) {
                        b.add(filterValue(e, sub));
                    }
                }
                return b.build();
            }
            case ObjectValue o -> {
                ObjectValue.Builder b = ObjectValue.builder();
                for (int i = 0; i < f.size(); i++) {
                    Value child = o.get(f.keyAt(i));
                    if (child != null) {
                        b.put(f.keyAt(i), filterValue(child, f.valueAt(i)));
                    }
                }
                return b.build();
            }
            default -> {
                return v;
            }
        }
    }

    // ---- remove ----

    static Value remove(BuiltinContext ctx, Value[] a) {
        Operands.object(a[0], 1);
        ObjectValue tree = pathsToTree(paths(a[1]));
        return removeValue(a[0], tree);
    }

    /** OPA's jsonRemove: drops the leaves of {@code b}; null result means "remove this value". */
    static Value removeValue(Value a, Value b) {
        if (b == null) {
            return a;
        }
        if (b instanceof NullValue) {
            return null;
        }
        if (!(b instanceof ObjectValue tree)) {
            return a;
        }
        switch (a) {
            case ObjectValue o -> {
                ObjectValue.Builder out = ObjectValue.builder();
                for (int i = 0; i < o.size(); i++) {
                    Value kept = removeValue(o.valueAt(i), tree.get(o.keyAt(i)));
                    if (kept != null) {
                        out.put(o.keyAt(i), kept);
                    }
                }
                return out.build();
            }
            case SetValue s -> {
                SetValue.Builder out = SetValue.builder();
                for (Value e : s) {
                    Value kept = removeValue(e, tree.get(e));
                    if (kept != null) {
                        out.add(kept);
                    }
                }
                return out.build();
            }
            case ArrayValue arr -> {
                List<Value> out = new ArrayList<>();
                for (int i = 0; i < arr.size(); i++) {
                    Value kept = removeValue(arr.get(i), tree.get(StringValue.of(Integer.toString(i))));
                    if (kept != null) {
                        out.add(kept);
                    }
                }
                return ArrayValue.of(out);
            }
            default -> {
                return a;
            }
        }
    }

    // ---- patch ----

    /** Signals a patch that cannot be applied; the builtin is then undefined. */
    private static final class PatchFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PatchFailed() {
            super(null, null, false, false);
        }
    }

    static Value patch(BuiltinContext ctx, Value[] a) {
        ArrayValue operations = Operands.array(a[1], 2);
        Value doc = a[0];
        try {
            for (Value op : operations) {
                doc = applyOne(doc, op);
            }
        } catch (PatchFailed | BuiltinException e) {
            return null;
        }
        return doc;
    }

    private static Value attr(ObjectValue o, String name) {
        Value v = o.get(name);
        if (v == null) {
            throw new PatchFailed();
        }
        return v;
    }

    private static Value applyOne(Value doc, Value operation) {
        if (!(operation instanceof ObjectValue o)) {
            throw new PatchFailed();
        }
        if (!(attr(o, "op") instanceof StringValue op)) {
            throw new PatchFailed();
        }
        List<Value> path = parsePath(attr(o, "path"));
        switch (op.value()) {
            case "add" -> {
                return add(doc, path, 0, attr(o, "value"));
            }
            case "remove" -> {
                return delete(doc, path, 0);
            }
            case "replace" -> {
                Value value = attr(o, "value");
                // The empty path is the whole document, which any value (even a scalar) replaces.
                return path.isEmpty() ? value : add(delete(doc, path, 0), path, 0, value);
            }
            case "move" -> {
                List<Value> from = parsePath(attr(o, "from"));
                Value chunk = get(doc, from);
                return add(delete(doc, from, 0), path, 0, chunk);
            }
            case "copy" -> {
                List<Value> from = parsePath(attr(o, "from"));
                return add(doc, path, 0, get(doc, from));
            }
            case "test" -> {
                if (!get(doc, path).equals(attr(o, "value"))) {
                    throw new PatchFailed();
                }
                return doc;
            }
            default -> throw new PatchFailed();
        }
    }

    private static Value get(Value doc, List<Value> path) {
        Value cur = doc;
        for (Value segment : path) {
            cur = switch (cur) {
                case ArrayValue arr -> arr.get(index(segment, arr.size(), false));
                default -> ObjectBuiltins.child(cur, segment);
            };
            if (cur == null) {
                throw new PatchFailed();
            }
        }
        return cur;
    }

    /** An array index from a segment: an integer or its decimal text; {@code -} means the end when inserting. */
    private static int index(Value segment, int size, boolean insert) {
        long i;
        if (segment instanceof NumberValue n && n.isLong()) {
            i = n.longValue();
        } else if (segment instanceof StringValue s && insert && s.value().equals("-")) {
            return size;
        } else if (segment instanceof StringValue s && s.value().matches("0|[1-9][0-9]{0,9}")) {
            i = Long.parseLong(s.value());
        } else {
            throw new PatchFailed();
        }
        if (i < 0 || i > size || (!insert && i == size)) {
            throw new PatchFailed();
        }
        return (int) i;
    }

    private static Value add(Value doc, List<Value> path, int depth, Value value) {
        if (depth == path.size()) {
            return value;
        }
        Value key = path.get(depth);
        boolean last = depth == path.size() - 1;
        switch (doc) {
            case ObjectValue o -> {
                if (last) {
                    return o.with(key, value);
                }
                Value child = o.get(key);
                if (child == null) {
                    throw new PatchFailed();
                }
                return o.with(key, add(child, path, depth + 1, value));
            }
            case ArrayValue arr -> {
                if (last) {
                    int at = index(key, arr.size(), true);
                    List<Value> out = new ArrayList<>(arr.asList());
                    out.add(at, value);
                    return ArrayValue.of(out);
                }
                int at = index(key, arr.size(), false);
                Value[] copy = arr.toArray();
                copy[at] = add(copy[at], path, depth + 1, value);
                return ArrayValue.of(copy);
            }
            case SetValue s -> {
                if (last) {
                    // A set member is addressed by itself, so the path's last segment must be the value.
                    if (!key.equals(value)) {
                        throw new PatchFailed();
                    }
                    return s.add(value);
                }
                if (!s.contains(key)) {
                    throw new PatchFailed();
                }
                Value updated = add(key, path, depth + 1, value);
                return s.minus(SetValue.of(key)).add(updated);
            }
            default -> throw new PatchFailed();
        }
    }

    private static Value delete(Value doc, List<Value> path, int depth) {
        if (path.isEmpty()) {
            throw new PatchFailed();
        }
        Value key = path.get(depth);
        boolean last = depth == path.size() - 1;
        switch (doc) {
            case ObjectValue o -> {
                Value child = o.get(key);
                if (child == null) {
                    throw new PatchFailed();
                }
                return last ? o.without(key) : o.with(key, delete(child, path, depth + 1));
            }
            case ArrayValue arr -> {
                int at = index(key, arr.size(), false);
                if (last) {
                    List<Value> out = new ArrayList<>(arr.asList());
                    out.remove(at);
                    return ArrayValue.of(out);
                }
                Value[] copy = arr.toArray();
                copy[at] = delete(copy[at], path, depth + 1);
                return ArrayValue.of(copy);
            }
            case SetValue s -> {
                if (!s.contains(key)) {
                    throw new PatchFailed();
                }
                SetValue without = s.minus(SetValue.of(key));
                return last ? without : without.add(delete(key, path, depth + 1));
            }
            default -> throw new PatchFailed();
        }
    }
}
