package dev.gatehouse.rego.conformance;

import dev.gatehouse.rego.RegoException;
import dev.gatehouse.rego.ast.Body;
import dev.gatehouse.rego.ast.Module;
import dev.gatehouse.rego.ast.RegoVersion;
import dev.gatehouse.rego.builtins.Builtin;
import dev.gatehouse.rego.builtins.BuiltinDecl;
import dev.gatehouse.rego.builtins.BuiltinException;
import dev.gatehouse.rego.builtins.Builtins;
import dev.gatehouse.rego.builtins.Operands;
import dev.gatehouse.rego.builtins.Types;
import dev.gatehouse.rego.compiler.CompiledPolicy;
import dev.gatehouse.rego.compiler.CompiledQuery;
import dev.gatehouse.rego.compiler.Compiler;
import dev.gatehouse.rego.eval.EvalOptions;
import dev.gatehouse.rego.eval.QueryEvaluator;
import dev.gatehouse.rego.parser.Parser;
import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import dev.gatehouse.rego.Rego;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.dataformat.yaml.YAMLFactory;

/**
 * Runs OPA's Rego compliance cases ({@code v0/} and {@code v1/} folders of YAML files) with OPA's runner semantics
 * (v1/topdown/exported_test.go): modules compiled with the folder's Rego version, the query compiled as a body,
 * results compared as sets of rows after a JSON round trip, errors matched by code and substring.
 *
 * <pre>{@code
 * ComplianceRunner.Report r = new ComplianceRunner().run(Path.of("conformance/opa"), List.of("v0", "v1"));
 * }</pre>
 *
 * Thread-safe (no shared mutable state); cases run sequentially.
 */
public final class ComplianceRunner {
    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    /** Each case gets a deadline so a runaway case cannot stall the run. */
    private static final Duration CASE_TIMEOUT = Duration.ofSeconds(10);

    /** The outcome of one case. */
    public record CaseResult(String version, ComplianceCase c, boolean passed, String reason) {}

    /** All outcomes of a run. */
    public record Report(List<CaseResult> results) {
        public long passed() {
            return results.stream().filter(CaseResult::passed).count();
        }

        public long failed() {
            return results.size() - passed();
        }

        public double passRate() {
            return results.isEmpty() ? 0 : 100.0 * passed() / results.size();
        }

        /** Per version and category: {passed, total}. */
        public Map<String, int[]> byCategory() {
            Map<String, int[]> out = new TreeMap<>();
            for (CaseResult r : results) {
                int[] pt = out.computeIfAbsent(r.version() + "/" + r.c().category(), k -> new int[2]);
                if (r.passed()) {
                    pt[0]++;
                }
                pt[1]++;
            }
            return out;
        }

        /** Writes per-category counts, failures when verbose, and the final {@code N passed, N failed} line. */
        public void print(PrintStream out, boolean verbose) {
            java.io.PrintWriter w = new java.io.PrintWriter(out, true);
            print(w, verbose);
            w.flush();
        }

        /** Same as {@link #print(PrintStream, boolean)} for a writer. */
        public void print(java.io.PrintWriter out, boolean verbose) {
            byCategory().forEach((k, pt) -> out.printf("%-60s %4d/%-4d%n", k, pt[0], pt[1]));
            if (verbose) {
                out.println();
                for (CaseResult r : results) {
                    if (!r.passed()) {
                        out.println("FAIL " + r.version() + "/" + r.c().file() + " [" + r.c().note() + "]: "
                                + r.reason().replace("\n", " | "));
                    }
                }
            }
            for (String v : results.stream().map(CaseResult::version).distinct().sorted().toList()) {
                long p = results.stream().filter(r -> r.version().equals(v) && r.passed()).count();
                long t = results.stream().filter(r -> r.version().equals(v)).count();
                out.printf("%s: %d/%d passed (%.1f%%)%n", v, p, t, t == 0 ? 0.0 : 100.0 * p / t);
            }
            out.println(passed() + " passed, " + failed() + " failed");
        }
    }

