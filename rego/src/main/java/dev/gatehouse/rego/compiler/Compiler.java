package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.RegoError;
import dev.gatehouse.rego.RegoException;
import dev.gatehouse.rego.ast.Body;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Import;
import dev.gatehouse.rego.ast.Location;
import dev.gatehouse.rego.ast.Module;
import dev.gatehouse.rego.ast.Refs;
import dev.gatehouse.rego.ast.Rule;
import dev.gatehouse.rego.ast.RuleKind;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.builtins.Builtin;
import dev.gatehouse.rego.builtins.Builtins;
import dev.gatehouse.rego.value.StringValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Compiles parsed modules into a {@link CompiledPolicy}: an ordered table of named stages (the names double as
 * metric and trace names), each either a check that reports errors or a rewrite the evaluator relies on. Errors
 * of a stage are collected and compilation stops after the first stage that reported any, as OPA does.
 * Instances are single-use; the result is immutable.
 */
public final class Compiler {

    /** One named stage. Ordering constraints are noted beside each entry in {@link #STAGES}. */
    private record Stage(String name, Consumer<Compiler> run) {}

    private static final List<Stage> STAGES = List.of(
            // Must run first: later stages see full data refs instead of rule names and imports.
            new Stage("ResolveRefs", Compiler::resolveRefs),
            // Needs resolved refs; must precede the safety stage, which orders the hoisted arguments.
            new Stage("RewriteNegatedCallArgs", Compiler::rewriteNegatedCallArgs),
            new Stage("CheckKeywordOverrides", Compiler::checkKeywordOverrides),
            new Stage("CheckDuplicateImports", Compiler::checkDuplicateImports),
            // Builds the tree that conflict, function and recursion checks read.
            new Stage("SetRuleTree", Compiler::setRuleTree),
            new Stage("CheckRuleConflicts", Compiler::checkRuleConflicts),
            new Stage("CheckUndefinedFuncs", Compiler::checkUndefinedFuncs),
            // Reorders bodies; needs resolved refs and known arities.
            new Stage("CheckSafety", Compiler::checkSafety),
            new Stage("CheckRecursion", Compiler::checkRecursion),
            new Stage("CheckDeprecatedBuiltins", Compiler::checkDeprecatedBuiltins),
            // Needs the ordered bodies (every call argument is bound where the call is), before the final tree.
            new Stage("InlineFunctions", Compiler::inlineFunctions),
            // Rebuilt from the rewritten rules so the evaluator sees ordered bodies.
            new Stage("BuildRuleTree", Compiler::buildFinalTree),
            // Needs the final (reordered) bodies.
            new Stage("BuildRuleIndices", c -> c.tree.buildIndices()));

    /** The stage names in order (for metrics and documentation). */
    public static List<String> stageNames() {
        return STAGES.stream().map(Stage::name).toList();
    }

    private final Builtins builtins;
    private List<Module> modules;
    private final List<RegoError> errors = new ArrayList<>();
    private RuleTree tree;
    private final Map<String, RuleTree.Node> functions = new HashMap<>();
    private final int[] counter = {0};
    /** Whether {@link FunctionInliner} may run: the policy serves known queries that replace nothing but input. */
    private final boolean inline;

    private Compiler(List<Module> modules, Builtins builtins, boolean inline) {
        this.modules = new ArrayList<>(modules);
        this.builtins = builtins;
        this.inline = inline;
    }

    /**
     * Compiles modules.
     *
     * @throws RegoException with every error of the first failing stage
     */
    public static CompiledPolicy compile(List<Module> modules, Builtins builtins) {
        return compile(modules, builtins, false);
    }

    /**
     * Compiles modules that will serve only {@code queries} (compiled afterwards with {@link #compileQuery}): the
     * smallest user functions are then inlined where they are called ({@link FunctionInliner}), unless a
     * {@code with} in the modules or the queries replaces something other than {@code input}, which could be one
     * of those functions.
     *
     * @throws RegoException with every error of the first failing stage
     */
    public static CompiledPolicy compileFor(List<Module> modules, Builtins builtins, List<Body> queries) {
        return compile(modules, builtins, replacesOnlyInput(modules, queries));
    }

