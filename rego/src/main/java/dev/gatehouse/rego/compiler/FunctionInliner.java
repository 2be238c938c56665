package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.ast.Body;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Module;
import dev.gatehouse.rego.ast.Refs;
import dev.gatehouse.rego.ast.Rule;
import dev.gatehouse.rego.ast.RuleKind;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.ast.With;
import dev.gatehouse.rego.value.BooleanValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces calls of the smallest user functions by their bodies, after safety has ordered every body. Library
 * policies wrap single lookups and tests in helpers ({@code get_seccontext_field(field, obj) = out { out =
 * obj.securityContext[field] }}, {@code is_update(review) { review.operation == "UPDATE" }}) and call them dozens of
 * times per evaluation; a call costs several times what the lookup does (arguments, cache, frame), so the lookup
 * is written in the caller instead.
 *
 * <p>Only what has the same meaning both ways is inlined. The function has one definition (no else, no default)
 * whose parameters are distinct variables (or, for negated calls, several), and either
 * <ul>
 *   <li>its value is a <em>path</em> (below): {@code f(p) := path}, or {@code f(p) = out { out = path }}; a call
 *       anywhere becomes the path, a call statement {@code f(a)} / {@code not f(a)} becomes {@code path} /
 *       {@code not path}, the same test of "defined and not false";</li>
 *   <li>its value is {@code true} and its body one test of paths ({@code path}, or {@code path op path} with a
 *       comparison {@code op}); only a call statement is inlined, becoming that test, negated when the call was.
 *       A function of several such definitions is inlined where a call statement negates it: {@code not f(a)}
 *       becomes one negated test per definition, as {@code not (x or y)} is {@code not x; not y}.</li>
 * </ul>
 * A path is a constant, a parameter, or a reference whose head is a parameter or {@code input} and whose operands
 * are constants or parameters: one value at most, no local variable, nothing that can fail but by being undefined.
 * Every parameter must occur, so an undefined argument still makes the statement undefined. An argument becomes
 * the head of a path only when it is a variable or reference, and a parameter that occurs twice takes only a
 * variable or constant, so that nothing is evaluated twice. Call statements with {@code with} are left alone.
 *
 * <p>The compiler runs this only for policies compiled for known queries, when no {@code with} in the modules or
 * queries replaces anything but {@code input}: such a {@code with} could replace an inlined function.
 */
final class FunctionInliner {
    /** What an inlinable function's call becomes. */
    private record Plan(List<String> params, Expr test, Term value, Set<String> repeated) {}

    private final Map<String, Plan> plans;
    /**
     * Functions of several definitions that are each a one-test predicate: a negated call statement becomes one
     * negated test per definition ({@code not (a or b)} is {@code not a; not b}).
     */
    private final Map<String, List<Plan>> alternatives;

    private FunctionInliner(Map<String, Plan> plans, Map<String, List<Plan>> alternatives) {
        this.plans = plans;
        this.alternatives = alternatives;
    }

    /** Passes at most: a pass can make a function inlinable by inlining what its body calls. */
    private static final int MAX_PASSES = 4;

