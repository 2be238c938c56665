package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.ast.Body;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Rule;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.value.ValueJson;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A text that is the same for two rule nodes exactly when their rules compute the same document from the same
 * input, whatever package they are in: rule heads after the package path, bodies, and builtin calls by name, with
 * variables numbered in order of appearance (the parser numbers wildcards per module, and a template's copy of
 * {@code input_containers} may sit after more of them than another's). Only self-contained rules have one: a
 * reference into {@code data}, a call of a user function (both name package-specific rules) or a {@code with}
 * leaves the node without a fingerprint. Used once per node, at compile time.
 */
final class RuleFingerprint {
    private final CallNames names;
    private final StringBuilder out = new StringBuilder();
    private Map<String, Integer> vars = new HashMap<>();
    private boolean ok = true;

    private RuleFingerprint(CallNames names) {
        this.names = names;
    }

    /** The fingerprint of a node's rules (default rule included), or null when they are not self-contained. */
    static String of(RuleTree.Node node, CallNames names) {
        RuleFingerprint f = new RuleFingerprint(names);
        for (Rule r : node.rules()) {
            f.rule(r);
        }
        if (node.defaultRule() != null) {
            f.out.append("default ");
            f.rule(node.defaultRule());
        }
        return f.ok ? f.out.toString() : null;
    }

    private void rule(Rule rule) {
        for (Rule r = rule; r != null && ok; r = r.elseRule()) {
            vars = new HashMap<>();
            out.append(r.kind()).append(r.assign() ? " := " : " = ").append(r.isDefault() ? "default" : "");
            List<Term> ops = r.ref().operands();
            terms("ref", ops.subList(RuleTree.prefixLength(r.ref()), ops.size()));
            terms("args", r.args());
            optional("key", r.key());
            optional("value", r.value());
            body(r.body());
            out.append(r.elseRule() != null ? " else " : ";\n");
        }
    }

    private void optional(String label, Term t) {
        out.append(' ').append(label).append('=');
        if (t != null) {
            term(t);
        }
    }

    private void terms(String label, List<Term> ts) {
        out.append(label).append('(');
        for (Term t : ts) {
            term(t);
            out.append(',');
        }
        out.append(')');
    }

    private void body(Body b) {
        out.append('{');
        for (Expr e : b.exprs()) {
            expr(e);
            out.append(';');
        }
        out.append('}');
    }

    private void expr(Expr e) {
        if (!e.withs().isEmpty()) {
            ok = false;
            return;
        }
        if (e.negated()) {
            out.append("not ");
        }
        switch (e) {
            case Expr.TermExpr t -> term(t.term());
            case Expr.CallExpr c -> call(c.operator(), c.args());
            case Expr.SomeDecl s -> {
                out.append("some");
                s.vars().forEach(this::term);
            }
            case Expr.SomeIn s -> {
                out.append("somein");
                optional("key", s.key());
                optional("value", s.value());
                optional("in", s.collection());
            }
            case Expr.Every ev -> {
                out.append("every");
                optional("key", ev.key());
                optional("value", ev.value());
                optional("in", ev.domain());
                body(ev.body());
            }
            case Expr.Logic l -> {
                out.append(l.op());
                l.operands().forEach(this::body);
            }
        }
    }

    private void call(Term.Ref operator, List<Term> args) {
        String name = names.get(operator);
        CallTarget target = name == null ? null : names.target(name);
        if (target == null || target.function() != null) {
            ok = false; // unresolved, or a user function: its definition is in some package
            return;
        }
        terms("call " + name, args);
    }

    private void term(Term t) {
        switch (t) {
            case Term.Scalar s -> out.append(ValueJson.toJson(s.value()));
            case Term.Var v -> {
                if (v.name().equals("data")) {
                    ok = false;
                } else if (v.name().equals("input")) {
                    out.append("input");
                } else {
                    out.append('$').append(vars.computeIfAbsent(v.name(), n -> vars.size()));
                }
            }
            case Term.Ref r -> {
                out.append("ref ");
                term(r.head());
                terms("", r.operands());
            }
            case Term.ArrayTerm a -> terms("array", a.elements());
            case Term.SetTerm s -> terms("set", s.elements());
            case Term.ObjectTerm o -> {
                out.append("object(");
                for (Term.Entry e : o.entries()) {
                    term(e.key());
                    out.append(':');
                    term(e.value());
                    out.append(',');
                }
                out.append(')');
            }
            case Term.ArrayComprehension c -> {
                optional("[|", c.head());
                body(c.body());
            }
            case Term.SetComprehension c -> {
                optional("{|", c.head());
                body(c.body());
            }
            case Term.ObjectComprehension c -> {
                optional("{:|", c.key());
                optional(":", c.value());
                body(c.body());
            }
            case Term.Call c -> call(c.operator(), c.args());
            case Term.Template tpl -> {
                if (!tpl.withs().isEmpty()) {
                    ok = false;
                    return;
                }
                terms(tpl.raw() ? "rawtemplate" : "template", tpl.parts());
            }
        }
    }
}