    private static CompiledPolicy compile(List<Module> modules, Builtins builtins, boolean inline) {
        Compiler c = new Compiler(modules, builtins, inline);
        for (Stage s : STAGES) {
            s.run.accept(c);
            if (!c.errors.isEmpty()) {
                throw new RegoException(new ArrayList<>(new LinkedHashSet<>(c.errors)));
            }
        }
        return new CompiledPolicy(c.modules, c.tree, builtins, c.functions);
    }

    /**
     * Compiles a query against a policy: resolves references, checks safety and calls, reorders.
     *
     * @throws RegoException on compile errors
     */
    public static CompiledQuery compileQuery(Body query, CompiledPolicy policy) {
        Compiler c = new Compiler(policy.modules(), policy.builtins(), false);
        c.tree = policy.tree();
        c.functions.putAll(collectFunctions(policy.tree()));
        Resolver r = new Resolver(Map.of(), c.errors, c.counter);
        // Queries have no imports, so `not` keeps OPA's default meaning: arguments are evaluated first.
        Body resolved = new NegatedCallArgs(c.counter).body(r.body(query, new Resolver.Scope(null, false)));
        c.throwIfErrors();
        c.checkCalls(resolved, null);
        c.throwIfErrors();
        Safety safety = new Safety(c.errors, c::arity);
        Body ordered = safety.order(resolved, new HashSet<>(), Set.of());
        c.throwIfErrors();
        Set<String> outputs = new LinkedHashSet<>();
        for (Expr e : query.exprs()) {
            TermMapper.visitExpr(e, t -> {
                if (t instanceof Term.Var v && !v.name().startsWith("$") && !v.name().equals("input")
                        && !v.name().equals("data") && !policy.builtins().contains(v.name())) {
                    outputs.add(v.name());
                }
            });
        }
        // Vars inside comprehensions and every bodies are local to them, not query outputs.
        Set<String> topLevel = new LinkedHashSet<>();
        for (Expr e : ordered.exprs()) {
            TermMapper.shallowVars(e, topLevel);
        }
        outputs.retainAll(topLevel);
        policy.resolveQuery(ordered);
        return new CompiledQuery(ordered, new ArrayList<>(outputs));
    }

    private void throwIfErrors() {
        if (!errors.isEmpty()) {
            throw new RegoException(new ArrayList<>(new LinkedHashSet<>(errors)));
        }
    }

    private void error(RegoError.Code code, String msg, Location l) {
        errors.add(RegoError.of(code, msg, l.file(), l.row(), l.col()));
    }

    // ------------------------------------------------------------------ stages

    private void resolveRefs() {
        List<Module> out = new ArrayList<>();
        // Rules of a package are visible to every module of that package, not only the file that defines them
        // (a library's functions in lib.rego, its tests in lib_test.rego).
        Map<String, Map<String, Term.Ref>> packageRules = new HashMap<>();
        for (Module m : modules) {
            int pkgLen = m.packagePath().operands().size();
            Map<String, Term.Ref> names = packageRules.computeIfAbsent(m.packagePath().toString(), k -> new HashMap<>());
            for (Rule r : m.rules()) {
                Term first = r.ref().operands().get(pkgLen);
                String name = ((StringValue) ((Term.Scalar) first).value()).value();
                List<Term> ops = new ArrayList<>(m.packagePath().operands());
                ops.add(first);
                names.putIfAbsent(name, new Term.Ref(m.packagePath().head(), ops, r.location()));
            }
        }
        for (Module m : modules) {
            Map<String, Term.Ref> globals = new HashMap<>(packageRules.get(m.packagePath().toString()));
            for (Import imp : m.imports()) {
                String head = Refs.headName(imp.path());
                if ("data".equals(head) || "input".equals(head)) {
                    String name = imp.boundName();
                    if (name != null) {
                        globals.put(name, imp.path());
                    }
                }
            }
            int pkgLen = m.packagePath().operands().size();
            for (Rule r : m.rules()) {
                Term first = r.ref().operands().get(pkgLen);
                String name = ((StringValue) ((Term.Scalar) first).value()).value();
                List<Term> ops = new ArrayList<>(m.packagePath().operands());
                ops.add(first);
                globals.put(name, new Term.Ref(m.packagePath().head(), ops, r.location()));
            }
            List<Rule> rules = new ArrayList<>();
            for (Rule r : m.rules()) {
                rules.add(resolveRule(r, globals, pkgLen));
            }
            out.add(m.withRules(rules));
        }
        modules = out;
    }

