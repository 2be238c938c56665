package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.Value;
import java.util.List;

/**
 * The {@code object.*} builtins (OPA's {@code object.go}, {@code subset.go}): get with defaults and paths, keys,
 * remove, filter, union (recursive merge), union_n and subset. Stateless.
 */
final class ObjectBuiltins implements BuiltinFamily {

    private static final Type KEYS = Types.anyOf(Types.ANY_ARRAY, Types.ANY_OBJECT, Types.ANY_SET);

    @Override
    public List<Builtin> builtins() {
        return List.of(
                Builtin.of(decl("object.get").arg("object", Types.ANY_OBJECT).arg("key", Types.ANY)
                        .arg("default", Types.ANY).result(Types.ANY).build(), ObjectBuiltins::get),
                Builtin.of(decl("object.keys").arg("object", Types.ANY_OBJECT).result(Types.ANY_SET).build(),
                        (ctx, a) -> Operands.object(a[0], 1).keySet()),
                Builtin.of(decl("object.remove").arg("object", Types.ANY_OBJECT).arg("keys", KEYS)
                        .result(Types.ANY_OBJECT).build(), ObjectBuiltins::remove),
                Builtin.of(decl("object.filter").arg("object", Types.ANY_OBJECT).arg("keys", KEYS)
                        .result(Types.ANY_OBJECT).build(), ObjectBuiltins::filter),
                Builtin.of(decl("object.union").arg("a", Types.ANY_OBJECT).arg("b", Types.ANY_OBJECT)
                        .result(Types.ANY_OBJECT).build(), ObjectBuiltins::union),
                Builtin.of(decl("object.union_n").arg("objects", Types.arrayOf(Types.ANY_OBJECT))
                        .result(Types.ANY_OBJECT).build(), ObjectBuiltins::unionN),
                Builtin.of(decl("object.subset").arg("super", KEYS).arg("sub", KEYS).result(Types.BOOLEAN).build(),
                        ObjectBuiltins::subset));
    }

    private static BuiltinDecl.Builder decl(String name) {
        return BuiltinDecl.builder(name).category("object");
    }

    static Value get(BuiltinContext ctx, Value[] a) {
        ObjectValue object = Operands.object(a[0], 1);
        if (!(a[1] instanceof ArrayValue path)) {
            Value v = object.get(a[1]);
            return v != null ? v : a[2];
        }
        Value cur = object;
        for (Value segment : path) {
            cur = child(cur, segment);
            if (cur == null) {
                return a[2];
            }
        }
        return cur;
    }

    /** One step of a path through objects, arrays (integer index) and sets (membership), or null. */
    static Value child(Value container, Value key) {
        return switch (container) {
            case ObjectValue o -> o.get(key);
            case ArrayValue arr -> {
                if (key instanceof NumberValue n && n.isLong() && n.longValue() >= 0 && n.longValue() < arr.size()) {
                    yield arr.get((int) n.longValue());
                }
                yield null;
            }
            case SetValue s -> s.contains(key) ? key : null;
            default -> null;
        };
    }

    /** The keys named by an array, set or object operand (position 2). */
    static SetValue keysParam(Value v) {
        return switch (v) {
            case ArrayValue arr -> SetValue.of(arr.asList());
            case SetValue s -> s;
            case ObjectValue o -> o.keySet();
            default -> throw Operands.typeError(2, v, "object", "set", "array");
        };
    }

    static Value remove(BuiltinContext ctx, Value[] a) {
        ObjectValue object = Operands.object(a[0], 1);
        SetValue keys = keysParam(a[1]);
        ObjectValue.Builder b = ObjectValue.builder();
        boolean removed = false;
        for (int i = 0; i < object.size(); i++) {
            if (keys.contains(object.keyAt(i))) {
                removed = true;
            } else {
                b.put(object.keyAt(i), object.valueAt(i));
            }
        }
        return removed ? b.build() : object;
    }