    private final Builtins builtins;

    public ComplianceRunner() {
        this(Builtins.standard());
    }

    public ComplianceRunner(Builtins builtins) {
        // The suite needs test.sleep, which OPA's harness registers.
        this.builtins = builtins.with(Builtin.of(BuiltinDecl.builder("test.sleep").arg("duration", Types.STRING)
                .result(Types.NULL).category("test").nondeterministic().build(), (ctx, args) -> {
                    String d = Operands.string(args[0], 1);
                    long ms = parseMillis(d);
                    try {
                        Thread.sleep(ms);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return dev.gatehouse.rego.value.NullValue.INSTANCE;
                }));
    }

    private static long parseMillis(String d) {
        try {
            if (d.endsWith("ms")) {
                return Long.parseLong(d.substring(0, d.length() - 2));
            }
            if (d.endsWith("s")) {
                return Long.parseLong(d.substring(0, d.length() - 1)) * 1000;
            }
        } catch (NumberFormatException e) {
            throw BuiltinException.builtinError("invalid duration " + d);
        }
        throw BuiltinException.builtinError("invalid duration " + d);
    }

    /**
     * Runs the given version folders ({@code v0}, {@code v1}) under {@code root}.
     *
     * @throws IOException if the folder cannot be read
     */
    public Report run(Path root, List<String> versions) throws IOException {
        List<CaseResult> results = new ArrayList<>();
        for (String version : versions) {
            Path dir = root.resolve(version);
            if (!Files.isDirectory(dir)) {
                throw new IOException("not a directory: " + dir);
            }
            RegoVersion rv = version.equals("v0") ? RegoVersion.V0 : RegoVersion.V1;
            List<Path> files;
            try (Stream<Path> s = Files.walk(dir)) {
                files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
            }
            for (Path f : files) {
                String rel = dir.relativize(f).toString().replace('\\', '/');
                List<ComplianceCase> cases;
                try {
                    cases = load(f, rel);
                } catch (RuntimeException e) {
                    results.add(new CaseResult(version, new ComplianceCase(rel, "(file)", "", List.of(), null, null,
                            null, null, null, null, false, false, false), false, "cannot load: " + e.getMessage()));
                    continue;
                }
                for (ComplianceCase c : cases) {
                    results.add(runCase(version, rv, c));
                }
            }
        }
        return new Report(results);
    }

    /** Loads every case of a (possibly multi-document) YAML file. */
    public static List<ComplianceCase> load(Path file, String rel) throws IOException {
        List<ComplianceCase> out = new ArrayList<>();
        try (JsonParser p = YAML.createParser(tools.jackson.core.ObjectReadContext.empty(), Files.newBufferedReader(file))) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                Value doc = ValueJson.read(p, t);
                if (!(doc instanceof ObjectValue o) || !(o.get("cases") instanceof ArrayValue cases)) {
                    continue;
                }
                for (Value cv : cases) {
                    if (cv instanceof ObjectValue c) {
                        out.add(toCase(rel, c));
                    }
                }
            }
        }
        return out;
    }

    private static ComplianceCase toCase(String rel, ObjectValue c) {
        List<String> modules = new ArrayList<>();
        if (c.get("modules") instanceof ArrayValue ms) {
            for (Value m : ms) {
                modules.add(((StringValue) m).value());
            }
        }
        List<Value> want = null;
        if (c.get("want_result") instanceof ArrayValue rows) {
            want = rows.asList();
        }
        return new ComplianceCase(rel, str(c.get("note")), str(c.get("query")), modules, c.get("data"), c.get("input"),
                str(c.get("input_term")), want, str(c.get("want_error")), str(c.get("want_error_code")),
                truthy(c.get("strict_error")), truthy(c.get("sort_bindings")), truthy(c.get("ignore_generated_vars")));
    }

    private static String str(Value v) {
        return v instanceof StringValue s ? s.value() : null;
    }

    private static boolean truthy(Value v) {
        return v instanceof BooleanValue b && b.value();
    }

    /** Runs one case. */
    public CaseResult runCase(String version, RegoVersion rv, ComplianceCase c) {
        try {
            return new CaseResult(version, c, true, check(rv, c));
        } catch (CaseFailure f) {
            return new CaseResult(version, c, false, f.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            return new CaseResult(version, c, false, "crash: " + e);
        }
    }

    private static final class CaseFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CaseFailure(String m) {
            super(m, null, false, false);
        }
    }

    private String check(RegoVersion rv, ComplianceCase c) {
        if (c.wantResult() == null && c.wantError() == null && c.wantErrorCode() == null) {
            throw new CaseFailure("case has no want_result, want_error or want_error_code");
        }
        List<Map<String, Value>> rows;
        try {
            List<Module> modules = new ArrayList<>();
            for (int i = 0; i < c.modules().size(); i++) {
                modules.add(Parser.parseModule("test-" + i + ".rego", c.modules().get(i), rv));
            }
            Body body = Parser.parseQuery(c.query(), rv);
            // As Rego.builder() compiles a policy for its query, with the same inlining.
            CompiledPolicy policy = Compiler.compileFor(modules, builtins, List.of(body));
            CompiledQuery query = Compiler.compileQuery(body, policy);
            Value input = c.inputTerm() != null ? Rego.evalTerm(c.inputTerm()) : c.input();
            EvalOptions opts = new EvalOptions(Clock.systemUTC(), CASE_TIMEOUT, null, null, c.strictError(), true);
            rows = QueryEvaluator.evaluate(policy, query, input, c.data(), opts);
        } catch (RegoException e) {
            if (c.wantErrorCode() == null && c.wantError() == null) {
                throw new CaseFailure("unexpected error: " + e.getMessage());
            }
            if (c.wantErrorCode() != null && e.errors().stream().noneMatch(x -> x.code().text().equals(c.wantErrorCode()))) {
                throw new CaseFailure("want error code " + c.wantErrorCode() + " but got: " + e.getMessage());
            }
            if (c.wantError() != null && !e.getMessage().contains(c.wantError())) {
                throw new CaseFailure("want error containing '" + c.wantError() + "' but got: " + e.getMessage());
            }
            return "error as expected";
        }
        if (c.wantErrorCode() != null || c.wantError() != null) {
            throw new CaseFailure("want error " + (c.wantErrorCode() != null ? c.wantErrorCode() : c.wantError())
                    + " but got " + rows.size() + " result(s)");
        }
        TreeSet<Value> got = new TreeSet<>();
        for (Map<String, Value> row : rows) {
            ObjectValue.Builder ob = ObjectValue.builder();
            row.forEach((k, v) -> {
                if (k.startsWith("$") || (c.ignoreGeneratedVars() && k.startsWith("__localq"))) {
                    return;
                }
                Value j = ValueJson.parse(ValueJson.toJson(v));
                ob.put(StringValue.of(k), c.sortBindings() ? sorted(j) : j);
            });
            got.add(ob.build());
        }
        TreeSet<Value> want = new TreeSet<>();
        for (Value w : c.wantResult()) {
            if (c.sortBindings() && w instanceof ObjectValue o) {
                ObjectValue.Builder ob = ObjectValue.builder();
                o.forEach((k, v) -> ob.put(k, sorted(v)));
                want.add(ob.build());
            } else {
                want.add(w);
            }
        }
        if (!got.equals(want)) {
            throw new CaseFailure("want " + want + " but got " + got);
        }
        return "ok";
    }

    private static Value sorted(Value v) {
        if (v instanceof ArrayValue a) {
            Value[] items = a.toArray();
            Arrays.sort(items);
            return ArrayValue.of(items);
        }
        return v;
    }
}
