package dev.gatehouse.rego.eval;

import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.Value;
import java.util.List;

/**
 * Values of literal terms built only from scalars, such as a table of test cases written as an array of objects.
 * The evaluator takes such literals in one step instead of threading every element through a continuation, so a
 * long or deeply nested literal costs no stack. Stateless and thread-safe.
 */
final class Literals {
    private Literals() {}

    /**
     * The value of {@code t} when it contains no variables, references, calls, comprehensions or templates, else
     * {@code null}. Also {@code null} for an object literal with a key given two different values, so that the
     * ordinary evaluation path reports the conflict.
     */
    static Value constant(Term t) {
        return isConstant(t) ? build(t) : null;
    }

    private static boolean isConstant(Term t) {
        return switch (t) {
            case Term.Scalar s -> true;
            case Term.ArrayTerm a -> allConstant(a.elements());
            case Term.SetTerm s -> allConstant(s.elements());
            case Term.ObjectTerm o -> {
                // Indexed loops here: this runs on every evaluation of a composite literal, and an iterator each time
                // showed in allocation profiles.
                List<Term.Entry> es = o.entries();
                for (int i = 0, n = es.size(); i < n; i++) {
                    Term.Entry e = es.get(i);
                    if (!isConstant(e.key()) || !isConstant(e.value())) {
                        yield false;
                    }
                }
                yield true;
            }
            default -> false;
        };
    }

    private static boolean allConstant(List<Term> ts) {
        for (int i = 0, n = ts.size(); i < n; i++) {
            if (!isConstant(ts.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static Value build(Term t) {
        return switch (t) {
            case Term.Scalar s -> s.value();
            // Empty literals (the usual defaults of object.get) are the shared empty values: nothing to build.
            case Term.ArrayTerm a when a.elements().isEmpty() -> ArrayValue.EMPTY;
            case Term.ObjectTerm o when o.entries().isEmpty() -> ObjectValue.EMPTY;
            case Term.ArrayTerm a -> {
                Value[] vs = buildAll(a.elements());
                yield vs == null ? null : ArrayValue.of(vs);
            }
            case Term.SetTerm s -> {
                Value[] vs = buildAll(s.elements());
                yield vs == null ? null : SetValue.of(vs);
            }
            case Term.ObjectTerm o -> {
                ObjectValue.Builder ob = ObjectValue.builder();
                for (Term.Entry e : o.entries()) {
                    Value k = build(e.key());
                    Value v = build(e.value());
                    if (k == null || v == null) {
                        yield null;
                    }
                    Value prev = ob.get(k);
                    if (prev != null && !prev.equals(v)) {
                        yield null;
                    }
                    ob.put(k, v);
                }
                yield ob.build();
            }
            default -> null;
        };
    }

    private static Value[] buildAll(List<Term> ts) {
        Value[] vs = new Value[ts.size()];
        for (int i = 0; i < vs.length; i++) {
            Value v = build(ts.get(i));
            if (v == null) {
                return null;
            }
            vs[i] = v;
        }
        return vs;
    }
}
