package dev.gatehouse.cli;

import dev.gatehouse.policy.constraint.driver.cel.CelDriver;
import dev.gatehouse.policy.constraint.driver.rego.RegoDriver;
import dev.gatehouse.policy.constraint.engine.EnginePreference;
import dev.gatehouse.policy.constraint.verify.CaseResult;
import dev.gatehouse.policy.constraint.verify.Suite;
import dev.gatehouse.policy.constraint.verify.SuiteReader;
import dev.gatehouse.policy.constraint.verify.SuiteResult;
import dev.gatehouse.policy.constraint.verify.SuiteRunner;
import dev.gatehouse.policy.constraint.verify.TestFilter;
import dev.gatehouse.policy.constraint.verify.TestResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse verify}: runs Gatekeeper test suites offline with gator verify's semantics and output, so the
 * suites policy repositories already keep run unchanged in CI.
 */
@Command(
        name = "verify",
        description = {
            "Run Gatekeeper constraint test suites (gator verify).",
            "",
            "Reads Suite files (apiVersion test.gatekeeper.sh/v1alpha1, kind Suite): each test loads a",
            "ConstraintTemplate and a constraint, each case reviews an object (or an AdmissionReview) with its",
            "inventory and checks the assertions. Paths inside a suite are relative to the suite file."
        },
        footer = {
            "",
            "Examples:",
            "  gatehouse verify ./...",
            "  gatehouse verify -v -r 'must-have-owner//allowed' library/general/requiredlabels",
            "  gatehouse verify --engine cel library/...",
            "",
            "Exit codes: 0 every case passed (skipped cases do not fail), 1 a case or test failed, 2 bad usage or a",
            "suite that could not be read."
        },
        sortOptions = false)
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(paramLabel = "PATH", arity = "1..*",
            description = "Suite files or directories; a path ending in /... is searched recursively.")
    List<String> paths = new ArrayList<>();

    @Option(names = {"-r", "--run"}, paramLabel = "REGEX",
            description = "Run only tests and cases whose names match: REGEX, or TEST//CASE.")
    String run = "";

    @Option(names = {"-v", "--verbose"}, description = "Print every test and case, not only failures.")
    boolean verbose;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "auto",
            description = "Which code of a template to run: rego, cel or auto (CEL when present; default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--progress", negatable = true,
            description = "Show the suite being run on a single updating line on standard error (default: only when "
                    + "running on a terminal, never in CI or when piped).")
    Boolean progress;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EnginePreference preference = EnginePreference.parse(engine).orElse(null);
        if (preference == null) {
            err.println("gatehouse verify: --engine must be rego, cel or auto, not \"" + engine + "\"");
            return ExitCodes.USAGE_OR_INPUT;
        }
        TestFilter filter;
        try {
            filter = TestFilter.parse(run);
        } catch (IllegalArgumentException e) {
            err.println("gatehouse verify: -r: " + e.getMessage());
            return ExitCodes.USAGE_OR_INPUT;
        }
        SuiteReader.Found found = SuiteReader.find(paths);
        // Auto prefers CEL when a template has both; the engine picks by preference, not by this order.
        SuiteRunner runner = new SuiteRunner(List.of(new CelDriver(), new RegoDriver()), preference, filter);
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        boolean anyFailure = false;
        ProgressLine line = ProgressLine.on(err, progress);
        List<Suite> suites = found.suites();
        // Suites are independent: run them on every core, report them in order as each one finishes.
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()),
                Thread.ofPlatform().daemon().name("verify-", 0).factory());
        List<Future<SuiteResult>> runs = new ArrayList<>(suites.size());
        for (Suite input : suites) {
            runs.add(pool.submit(() -> runner.run(input)));
        }
        pool.shutdown();
        for (int i = 0; i < suites.size(); i++) {
            line.show("[" + (i + 1) + "/" + suites.size() + "] " + suites.get(i).path());
            SuiteResult suite = await(runs.get(i));
            line.clear();
            for (TestResult test : suite.tests()) {
                print(out, test);
                if (test.skipped()) {
                    skipped += test.caseCount();
                } else if (!test.error().isEmpty()) {
                    failed += Math.max(1, test.caseCount());
                } else {
                    for (CaseResult c : test.cases()) {
                        switch (c.status()) {
                            case PASS -> passed++;
                            case FAIL -> failed++;
                            case SKIP -> skipped++;
                        }
                    }
                }
            }
            anyFailure |= suite.failed();
            out.printf("%s\t%s\t%s%n", suite.failed() ? "FAIL" : suite.skipped() ? "skip" : "ok", suite.path(),
                    seconds(suite.nanos()));
        }
        for (SuiteReader.SuiteError e : found.errors()) {
            err.println("gatehouse verify: " + e);
        }
        out.println(anyFailure ? "FAIL" : "PASS");
        if (skipped > 0) {
            out.println(skipped + " skipped");
        }
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        if (!found.errors().isEmpty()) {
            return ExitCodes.USAGE_OR_INPUT;
        }
        return anyFailure ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    private void print(PrintWriter out, TestResult test) {
        if (test.skipped()) {
            if (verbose) {
                out.println("=== SKIP  " + test.name());
            }
            return;
        }
        if (verbose) {
            out.println("=== RUN   " + test.name());
        }
        for (CaseResult c : test.cases()) {
            switch (c.status()) {
                case SKIP -> {
                    // Skips for an unavailable engine are always shown: they are not passes.
                    if (verbose || !c.message().equals("filtered") && !c.message().equals("skip: true")) {
                        out.println("    === SKIP  " + c.name() + (c.message().isEmpty() ? "" : "\t" + c.message()));
                    }
                }
                case FAIL -> {
                    if (verbose) {
                        out.println("    === RUN   " + c.name());
                    }
                    out.println("    --- FAIL: " + c.name() + "\t(" + seconds(c.nanos()) + ")");
                    out.println("        " + c.message());
                }
                case PASS -> {
                    if (verbose) {
                        out.println("    === RUN   " + c.name());
                        out.println("    --- PASS: " + c.name() + "\t(" + seconds(c.nanos()) + ")");
                    }
                }
            }
        }
        if (test.failed()) {
            out.println("--- FAIL: " + test.name() + "\t(" + seconds(test.nanos()) + ")");
            if (!test.error().isEmpty()) {
                out.println("  " + test.error());
            }
        } else if (verbose) {
            out.println("--- PASS: " + test.name() + "\t(" + seconds(test.nanos()) + ")");
        }
    }

    /** A suite's result; what the runner threw is rethrown as it was, for the command's error handler. */
    private static SuiteResult await(Future<SuiteResult> run) {
        try {
            return run.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while verifying", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3fs", nanos / 1e9);
    }
}