    private Rule resolveRule(Rule r, Map<String, Term.Ref> globals, int pkgLen) {
        r = templateArgsToBody(r);
        Resolver res = new Resolver(globals, errors, counter);
        Resolver.Scope scope = new Resolver.Scope(null, false);
        for (Term a : r.args()) {
            for (String v : TermMapper.vars(a)) {
                scope.declared.put(v, v);
            }
        }
        Body body = res.body(r.body(), scope);
        List<Term> ops = r.ref().operands();
        List<Term> newOps = new ArrayList<>(ops.subList(0, pkgLen + 1));
        for (int i = pkgLen + 1; i < ops.size(); i++) {
            newOps.add(res.term(ops.get(i), scope));
        }
        Term.Ref ref = new Term.Ref(r.ref().head(), newOps, r.ref().location());
        Term key = r.key() == null ? null : res.term(r.key(), scope);
        Term value = r.value() == null ? null : res.term(r.value(), scope);
        Rule out = new Rule(r.kind(), ref, r.args(), key, value, r.assign(), body, r.isDefault(),
                r.elseRule() == null ? null : resolveRule(r.elseRule(), globals, pkgLen), r.annotations(), r.module(),
                r.location());
        return out;
    }

    /**
     * A template string in a function head ({@code f($"{x}-{y}") if ...}) can only be built once the body has
     * bound its variables, so it becomes a fresh argument variable compared with the template at the end of the
     * body; its variables are then ordinary body variables.
     */
    private Rule templateArgsToBody(Rule r) {
        if (r.args() == null || r.args().isEmpty()) {
            return r;
        }
        List<Expr> checks = new ArrayList<>();
        List<Term> args = new ArrayList<>(r.args().size());
        for (Term a : r.args()) {
            args.add(extractTemplates(a, checks));
        }
        if (checks.isEmpty()) {
            return r;
        }
        List<Expr> exprs = new ArrayList<>(r.body().exprs());
        exprs.addAll(checks);
        return new Rule(r.kind(), r.ref(), args, r.key(), r.value(), r.assign(), new Body(exprs, r.body().location()),
                r.isDefault(), r.elseRule(), r.annotations(), r.module(), r.location());
    }

    private Term extractTemplates(Term t, List<Expr> checks) {
        return switch (t) {
            case Term.Template tpl -> {
                Location l = tpl.location();
                Term.Var v = new Term.Var("$tpl" + (counter[0]++), l);
                checks.add(new Expr.CallExpr(Refs.fromName("eq", l), List.of(v, tpl), false,
                        List.of(), l));
                yield v;
            }
            case Term.ArrayTerm a -> new Term.ArrayTerm(a.elements().stream().map(e -> extractTemplates(e, checks))
                    .toList(), a.location());
            case Term.ObjectTerm o -> new Term.ObjectTerm(o.entries().stream()
                    .map(e -> new Term.Entry(e.key(), extractTemplates(e.value(), checks))).toList(), o.location());
            default -> t;
        };
    }

    private void inlineFunctions() {
        if (inline) {
            modules = FunctionInliner.inline(modules);
        }
    }

