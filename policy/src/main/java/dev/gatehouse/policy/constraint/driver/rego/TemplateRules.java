package dev.gatehouse.policy.constraint.driver.rego;

import dev.gatehouse.policy.constraint.ConstraintException;
import dev.gatehouse.rego.ast.Body;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Import;
import dev.gatehouse.rego.ast.Module;
import dev.gatehouse.rego.ast.Rule;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.ast.With;
import dev.gatehouse.rego.value.StringValue;

/**
 * The restrictions Gatekeeper puts on template Rego beyond the language itself, so that a template cannot read
 * other templates, constraints or anything but what the framework gives it: the main module must define
 * {@code violation}; libraries live under {@code package lib...}; only {@code data.lib...} and {@code future...}
 * may be imported; {@code data} may be read only at {@code data.inventory} and {@code data.lib}.
 *
 * <p>Stateless.
 */
final class TemplateRules {
    /** The rule every template must define. */
    static final String VIOLATION = "violation";

    private TemplateRules() {}

    /** Checks the template's main module. */
    static void checkTemplate(Module module, String field) throws ConstraintException {
        int depth = module.packagePath().operands().size();
        boolean hasViolation = false;
        for (Rule rule : module.rules()) {
            if (rule.ref().operands().size() > depth
                    && rule.ref().operands().get(depth) instanceof Term.Scalar s
                    && s.value() instanceof StringValue name && name.value().equals(VIOLATION)) {
                hasViolation = true;
                break;
            }
        }
        if (!hasViolation) {
            throw new ConstraintException(field, "missing required rules: [" + VIOLATION + "]");
        }
        checkImportsAndReferences(module, field);
    }

    /** Checks one library module. */
    static void checkLibrary(Module module, String field) throws ConstraintException {
        var ops = module.packagePath().operands();
        if (ops.size() < 2 || !isString(ops.get(0), "lib")) {
            throw new ConstraintException(field, "invalid package \"" + packageName(module)
                    + "\": library packages must be under \"lib.\"");
        }
        checkImportsAndReferences(module, field);
    }

    private static void checkImportsAndReferences(Module module, String field) throws ConstraintException {
        for (Import imp : module.imports()) {
            Term.Ref path = imp.path();
            boolean allowed = path.head() instanceof Term.Var v
                    && (v.name().equals("future")
                        || v.name().equals("data") && !path.operands().isEmpty() && isString(path.operands().get(0), "lib"));
            if (!allowed) {
                throw new ConstraintException(field, location(module, imp.location()) + "invalid import " + path
                        + ": only data.lib and future imports are allowed");
            }
        }
        Walker walker = new Walker(module);
        for (Rule rule : module.rules()) {
            walker.rule(rule);
        }
        if (walker.bad != null) {
            throw new ConstraintException(field, location(module, walker.bad.location()) + "invalid data reference "
                    + walker.bad + ": only data.inventory and data.lib may be read");
        }
    }

    private static String location(Module module, dev.gatehouse.rego.ast.Location loc) {
        return loc == null || loc.row() <= 0 ? "" : module.file() + ":" + loc.row() + ": ";
    }

    private static String packageName(Module module) {
        String full = module.packagePath().toString();
        return full.startsWith("data.") ? full.substring("data.".length()) : full;
    }

    private static boolean isString(Term t, String value) {
        return t instanceof Term.Scalar s && s.value() instanceof StringValue str && str.value().equals(value);
    }

    /** Visits every term of a module's rules, remembering the first forbidden reference to data. */
    private static final class Walker {
        private final Module module;
        private Term.Ref bad;

        Walker(Module module) {
            this.module = module;
        }

        void rule(Rule rule) {
            for (Rule r = rule; r != null; r = r.elseRule()) {
                // The head ref is the rule's own path (data.<package>.<name>), not a read; its operands may be.
                r.ref().operands().forEach(this::term);
                r.args().forEach(this::term);
                term(r.key());
                term(r.value());
                body(r.body());
            }
        }

        void body(Body body) {
            if (body == null) {
                return;
            }
            for (Expr e : body.exprs()) {
                expr(e);
            }
        }

        void expr(Expr e) {
            switch (e) {
                case Expr.TermExpr t -> {
                    term(t.term());
                    withs(t.withs());
                }
                case Expr.CallExpr c -> {
                    ref(c.operator());
                    c.args().forEach(this::term);
                    withs(c.withs());
                }
                case Expr.SomeDecl s -> withs(s.withs());
                case Expr.SomeIn s -> {
                    term(s.key());
                    term(s.value());
                    term(s.collection());
                    withs(s.withs());
                }
                case Expr.Every ev -> {
                    term(ev.key());
                    term(ev.value());
                    term(ev.domain());
                    body(ev.body());
                    withs(ev.withs());
                }
                case Expr.Logic l -> {
                    l.operands().forEach(this::body);
                    withs(l.withs());
                }
            }
        }

        void withs(java.util.List<With> withs) {
            for (With w : withs) {
                term(w.target());
                term(w.value());
            }
        }

        void ref(Term.Ref ref) {
            if (ref.head() instanceof Term.Var v && v.name().equals("data")) {
                boolean allowed = !ref.operands().isEmpty()
                        && (isString(ref.operands().get(0), "inventory") || isString(ref.operands().get(0), "lib"));
                if (!allowed && bad == null) {
                    bad = ref;
                }
            } else {
                term(ref.head());
            }
            ref.operands().forEach(this::term);
        }

        void term(Term t) {
            if (t == null || bad != null) {
                return;
            }
            switch (t) {
                case Term.Scalar s -> { }
                case Term.Var v -> {
                    if (v.name().equals("data")) {
                        // A bare data (a whole-document read) is as forbidden as data.<other>.
                        bad = new Term.Ref(v, java.util.List.of(), v.location());
                    }
                }
                case Term.Ref r -> ref(r);
                case Term.ArrayTerm a -> a.elements().forEach(this::term);
                case Term.SetTerm s -> s.elements().forEach(this::term);
                case Term.ObjectTerm o -> o.entries().forEach(en -> {
                    term(en.key());
                    term(en.value());
                });
                case Term.ArrayComprehension c -> {
                    term(c.head());
                    body(c.body());
                }
                case Term.SetComprehension c -> {
                    term(c.head());
                    body(c.body());
                }
                case Term.ObjectComprehension c -> {
                    term(c.key());
                    term(c.value());
                    body(c.body());
                }
                case Term.Call c -> {
                    ref(c.operator());
                    c.args().forEach(this::term);
                }
                case Term.Template tp -> tp.parts().forEach(this::term);
            }
        }
    }
}
