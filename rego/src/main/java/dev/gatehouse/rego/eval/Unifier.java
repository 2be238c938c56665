package dev.gatehouse.rego.eval;

import dev.gatehouse.rego.RegoError;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Unification: binds variables so that two terms (or a term and a value) are equal, destructuring arrays and
 * objects, and calls the continuation once per way of doing so. Bindings made here are undone before returning.
 */
final class Unifier {
    private final Evaluation ev;

    Unifier(Evaluation ev) {
        this.ev = ev;
    }


    /** Whether a term contains unbound variables in positions unification can bind (vars, array/object parts). */
    boolean isPattern(Term t, Bindings b) {
        // The usual operands first, without the type switch: a variable, a constant, a reference or a call.
        if (t instanceof Term.Var v) {
            return isUnbound(v, b);
        }
        if (t instanceof Term.Scalar || t instanceof Term.Ref || t instanceof Term.Call) {
            return false;
        }
        return switch (t) {
            case Term.ArrayTerm a -> {
                List<Term> es = a.elements();
                for (int i = 0, n = es.size(); i < n; i++) {
                    if (isPattern(es.get(i), b)) {
                        yield true;
                    }
                }
                yield false;
            }
            case Term.ObjectTerm o -> {
                List<Term.Entry> es = o.entries();
                for (int i = 0, n = es.size(); i < n; i++) {
                    if (isPattern(es.get(i).value(), b)) {
                        yield true;
                    }
                }
                yield false;
            }
            default -> false;
        };
    }

    static boolean isUnbound(Term.Var v, Bindings b) {
        String n = v.name();
        return n != Evaluation.INPUT && n != Evaluation.DATA && !b.isBound(n);
    }

    boolean unify(Term a, Term c, Bindings b, Cont k) {
        boolean pa = isPattern(a, b);
        boolean pc = isPattern(c, b);
        if (pa && pc) {
            if (a instanceof Term.ArrayTerm x && c instanceof Term.ArrayTerm y) {
                return x.elements().size() != y.elements().size() || unifyPairs(x.elements(), y.elements(), 0, b, k);
            }
            if (a instanceof Term.ObjectTerm x && c instanceof Term.ObjectTerm y && x.entries().size() == y.entries().size()) {
                return unifyObjects(x, y, b, k);
            }
            if (a instanceof Term.Var || c instanceof Term.Var) {
                throw Evaluation.error(RegoError.Code.EVAL_INTERNAL, "cannot unify two unbound terms: " + a + " = " + c, a.location());
            }
            return true;
        }
        Term valued = pa ? c : a;
        Term other = pa ? a : c;
        Value v = ev.direct(valued, b);
        if (v != Evaluation.NOT_DIRECT) {
            return v == null || unifyValue(other, v, b, k);
        }
        return ev.term(valued, b, val -> unifyValue(other, val, b, k));
    }

    private boolean unifyPairs(List<Term> xs, List<Term> ys, int i, Bindings b, Cont k) {
        if (i == xs.size()) {
            return k.run();
        }
        return unify(xs.get(i), ys.get(i), b, () -> unifyPairs(xs, ys, i + 1, b, k));
    }

    private boolean unifyObjects(Term.ObjectTerm x, Term.ObjectTerm y, Bindings b, Cont k) {
        Map<Value, Term> right = new HashMap<>();
        for (Term.Entry e : y.entries()) {
            Value key = ev.first(e.key(), b);
            if (key == null) {
                return true;
            }
            right.put(key, e.value());
        }
        List<Term> xs = new ArrayList<>();
        List<Term> ys = new ArrayList<>();
        for (Term.Entry e : x.entries()) {
            Value key = ev.first(e.key(), b);
            Term other = key == null ? null : right.get(key);
            if (other == null) {
                return true;
            }
            xs.add(e.value());
            ys.add(other);
        }
        return unifyPairs(xs, ys, 0, b, k);
    }

    boolean unifyValue(Term pat, Value v, Bindings b, Cont k) {
        switch (pat) {
            case Term.Var var -> {
                Value cur = b.get(var.name());
                if (cur != null) {
                    return !cur.equals(v) || k.run();
                }
                if (var.name() == Evaluation.INPUT || var.name() == Evaluation.DATA) {
                    return ev.term(pat, b, pv -> !pv.equals(v) || k.run());
                }
                int mark = b.mark();
                b.bind(var.name(), v);
                boolean r = k.run();
                b.undoTo(mark);
                return r;
            }
            case Term.Scalar s -> {
                return !s.value().equals(v) || k.run();
            }
            case Term.ArrayTerm a -> {
                if (!(v instanceof ArrayValue av) || av.size() != a.elements().size()) {
                    return true;
                }
                return unifyElements(a.elements(), av, 0, b, k);
            }
            case Term.ObjectTerm o -> {
                if (!(v instanceof ObjectValue ov) || ov.size() != o.entries().size()) {
                    return true;
                }
                return unifyEntries(o.entries(), ov, 0, b, k);
            }
            default -> {
                Value pv = ev.direct(pat, b);
                if (pv != Evaluation.NOT_DIRECT) {
                    return pv == null || !pv.equals(v) || k.run();
                }
                return ev.term(pat, b, val -> !val.equals(v) || k.run());
            }
        }
    }

    private boolean unifyElements(List<Term> ts, ArrayValue av, int i, Bindings b, Cont k) {
        if (i == ts.size()) {
            return k.run();
        }
        return unifyValue(ts.get(i), av.get(i), b, () -> unifyElements(ts, av, i + 1, b, k));
    }

    private boolean unifyEntries(List<Term.Entry> es, ObjectValue ov, int i, Bindings b, Cont k) {
        if (i == es.size()) {
            return k.run();
        }
        Term.Entry e = es.get(i);
        return ev.term(e.key(), b, key -> {
            Value child = ov.get(key);
            return child == null || unifyValue(e.value(), child, b, () -> unifyEntries(es, ov, i + 1, b, k));
        });
    }
}