    /** Whether every {@code with} of the modules and queries replaces {@code input} or a part of it. */
    static boolean replacesOnlyInput(List<Module> modules, List<Body> queries) {
        List<Body> bodies = new ArrayList<>(queries);
        for (Module m : modules) {
            for (Rule r : m.rules()) {
                for (Rule cur = r; cur != null; cur = cur.elseRule()) {
                    bodies.add(cur.body());
                    for (Term t : java.util.Arrays.asList(cur.key(), cur.value())) {
                        if (t != null) {
                            TermMapper.visit(t, x -> TermMapper.nestedBodies(x, bodies));
                        }
                    }
                    cur.args().forEach(a -> TermMapper.visit(a, x -> TermMapper.nestedBodies(x, bodies)));
                }
            }
        }
        boolean[] onlyInput = {true};
        for (Body b : bodies) {
            TermMapper.forEachExpr(b, e -> {
                e.withs().forEach(w -> onlyInput[0] &= isInput(w.target()));
                TermMapper.shallowTerms(e, t -> TermMapper.visit(t, x -> {
                    if (x instanceof Term.Template tpl) {
                        tpl.withs().forEach(w -> onlyInput[0] &= isInput(w.target()));
                    }
                }));
            });
        }
        return onlyInput[0];
    }

    private static boolean isInput(Term target) {
        Term head = target instanceof Term.Ref r ? r.head() : target;
        return head instanceof Term.Var v && v.name().equals("input");
    }

    private void rewriteNegatedCallArgs() {
        NegatedCallArgs rewriter = new NegatedCallArgs(counter);
        List<Module> out = new ArrayList<>();
        for (Module m : modules) {
            if (NegatedCallArgs.negatesWholeExpression(m)) {
                out.add(m);
                continue;
            }
            out.add(m.withRules(m.rules().stream().map(rewriter::rule).toList()));
        }
        modules = out;
    }

    private void checkKeywordOverrides() {
        for (Module m : modules) {
            if (!m.regoV1Rules()) {
                continue;
            }
            int pkgLen = m.packagePath().operands().size();
            for (Rule r : m.rules()) {
                Term first = r.ref().operands().get(pkgLen);
                String name = ((StringValue) ((Term.Scalar) first).value()).value();
                if (name.equals("input") || name.equals("data")) {
                    error(RegoError.Code.COMPILE, "rules must not shadow " + name + " (use a different rule name)",
                            r.location());
                }
            }
        }
    }

    private void checkDuplicateImports() {
        for (Module m : modules) {
            if (!m.regoV1Rules()) {
                continue;
            }
            Set<String> seen = new HashSet<>();
            for (Import imp : m.imports()) {
                String head = Refs.headName(imp.path());
                if (!"data".equals(head) && !"input".equals(head)) {
                    continue;
                }
                String name = imp.boundName();
                if (name != null && !seen.add(name)) {
                    error(RegoError.Code.COMPILE, "import must not shadow import " + name, imp.location());
                }
            }
        }
    }

    private void setRuleTree() {
        tree = new RuleTree();
        for (Module m : modules) {
            tree.addPackage(m.packagePath());
            for (Rule r : m.rules()) {
                tree.add(r);
            }
        }
        functions.clear();
        functions.putAll(collectFunctions(tree));
    }

    private static Map<String, RuleTree.Node> collectFunctions(RuleTree tree) {
        Map<String, RuleTree.Node> out = new HashMap<>();
        tree.forEachNode(n -> {
            if (n.isFunction()) {
                out.put(n.path(), n);
            }
        });
        return out;
    }

    private void checkRuleConflicts() {
        tree.forEachNode(this::checkRuleConflicts);
    }

