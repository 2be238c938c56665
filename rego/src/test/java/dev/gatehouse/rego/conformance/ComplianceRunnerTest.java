package dev.gatehouse.rego.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins the runner's semantics on small hand-written cases (the upstream suite stays outside the project). */
class ComplianceRunnerTest {

    @TempDir
    Path root;

    private ComplianceRunner.Report run(String version, String yaml) throws Exception {
        Path dir = Files.createDirectories(root.resolve(version).resolve("cat"));
        Files.writeString(dir.resolve("t.yaml"), yaml);
        return new ComplianceRunner().run(root, List.of(version));
    }

    @Test
    void resultsCompareAsSetsOfRows_afterJsonRoundTrip() throws Exception {
        ComplianceRunner.Report r = run("v1", """
                cases:
                  - note: set becomes sorted array
                    query: data.test.p = x
                    modules:
                      - |
                        package test
                        p := {3, 1, 2}
                    want_result:
                      - x: [1, 2, 3]
                  - note: rows in any order
                    query: x := [1, 2][_]
                    want_result:
                      - x: 2
                      - x: 1
                  - note: undefined is an empty list
                    query: data.test.nope = x
                    modules: ["package test"]
                    want_result: []
                """);
        assertThat(r.results()).allSatisfy(c -> assertThat(c.passed()).as(c.c().note() + ": " + c.reason()).isTrue());
    }

    @Test
    void errorsMatchByCodeAndSubstring_andStrictModeSurfacesBuiltinErrors() throws Exception {
        ComplianceRunner.Report r = run("v1", """
                cases:
                  - note: conflict
                    query: data.test.p = x
                    modules:
                      - |
                        package test
                        p := 1
                        p := 2
                    want_error_code: eval_conflict_error
                  - note: strict divide by zero
                    query: data.test.p = x
                    modules:
                      - |
                        package test
                        p := 1 / 0
                    strict_error: true
                    want_error_code: eval_builtin_error
                    want_error: "test-0.rego:2: eval_builtin_error: div: divide by zero"
                """);
        assertThat(r.results()).allSatisfy(c -> assertThat(c.passed()).as(c.c().note() + ": " + c.reason()).isTrue());
    }

    @Test
    void v0Folder_parsesModulesAsV0_andInputTermMayHoldSets() throws Exception {
        ComplianceRunner.Report r = run("v0", """
                ---
                cases:
                  - note: v0 partial set
                    query: data.test.s = x
                    modules:
                      - |
                        package test
                        s[y] { y := input.xs[_] }
                    input_term: '{"xs": {1, 2}}'
                    want_result:
                      - x: [1, 2]
                ---
                cases:
                  - note: case without expectations fails
                    query: "true"
                """);
        assertThat(r.results()).hasSize(2);
        assertThat(r.results().get(0).passed()).as(r.results().get(0).reason()).isTrue();
        assertThat(r.results().get(1).passed()).isFalse();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.print(new PrintStream(out, true, StandardCharsets.UTF_8), true);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("v0/cat").endsWith("1 passed, 1 failed\n");
    }
}
