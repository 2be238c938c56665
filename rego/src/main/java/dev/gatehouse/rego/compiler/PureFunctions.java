package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.ast.Body;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Rule;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.builtins.Builtin;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Finds the user functions whose result depends on nothing but their arguments: no {@code input}, no
 * {@code data} (which differs between evaluations and can be replaced by {@code with}), no {@code with}, and only
 * calls of such functions and of deterministic builtins without side effects. Such results can be shared between
 * evaluations of a policy. Conservative: anything unresolved counts as impure. Used once, at compile time.
 */
final class PureFunctions {
    private final CallNames names;
    /** Verdicts so far; a function being examined is provisionally impure, so recursion cannot loop. */
    private final Map<RuleTree.Node, Boolean> verdicts = new IdentityHashMap<>();

    private PureFunctions(CallNames names) {
        this.names = names;
    }

    /** The pure functions among {@code functions}. */
    static Set<RuleTree.Node> find(Iterable<RuleTree.Node> functions, CallNames names) {
        PureFunctions p = new PureFunctions(names);
        Set<RuleTree.Node> out = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (RuleTree.Node fn : functions) {
            if (p.isPure(fn)) {
                out.add(fn);
            }
        }
        return out;
    }

    private boolean isPure(RuleTree.Node fn) {
        Boolean known = verdicts.get(fn);
        if (known != null) {
            return known;
        }
        verdicts.put(fn, false);
        boolean pure = true;
        for (Rule r : fn.rules()) {
            pure &= rulePure(r);
        }
        if (fn.defaultRule() != null) {
            pure &= rulePure(fn.defaultRule());
        }
        verdicts.put(fn, pure);
        return pure;
    }

    private boolean rulePure(Rule rule) {
        boolean[] ok = {true};
        java.util.function.Consumer<Term> term = t -> {
            switch (t) {
                case Term.Var v when v.name().equals("input") || v.name().equals("data") -> ok[0] = false;
                case Term.Call c -> ok[0] &= callPure(c.operator());
                default -> { }
            }
        };
        for (Rule r = rule; r != null && ok[0]; r = r.elseRule()) {
            r.args().forEach(a -> TermMapper.visit(a, term));
            if (r.key() != null) {
                TermMapper.visit(r.key(), term);
            }
            if (r.value() != null) {
                TermMapper.visit(r.value(), term);
            }
            Body body = r.body();
            TermMapper.visitBody(body, term);
            TermMapper.forEachExpr(body, e -> {
                if (!e.withs().isEmpty()) {
                    ok[0] = false;
                }
                if (e instanceof Expr.CallExpr c) {
                    ok[0] &= callPure(c.operator());
                }
            });
        }
        return ok[0];
    }

    private boolean callPure(Term.Ref operator) {
        String name = names.get(operator);
        if (name == null) {
            return false;
        }
        if (CallNames.readsOnlyOperands(name)) {
            return true;
        }
        if (CallNames.readsMoreThanOperands(name)) {
            return false;
        }
        CallTarget t = names.target(name);
        if (t == null) {
            return false;
        }
        if (t.function() != null) {
            return isPure(t.function());
        }
        Builtin b = t.builtin();
        return b != null && !b.decl().nondeterministic();
    }
}