    private void checkRuleConflicts(RuleTree.Node n) {
        List<Rule> all = new ArrayList<>(n.rules());
        if (n.defaultRule() != null) {
            all.add(n.defaultRule());
        }
        if (all.isEmpty()) {
            return;
        }
        Set<RuleKind> kinds = new HashSet<>();
        Set<Integer> arities = new HashSet<>();
        int defaults = 0;
        for (Module m : modules) {
            for (Rule r : m.rules()) {
                if (r.isDefault() && nodePath(r).equals(n.path())) {
                    defaults++;
                }
            }
        }
        for (Rule r : all) {
            kinds.add(r.kind());
            if (r.kind() == RuleKind.FUNCTION) {
                arities.add(r.args().size());
            }
        }
        Rule first = all.get(0);
        if (kinds.size() > 1 || arities.size() > 1) {
            error(RegoError.Code.TYPE, "conflicting rules " + n.path() + " found", first.location());
        } else if (defaults > 1) {
            error(RegoError.Code.TYPE, "multiple default rules " + n.path() + " found", n.defaultRule().location());
        } else if (first.kind() == RuleKind.SINGLE_VALUE && !n.hasSuffixRules() && !n.children().isEmpty()) {
            RuleTree.Node child = n.children().values().iterator().next();
            error(RegoError.Code.TYPE, "rule " + n.path() + " conflicts with [" + firstRulePath(child) + "]",
                    first.location());
        }
    }

    private static String firstRulePath(RuleTree.Node n) {
        if (n.hasRules() || n.children().isEmpty()) {
            return n.path();
        }
        return firstRulePath(n.children().values().iterator().next());
    }

    private static String nodePath(Rule r) {
        StringBuilder sb = new StringBuilder("data");
        int n = RuleTree.prefixLength(r.ref());
        for (int i = 0; i < n; i++) {
            sb.append('.').append(((StringValue) ((Term.Scalar) r.ref().operands().get(i)).value()).value());
        }
        return sb.toString();
    }

    int arity(String name) {
        if (name == null) {
            return -1;
        }
        if (name.equals("internal.member_2")) {
            return 2;
        }
        if (name.equals("internal.member_3")) {
            return 3;
        }
        if (name.equals("print") || name.equals("internal.print")) {
            return -1;
        }
        if (name.equals("rego.metadata.rule") || name.equals("rego.metadata.chain")) {
            return 0;
        }
        Builtin b = builtins.get(name);
        if (b != null) {
            return b.decl().variadic() ? -1 : b.decl().arity();
        }
        RuleTree.Node fn = functions.get(name);
        if (fn != null) {
            Rule r = fn.rules().isEmpty() ? fn.defaultRule() : fn.rules().get(0);
            return r.args().size();
        }
        return -1;
    }

    private void checkUndefinedFuncs() {
        for (Module m : modules) {
            for (Rule r : m.rules()) {
                for (Rule cur = r; cur != null; cur = cur.elseRule()) {
                    checkCalls(cur.body(), m);
                    if (cur.value() != null) {
                        checkCallsInTerm(cur.value());
                    }
                    if (cur.key() != null) {
                        checkCallsInTerm(cur.key());
                    }
                }
            }
        }
    }

    private void checkCalls(Body body, Module m) {
        TermMapper.forEachExpr(body, e -> {
            if (e instanceof Expr.CallExpr c) {
                checkCall(c.operator(), c.args().size(), c.location(), true);
                checkArgTypes(c.name(), c.args(), c.location());
            }
            TermMapper.shallowTerms(e, this::checkCallsAt);
        });
    }

    /**
     * Stage CheckTypes, for what declarations allow without inference: a constant scalar argument whose type the
     * builtin does not accept is a {@code rego_type_error}, as OPA's checker reports it.
     */
    private void checkArgTypes(String name, List<Term> args, Location l) {
        Builtin b = name == null ? null : builtins.get(name);
        if (b == null || b.decl().variadic()) {
            return;
        }
        List<dev.gatehouse.rego.builtins.BuiltinDecl.Arg> decl = b.decl().args();
        for (int i = 0; i < Math.min(decl.size(), args.size()); i++) {
            if (args.get(i) instanceof Term.Scalar s && !decl.get(i).type().accepts(s.value())) {
                StringBuilder have = new StringBuilder();
                StringBuilder want = new StringBuilder();
                for (int j = 0; j < decl.size(); j++) {
                    if (j > 0) {
                        have.append(", ");
                        want.append(", ");
                    }
                    have.append(j < args.size() && args.get(j) instanceof Term.Scalar x ? x.value().typeName() : "any");
                    want.append(decl.get(j).name()).append(": ").append(decl.get(j).type());
                }
                error(RegoError.Code.TYPE, name + ": invalid argument(s)\n\thave: (" + have + ")\n\twant: (" + want + ")", l);
                return;
            }
        }
    }