    /** The modules with the calls of their inlinable functions replaced; the function rules themselves stay. */
    static List<Module> inline(List<Module> modules) {
        Set<String> done = Set.of();
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            Map<String, Plan> plans = new HashMap<>();
            Map<String, List<Plan>> alternatives = new HashMap<>();
            plans(modules, plans, alternatives);
            Set<String> inlined = new HashSet<>(plans.keySet());
            inlined.addAll(alternatives.keySet());
            if (inlined.isEmpty() || inlined.equals(done)) {
                break;
            }
            FunctionInliner inliner = new FunctionInliner(plans, alternatives);
            List<Module> out = new ArrayList<>(modules.size());
            for (Module m : modules) {
                out.add(m.withRules(m.rules().stream().map(inliner::rule).toList()));
            }
            modules = out;
            done = inlined;
        }
        return modules;
    }

    private static void plans(List<Module> modules, Map<String, Plan> plans, Map<String, List<Plan>> alternatives) {
        Map<String, List<Rule>> functions = new HashMap<>();
        for (Module m : modules) {
            for (Rule r : m.rules()) {
                String name = Refs.nameOf(r.ref());
                if (name != null && (r.kind() == RuleKind.FUNCTION || functions.containsKey(name))) {
                    functions.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
                }
            }
        }
        functions.forEach((name, rules) -> {
            List<Plan> defs = new ArrayList<>();
            for (Rule r : rules) {
                Plan p = plan(r);
                if (p == null || (rules.size() > 1 && p.test() == null)) {
                    return;
                }
                defs.add(p);
            }
            if (defs.size() == 1) {
                plans.put(name, defs.get(0));
            } else {
                alternatives.put(name, List.copyOf(defs));
            }
        });
    }

    // ------------------------------------------------------------------ which functions

    private static Plan plan(Rule r) {
        if (r.kind() != RuleKind.FUNCTION || r.isDefault() || r.elseRule() != null || r.args().isEmpty()) {
            return null;
        }
        List<String> params = new ArrayList<>();
        for (Term a : r.args()) {
            if (!(a instanceof Term.Var v) || v.isWildcard() || v.name().startsWith("$") || params.contains(v.name())
                    || v.name().equals("input") || v.name().equals("data")) {
                return null;
            }
            params.add(v.name());
        }
        Set<String> p = Set.copyOf(params);
        List<Expr> body = r.body().exprs();
        Term value = r.value();
        if (value instanceof Term.Scalar s && s.value() == BooleanValue.TRUE && body.size() == 1) {
            Expr test = body.get(0);
            if (test.negated() || !test.withs().isEmpty() || !isTest(test, p)) {
                return null;
            }
            return complete(params, test, null, occurrences(test, p));
        }
        Term path = null;
        if (isTrivial(body)) {
            path = value;
        } else if (body.size() == 1 && value instanceof Term.Var out && !p.contains(out.name())
                && body.get(0) instanceof Expr.CallExpr c && !c.negated() && c.withs().isEmpty()
                && c.args().size() == 2 && ("eq".equals(c.name()) || "assign".equals(c.name()))) {
            if (c.args().get(0) instanceof Term.Var v && v.name().equals(out.name())) {
                path = c.args().get(1);
            } else if (c.args().get(1) instanceof Term.Var v && v.name().equals(out.name())) {
                path = c.args().get(0);
            }
        }
        if (path == null || !isPath(path, p)) {
            return null;
        }
        Map<String, Integer> counts = new HashMap<>();
        count(path, p, counts);
        return complete(params, null, path, counts);
    }

    private static boolean isTrivial(List<Expr> body) {
        return body.isEmpty() || (body.size() == 1 && body.get(0) instanceof Expr.TermExpr t && !t.negated()
                && t.withs().isEmpty() && t.term() instanceof Term.Scalar s && s.value() == BooleanValue.TRUE);
    }

    private static Plan complete(List<String> params, Expr test, Term value, Map<String, Integer> counts) {
        Set<String> repeated = new HashSet<>();
        for (String param : params) {
            Integer n = counts.get(param);
            if (n == null) {
                return null; // an undefined argument would no longer make the call undefined
            }
            if (n > 1) {
                repeated.add(param);
            }
        }
        return new Plan(List.copyOf(params), test, value, Set.copyOf(repeated));
    }

    private static boolean isTest(Expr e, Set<String> params) {
        if (e instanceof Expr.TermExpr t) {
            return isPath(t.term(), params);
        }
        return e instanceof Expr.CallExpr c && CallNames.isComparison(c.name()) && c.args().size() == 2
                && isPath(c.args().get(0), params) && isPath(c.args().get(1), params);
    }

    private static Map<String, Integer> occurrences(Expr test, Set<String> params) {
        Map<String, Integer> counts = new HashMap<>();
        if (test instanceof Expr.TermExpr t) {
            count(t.term(), params, counts);
        } else {
            for (Term a : ((Expr.CallExpr) test).args()) {
                count(a, params, counts);
            }
        }
        return counts;
    }

    private static boolean isPath(Term t, Set<String> params) {
        return switch (t) {
            case Term.Scalar s -> true;
            case Term.Var v -> params.contains(v.name());
            case Term.Ref r -> r.head() instanceof Term.Var h && (params.contains(h.name()) || h.name().equals("input"))
                    && r.operands().stream().allMatch(o -> o instanceof Term.Scalar
                            || (o instanceof Term.Var v && params.contains(v.name())));
            default -> false;
        };
    }

    private static void count(Term t, Set<String> params, Map<String, Integer> counts) {
        if (t instanceof Term.Var v && params.contains(v.name())) {
            counts.merge(v.name(), 1, Integer::sum);
        } else if (t instanceof Term.Ref r) {
            count(r.head(), params, counts);
            r.operands().forEach(o -> count(o, params, counts));
        }
    }

    // ------------------------------------------------------------------ call sites

    private Rule rule(Rule r) {
        return new Rule(r.kind(), r.ref(), r.args(), term(r.key()), term(r.value()), r.assign(), body(r.body()),
                r.isDefault(), r.elseRule() == null ? null : rule(r.elseRule()), r.annotations(), r.module(),
                r.location());
    }

    private Body body(Body b) {
        List<Expr> out = new ArrayList<>(b.exprs().size());
        for (Expr e : b.exprs()) {
            List<Expr> tests = e instanceof Expr.CallExpr c ? negatedAlternatives(c) : null;
            if (tests != null) {
                out.addAll(tests);
            } else {
                out.add(expr(e));
            }
        }
        return new Body(out, b.location());
    }

    /** {@code not f(args)} of a function with {@link #alternatives}, as one negated test per definition; or null. */
    private List<Expr> negatedAlternatives(Expr.CallExpr c) {
        List<Plan> defs = alternatives.get(c.name());
        if (defs == null || !c.negated() || !c.withs().isEmpty() || c.args().size() != defs.get(0).params().size()) {
            return null;
        }
        List<Term> args = args(c.args());
        List<Expr> tests = new ArrayList<>(defs.size());
        for (Plan def : defs) {
            Expr test = statement(def, args, c);
            if (test == null) {
                return null;
            }
            tests.add(test);
        }
        return tests;
    }

    private Expr expr(Expr e) {
        List<With> withs = e.withs().stream().map(w -> new With(w.target(), term(w.value()), w.location())).toList();
        return switch (e) {
            case Expr.CallExpr c -> {
                List<Term> args = args(c.args());
                Plan p = plans.get(c.name());
                Expr inlined = p != null && withs.isEmpty() && args.size() == p.params().size()
                        ? statement(p, args, c) : null;
                yield inlined != null ? inlined : new Expr.CallExpr(c.operator(), args, c.negated(), withs, c.location());
            }
            case Expr.TermExpr t -> new Expr.TermExpr(term(t.term()), t.negated(), withs, t.location());
            case Expr.SomeIn s -> new Expr.SomeIn(term(s.key()), term(s.value()), term(s.collection()), s.negated(),
                    withs, s.location());
            case Expr.Every ev -> new Expr.Every(ev.key(), ev.value(), term(ev.domain()), body(ev.body()),
                    ev.negated(), withs, ev.location());
            case Expr.Logic l -> new Expr.Logic(l.op(), l.operands().stream().map(this::body).toList(), l.negated(),
                    withs, l.location());
            case Expr.SomeDecl s -> s;
        };
    }

    private List<Term> args(List<Term> args) {
        List<Term> out = new ArrayList<>(args.size());
        for (Term a : args) {
            out.add(term(a));
        }
        return out;
    }

    /** The call statement {@code c} (arguments already rewritten) as the function's test or path; null if not. */
    private static Expr statement(Plan p, List<Term> args, Expr.CallExpr c) {
        Map<String, Term> bound = bind(p, args);
        if (bound == null) {
            return null;
        }
        if (p.test() instanceof Expr.CallExpr test) {
            Term left = substitute(test.args().get(0), bound);
            Term right = substitute(test.args().get(1), bound);
            return left == null || right == null ? null
                    : new Expr.CallExpr(test.operator(), List.of(left, right), c.negated(), List.of(), c.location());
        }
        // A one-path test, or the path the function's value is: the statement tests it the same way.
        Term path = substitute(p.test() instanceof Expr.TermExpr t ? t.term() : p.value(), bound);
        return path == null ? null : new Expr.TermExpr(path, c.negated(), List.of(), c.location());
    }

    private Term term(Term t) {
        if (t == null) {
            return null;
        }
        return switch (t) {
            case Term.Call c -> {
                List<Term> args = args(c.args());
                Plan p = plans.get(Refs.nameOf(c.operator()));
                if (p != null && p.value() != null && args.size() == p.params().size()) {
                    Map<String, Term> bound = bind(p, args);
                    Term path = bound == null ? null : substitute(p.value(), bound);
                    if (path != null) {
                        yield path;
                    }
                }
                yield new Term.Call(c.operator(), args, c.location());
            }
            case Term.Ref r -> {
                Term head = term(r.head());
                List<Term> ops = args(r.operands());
                if (r.head() instanceof Term.Call && head instanceof Term.Ref inlined) {
                    // f(x).y with f inlined: one reference, as if written out
                    List<Term> all = new ArrayList<>(inlined.operands());
                    all.addAll(ops);
                    yield new Term.Ref(inlined.head(), all, r.location());
                }
                yield new Term.Ref(head, ops, r.location());
            }
            case Term.ArrayTerm a -> new Term.ArrayTerm(args(a.elements()), a.location());
            case Term.SetTerm s -> new Term.SetTerm(args(s.elements()), s.location());
            case Term.ObjectTerm o -> new Term.ObjectTerm(o.entries().stream()
                    .map(e -> new Term.Entry(term(e.key()), term(e.value()))).toList(), o.location());
            case Term.ArrayComprehension c -> new Term.ArrayComprehension(term(c.head()), body(c.body()),
                    c.location());
            case Term.SetComprehension c -> new Term.SetComprehension(term(c.head()), body(c.body()), c.location());
            case Term.ObjectComprehension c -> new Term.ObjectComprehension(term(c.key()), term(c.value()),
                    body(c.body()), c.location());
            case Term.Template tpl -> new Term.Template(args(tpl.parts()), tpl.raw(), tpl.withs(), tpl.location());
            default -> t;
        };
    }

    /** Each parameter's argument, or null when an argument may not take its parameter's place. */
    private static Map<String, Term> bind(Plan p, List<Term> args) {
        Map<String, Term> bound = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            Term a = args.get(i);
            String param = p.params().get(i);
            boolean simple = a instanceof Term.Var || a instanceof Term.Scalar;
            if (!simple && (p.repeated().contains(param) || !(a instanceof Term.Ref))) {
                return null;
            }
            bound.put(param, a);
        }
        return bound;
    }

    /** A path with its parameters replaced, or null when an argument cannot stand where its parameter is. */
    private static Term substitute(Term path, Map<String, Term> bound) {
        return switch (path) {
            case Term.Var v -> bound.getOrDefault(v.name(), v);
            case Term.Ref r -> {
                Term head = r.head() instanceof Term.Var h && bound.containsKey(h.name()) ? bound.get(h.name())
                        : r.head();
                List<Term> ops = new ArrayList<>();
                if (head instanceof Term.Ref inner) {
                    head = inner.head();
                    ops.addAll(inner.operands());
                } else if (!(head instanceof Term.Var)) {
                    yield null; // a constant cannot be walked as the function walked its parameter
                }
                for (Term o : r.operands()) {
                    ops.add(o instanceof Term.Var v ? bound.getOrDefault(v.name(), v) : o);
                }
                yield new Term.Ref(head, ops, r.location());
            }
            default -> path;
        };
    }
}
