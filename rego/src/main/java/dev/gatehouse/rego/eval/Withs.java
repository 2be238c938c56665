package dev.gatehouse.rego.eval;

import dev.gatehouse.rego.RegoError;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Refs;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.ast.With;
import dev.gatehouse.rego.compiler.RuleTree;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code with} modifier: evaluates an expression against replaced input, data, functions or builtins. The
 * replacement Env gets its own cache; the rest of the body continues in the original Env.
 */
final class Withs {
    private final Evaluation ev;

    Withs(Evaluation ev) {
        this.ev = ev;
    }

    boolean eval(Expr e, Bindings b, Cont k) {
        Env saved = ev.env;
        Env modified = apply(e.withs(), b, saved);
        if (modified == null) {
            return true; // a with value was undefined: the expression is undefined
        }
        ev.env = modified;
        try {
            return ev.exprNoWith(e, b, () -> {
                ev.env = saved;
                try {
                    return k.run();
                } finally {
                    ev.env = modified;
                }
            });
        } finally {
            ev.env = saved;
        }
    }

    /** The Env that {@code withs} create from {@code base}, or null when a replacement value is undefined. */
    Env envFor(List<With> withs, Bindings b, Env base) {
        return apply(withs, b, base);
    }

    private Env apply(List<With> withs, Bindings b, Env base) {
        Value input = base.input;
        Value data = base.data;
        Map<RuleTree.Node, Value> overrides = new HashMap<>(base.overrides);
        Map<String, Object> mocks = new HashMap<>(base.mocks);
        for (With w : withs) {
            Term.Ref target = w.target() instanceof Term.Ref r ? r
                    : new Term.Ref(w.target(), List.of(), w.target().location());
            String head = Refs.headName(target);
            String name = Refs.nameOf(target);
            boolean functionTarget = name != null && (ev.builtins.contains(name) || ev.policy.function(name) != null
                    || name.equals("internal.member_2") || name.equals("internal.member_3"));
            if (functionTarget) {
                String replacement = functionName(w.value());
                if (replacement != null) {
                    mocks.put(name, replacement);
                } else {
                    Value v = ev.first(w.value(), b);
                    if (v == null) {
                        return null;
                    }
                    mocks.put(name, v);
                }
                continue;
            }
            Value v = ev.first(w.value(), b);
            if (v == null) {
                return null;
            }
            List<Value> path = new ArrayList<>();
            for (Term op : target.operands()) {
                Value key = ev.first(op, b);
                if (key == null) {
                    return null;
                }
                path.add(key);
            }
            if ("input".equals(head)) {
                input = setPath(input, path, 0, v);
            } else if ("data".equals(head)) {
                RuleTree.Node node = ev.policy.tree().root();
                boolean viaRules = false;
                for (Value key : path) {
                    node = node == null ? null : node.child(key);
                    if (node != null && node.hasRules()) {
                        viaRules = true;
                    }
                }
                if (node != null) {
                    overrides.put(node, v);
                }
                if (!viaRules || node == null) {
                    data = setPath(data, path, 0, v);
                }
            } else {
                throw Evaluation.error(RegoError.Code.EVAL_INTERNAL, "invalid with target " + target, w.location());
            }
        }
        return new Env(input, data, overrides, mocks, base.nodeCount());
    }

    /** The dotted name if the term names a builtin or function (a function replacement), else null. */
    private String functionName(Term t) {
        Term.Ref r = t instanceof Term.Ref ref ? ref : t instanceof Term.Var v ? new Term.Ref(v, List.of(), v.location()) : null;
        if (r == null) {
            return null;
        }
        String name = Refs.nameOf(r);
        if (name == null) {
            return null;
        }
        if (ev.builtins.contains(name) || ev.policy.function(name) != null) {
            return name;
        }
        return null;
    }

    static Value setPath(Value base, List<Value> path, int i, Value v) {
        if (i == path.size()) {
            return v;
        }
        ObjectValue obj = base instanceof ObjectValue o ? o : ObjectValue.EMPTY;
        Value child = obj.get(path.get(i));
        return obj.with(path.get(i), setPath(child, path, i + 1, v));
    }
}