    private void checkCallsInTerm(Term t) {
        TermMapper.visit(t, this::checkCallsAt);
        List<Body> nested = new ArrayList<>();
        TermMapper.visit(t, x -> TermMapper.nestedBodies(x, nested));
        for (Body b : nested) {
            checkCalls(b, null);
        }
    }

    private void checkCallsAt(Term t) {
        if (t instanceof Term.Call c) {
            checkCall(c.operator(), c.args().size(), c.location(), false);
            checkArgTypes(Refs.nameOf(c.operator()), c.args(), c.location());
        }
    }

    private void checkCall(Term.Ref op, int given, Location l, boolean statement) {
        String name = Refs.nameOf(op);
        if (name == null) {
            error(RegoError.Code.TYPE, "undefined function " + op, l);
            return;
        }
        if (name.equals("eq") || name.equals("assign") || name.equals("print") || name.equals("internal.print")) {
            return;
        }
        boolean known = builtins.contains(name) || functions.containsKey(name) || name.equals("internal.member_2")
                || name.equals("internal.member_3") || name.equals("rego.metadata.rule")
                || name.equals("rego.metadata.chain");
        if (!known) {
            error(RegoError.Code.TYPE, "undefined function " + name, l);
            return;
        }
        int n = arity(name);
        if (n < 0) {
            return;
        }
        boolean ok = given == n || (statement && given == n + 1);
        if (!ok) {
            String display = name.startsWith("internal.member_") ? "internal.member_" + n : name;
            error(RegoError.Code.TYPE, display + ": arity mismatch", l);
        }
    }

    private void checkSafety() {
        Safety safety = new Safety(errors, this::arity);
        List<Module> out = new ArrayList<>();
        for (Module m : modules) {
            List<Rule> rules = new ArrayList<>();
            for (Rule r : m.rules()) {
                rules.add(safeRule(r, safety));
            }
            out.add(m.withRules(rules));
        }
        modules = out;
    }

    private Rule safeRule(Rule r, Safety safety) {
        Set<String> bound = new HashSet<>();
        for (Term a : r.args()) {
            bound.addAll(TermMapper.vars(a));
        }
        Set<String> scope = new HashSet<>(bound);
        Body body = safety.order(r.body(), bound, scope);
        List<Term> heads = new ArrayList<>();
        if (r.key() != null) {
            heads.add(r.key());
        }
        if (r.value() != null) {
            heads.add(r.value());
        }
        heads.addAll(r.ref().operands().subList(RuleTree.prefixLength(r.ref()), r.ref().operands().size()));
        for (Term h : heads) {
            safety.headSafety(h, bound, r.location());
        }
        Rule out = new Rule(r.kind(), r.ref(), r.args(), r.key(), r.value(), r.assign(), body, r.isDefault(),
                r.elseRule() == null ? null : safeRule(r.elseRule(), safety), r.annotations(), r.module(), r.location());
        return out;
    }

