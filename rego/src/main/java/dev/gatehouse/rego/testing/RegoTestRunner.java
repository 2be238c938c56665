package dev.gatehouse.rego.testing;

import dev.gatehouse.rego.RegoException;
import dev.gatehouse.rego.ast.Module;
import dev.gatehouse.rego.ast.Refs;
import dev.gatehouse.rego.ast.RegoVersion;
import dev.gatehouse.rego.ast.Rule;
import dev.gatehouse.rego.builtins.Builtins;
import dev.gatehouse.rego.compiler.CompiledPolicy;
import dev.gatehouse.rego.compiler.CompiledQuery;
import dev.gatehouse.rego.compiler.Compiler;
import dev.gatehouse.rego.eval.EvalOptions;
import dev.gatehouse.rego.eval.QueryEvaluator;
import dev.gatehouse.rego.parser.Parser;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.Value;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Runs the {@code test_} rules of Rego modules, as {@code opa test} does: every rule whose last name segment starts
 * with {@code test_} (and takes no arguments) is a test; it passes when it is defined and not {@code false}; a
 * {@code todo_test_} rule is reported as skipped. The modules are compiled once; each test is one query.
 *
 * <p>Immutable and thread-safe once built.
 *
 * <pre>{@code
 * List<TestResult> results = RegoTestRunner.compile(Map.of("p.rego", src, "p_test.rego", tests), RegoVersion.V1)
 *         .run(null, Duration.ofSeconds(5), line -> {});
 * }</pre>
 */
public final class RegoTestRunner {

    private final CompiledPolicy policy;
    private final RegoVersion version;
    private final List<TestRule> tests;

    private record TestRule(String path, String file, int row, boolean skipped) {}

    private RegoTestRunner(CompiledPolicy policy, RegoVersion version, List<TestRule> tests) {
        this.policy = policy;
        this.version = version;
        this.tests = List.copyOf(tests);
    }

    /**
     * Parses and compiles the modules (file name to source) together.
     *
     * @throws RegoException with every parse or compile error ({@code rego_parse_error}, {@code rego_type_error}, ...)
     */
    public static RegoTestRunner compile(Map<String, String> modules, RegoVersion version) {
        List<Module> parsed = new ArrayList<>();
        List<dev.gatehouse.rego.RegoError> errors = new ArrayList<>();
        for (Map.Entry<String, String> e : modules.entrySet()) {
            try {
                parsed.add(Parser.parseModule(e.getKey(), e.getValue(), version));
            } catch (RegoException ex) {
                errors.addAll(ex.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new RegoException(errors);
        }
        CompiledPolicy policy = Compiler.compile(parsed, Builtins.standard());
        Map<String, TestRule> tests = new LinkedHashMap<>();
        for (Module module : parsed) {
            String pkg = Refs.nameOf(module.packagePath());
            for (Rule rule : module.rules()) {
                String name = rule.ref() == null ? null : Refs.nameOf(rule.ref());
                if (pkg == null || name == null || !rule.args().isEmpty()) {
                    continue;
                }
                String last = name.substring(name.lastIndexOf('.') + 1);
                boolean todo = last.startsWith("todo_test_");
                if (!last.startsWith("test_") && !todo) {
                    continue;
                }
                // Rule refs are rooted at data already (the parser prefixes the package); older forms are not.
                String path = name.startsWith("data.") ? name
                        : (pkg.startsWith("data.") ? pkg : "data." + pkg) + "." + name;
                // A test defined in several bodies is one test, as in opa test (the rule is their union).
                tests.putIfAbsent(path, new TestRule(path, module.file(),
                        rule.location() == null ? 0 : rule.location().row(), todo));
            }
        }
        return new RegoTestRunner(policy, version, new ArrayList<>(tests.values()));
    }

    /** How many tests were found. */
    public int size() {
        return tests.size();
    }

    /**
     * Runs the tests whose path matches {@code filter} (null for all), each with its own deadline.
     *
     * @param data  the base document for {@code data} (null for none)
     * @param print where {@code print()} output goes
     */
    public List<TestResult> run(Pattern filter, Value data, Duration timeout, Consumer<String> print, Clock clock) {
        List<TestResult> results = new ArrayList<>();
        EvalOptions options = EvalOptions.DEFAULT.withClock(clock).withPrint(print);
        if (timeout != null && !timeout.isZero()) {
            options = options.withTimeout(timeout);
        }
        for (TestRule test : tests) {
            if (filter != null && !filter.matcher(test.path()).find()) {
                continue;
            }
            if (test.skipped()) {
                results.add(new TestResult(test.path(), test.file(), test.row(), TestResult.Outcome.SKIPPED, "", Duration.ZERO));
                continue;
            }
            long start = System.nanoTime();
            TestResult.Outcome outcome;
            String message = "";
            try {
                CompiledQuery query = Compiler.compileQuery(Parser.parseQuery("x = " + test.path(), version), policy);
                List<Map<String, Value>> rows = QueryEvaluator.evaluate(policy, query, null, data, options);
                if (rows.isEmpty()) {
                    outcome = TestResult.Outcome.FAIL;
                    message = "undefined";
                } else if (rows.stream().anyMatch(r -> BooleanValue.FALSE.equals(r.get("x")))) {
                    outcome = TestResult.Outcome.FAIL;
                    message = "false";
                } else {
                    outcome = TestResult.Outcome.PASS;
                }
            } catch (RegoException e) {
                outcome = TestResult.Outcome.ERROR;
                message = e.getMessage();
            } catch (StackOverflowError e) {
                outcome = TestResult.Outcome.ERROR;
                message = "evaluation nested too deeply";
            }
            results.add(new TestResult(test.path(), test.file(), test.row(), outcome, message,
                    Duration.ofNanos(System.nanoTime() - start)));
        }
        return results;
    }
}