    static Value filter(BuiltinContext ctx, Value[] a) {
        ObjectValue object = Operands.object(a[0], 1);
        SetValue keys = keysParam(a[1]);
        ObjectValue.Builder b = ObjectValue.builder();
        for (Value k : keys) {
            Value v = object.get(k);
            if (v != null) {
                b.put(k, v);
            }
        }
        return b.build();
    }

    static Value union(BuiltinContext ctx, Value[] a) {
        ObjectValue x = Operands.object(a[0], 1);
        ObjectValue y = Operands.object(a[1], 2);
        return merge(x, y);
    }

    /** Recursive merge where {@code y} wins, except that two objects under one key are merged. */
    static ObjectValue merge(ObjectValue x, ObjectValue y) {
        if (x.equals(y) || y.isEmpty()) {
            return x;
        }
        ObjectValue.Builder b = ObjectValue.builder();
        x.forEach(b::put);
        for (int i = 0; i < y.size(); i++) {
            Value k = y.keyAt(i);
            Value v = y.valueAt(i);
            Value existing = x.get(k);
            if (existing instanceof ObjectValue eo && v instanceof ObjectValue vo) {
                b.put(k, merge(eo, vo));
            } else {
                b.put(k, v);
            }
        }
        return b.build();
    }

    static Value unionN(BuiltinContext ctx, Value[] a) {
        ArrayValue arr = Operands.array(a[0], 1);
        ObjectValue acc = ObjectValue.EMPTY;
        for (Value v : arr) {
            if (!(v instanceof ObjectValue o)) {
                throw Operands.elementError(1, arr, v, "object");
            }
            acc = merge(acc, o);
        }
        return acc;
    }

    static Value subset(BuiltinContext ctx, Value[] a) {
        Value sup = a[0];
        Value sub = a[1];
        if (sup instanceof ObjectValue so && sub instanceof ObjectValue bo) {
            return BooleanValue.of(objectSubset(so, bo));
        }
        if (sup instanceof SetValue ss && sub instanceof SetValue bs) {
            return BooleanValue.of(setSubset(ss, bs));
        }
        if (sup instanceof ArrayValue sa && sub instanceof ArrayValue ba) {
            return BooleanValue.of(arraySubset(sa, ba));
        }
        if (sup instanceof ArrayValue sa && sub instanceof SetValue bs) {
            int unmatched = bs.size();
            for (Value v : sa) {
                if (bs.contains(v)) {
                    unmatched--;
                }
                if (unmatched == 0) {
                    return BooleanValue.TRUE;
                }
            }
            return BooleanValue.FALSE;
        }
        throw BuiltinException.typeError("both arguments object.subset must be of the same type or array and set");
    }

    private static boolean objectSubset(ObjectValue sup, ObjectValue sub) {
        for (int i = 0; i < sub.size(); i++) {
            Value subValue = sub.valueAt(i);
            Value supValue = sup.get(sub.keyAt(i));
            if (supValue == null) {
                return false;
            }
            if (subValue.equals(supValue)) {
                continue;
            }
            boolean ok;
            if (supValue instanceof ObjectValue so && subValue instanceof ObjectValue bo) {
                ok = objectSubset(so, bo);
            } else if (supValue instanceof SetValue ss && subValue instanceof SetValue bs) {
                ok = setSubset(ss, bs);
            } else if (supValue instanceof ArrayValue sa && subValue instanceof ArrayValue ba) {
                ok = arraySubset(sa, ba);
            } else {
                ok = false;
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean setSubset(SetValue sup, SetValue sub) {
        for (Value v : sub) {
            if (!sup.contains(v)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code sub} appears as a contiguous run in {@code sup}. */
    private static boolean arraySubset(ArrayValue sup, ArrayValue sub) {
        if (sub.size() > sup.size()) {
            return false;
        }
        outer:
        for (int start = 0; start + sub.size() <= sup.size(); start++) {
            for (int k = 0; k < sub.size(); k++) {
                if (sup.get(start + k).compareTo(sub.get(k)) != 0) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