    private void checkRecursion() {
        Map<String, Set<String>> deps = new LinkedHashMap<>();
        Map<String, Location> where = new HashMap<>();
        for (Module m : modules) {
            for (Rule r : m.rules()) {
                String from = nodePath(r);
                where.putIfAbsent(from, r.location());
                Set<String> to = deps.computeIfAbsent(from, k -> new LinkedHashSet<>());
                for (Rule cur = r; cur != null; cur = cur.elseRule()) {
                    Consumer<Term> f = t -> {
                        if (t instanceof Term.Ref ref && "data".equals(Refs.headName(ref))) {
                            addDeps(ref, to);
                        } else if (t instanceof Term.Call c) {
                            String n = Refs.nameOf(c.operator());
                            if (n != null && functions.containsKey(n)) {
                                to.add(n);
                            }
                        }
                    };
                    TermMapper.visitBody(cur.body(), f);
                    for (Expr e : cur.body().exprs()) {
                        if (e instanceof Expr.CallExpr c) {
                            String n = c.name();
                            if (n != null && functions.containsKey(n)) {
                                to.add(n);
                            }
                        }
                    }
                    if (cur.value() != null) {
                        TermMapper.visit(cur.value(), f);
                    }
                    if (cur.key() != null) {
                        TermMapper.visit(cur.key(), f);
                    }
                }
            }
        }
        Set<String> done = new HashSet<>();
        Set<String> reported = new HashSet<>();
        for (String start : deps.keySet()) {
            List<String> path = new ArrayList<>();
            findCycle(start, deps, path, new HashSet<>(), done, reported, where);
        }
    }

    private void addDeps(Term.Ref ref, Set<String> to) {
        RuleTree.Node n = tree.root();
        for (Term op : ref.operands()) {
            if (!(op instanceof Term.Scalar s)) {
                // A variable key selects rules only at run time; the evaluator guards against cycles there.
                return;
            }
            if (!(s.value() instanceof StringValue)) {
                return; // rule names are strings: a number or boolean key cannot reach a rule
            }
            RuleTree.Node next = n.child(s.value());
            if (next == null) {
                return;
            }
            n = next;
            if (n.hasRules()) {
                to.add(n.path());
                return;
            }
        }
        // A ref to a package (or data itself) depends on every rule below it.
        List<RuleTree.Node> stack = new ArrayList<>(List.of(n));
        while (!stack.isEmpty()) {
            RuleTree.Node x = stack.remove(stack.size() - 1);
            if (x.hasRules()) {
                to.add(x.path());
            }
            stack.addAll(x.children().values());
        }
    }

    private void findCycle(String node, Map<String, Set<String>> deps, List<String> path, Set<String> onPath,
                           Set<String> done, Set<String> reported, Map<String, Location> where) {
        if (done.contains(node)) {
            return;
        }
        if (onPath.contains(node)) {
            int i = path.indexOf(node);
            List<String> cycle = new ArrayList<>(path.subList(i, path.size()));
            cycle.add(node);
            if (reported.add(node)) {
                error(RegoError.Code.RECURSION, "rule " + node + " is recursive: " + String.join(" -> ", cycle),
                        where.getOrDefault(node, Location.NONE));
            }
            return;
        }
        onPath.add(node);
        path.add(node);
        for (String next : deps.getOrDefault(node, Set.of())) {
            findCycle(next, deps, path, onPath, done, reported, where);
        }
        path.remove(path.size() - 1);
        onPath.remove(node);
        done.add(node);
    }

    private void checkDeprecatedBuiltins() {
        for (Module m : modules) {
            if (!m.regoV1Rules()) {
                continue;
            }
            for (Rule r : m.rules()) {
                for (Rule c0 = r; c0 != null; c0 = c0.elseRule()) {
                    Rule cur = c0;
                    Consumer<String> check = name -> {
                        Builtin b = name == null ? null : builtins.get(name);
                        if (b != null && b.decl().deprecated()) {
                            error(RegoError.Code.TYPE, "deprecated built-in function calls in expression: " + name,
                                    cur.location());
                        }
                    };
                    TermMapper.visitBody(cur.body(), t -> {
                        if (t instanceof Term.Call c) {
                            check.accept(Refs.nameOf(c.operator()));
                        }
                    });
                    for (Expr e : cur.body().exprs()) {
                        if (e instanceof Expr.CallExpr c) {
                            check.accept(c.name());
                        }
                    }
                }
            }
        }
    }

    private void buildFinalTree() {
        setRuleTree();
    }
}
