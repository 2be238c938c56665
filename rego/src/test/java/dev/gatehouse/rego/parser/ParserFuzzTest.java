package dev.gatehouse.rego.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.gatehouse.rego.RegoException;
import dev.gatehouse.rego.ast.Module;
import dev.gatehouse.rego.ast.RegoVersion;
import dev.gatehouse.rego.builtins.Builtins;
import dev.gatehouse.rego.compiler.Compiler;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A seeded fuzzer for the parser and compiler: mutated and generated modules must either compile or fail with a
 * Rego error (a {@link RegoException} with a code) — never another exception, never a stack overflow, never a
 * hang. Bounded by an iteration count and a time budget so it runs in every CI build; the seed is printed on
 * failure so a finding can be replayed.
 */
class ParserFuzzTest {

    private static final long SEED = Long.getLong("gatehouse.fuzz.seed", 0x5eed_6a7e_4005eL);
    private static final int ITERATIONS = Integer.getInteger("gatehouse.fuzz.iterations", 20_000);
    private static final long BUDGET_NANOS = Long.getLong("gatehouse.fuzz.millis", 8_000L) * 1_000_000L;

    private static final List<String> SEEDS = List.of(
            """
            package authz
            import rego.v1
            default allow := false
            allow if {
                some role in input.user.roles
                role == "admin"
            }
            deny contains msg if {
                c := input.request.object.spec.containers[_]
                not startswith(c.image, "registry.example.com/")
                msg := sprintf("image %v is not allowed", [c.image])
            }
            f(x) := y if { y := x * 2 } else := 0
            m[k] := v if { some k, v in {"a": 1, "b": [1, 2, {3}]} }
            every_ok if { every x in [1, 2] { x > 0 } }
            c := {x | x := numbers.range(1, 3)[_]; x != 2}
            s := $"hello {input.name}!"
            """,
            """
            package k8srequiredlabels
            violation[{"msg": msg, "details": {"missing_labels": missing}}] {
              provided := {label | input.review.object.metadata.labels[label]}
              required := {label | label := input.parameters.labels[_].key}
              missing := required - provided
              count(missing) > 0
              msg := sprintf("you must provide labels: %v", [missing])
            }
            x = y { y := `raw\\string` } { y := "other" }
            """);

    private static final String[] FRAGMENTS = {
        "{", "}", "[", "]", "(", ")", "if", "else", "some", "in", "every", "not", "with", "as", "contains",
        "default", ":=", "=", "==", "!=", "|", ";", ",", ".", "_", "x", "input", "data.a.b", "\"s\"", "`r`", "1.5e3",
        "-7", "null", "true", "{x | x := 1}", "[1, {2}]", "count(x)", "$\"{x}\"", "\n", "#c\n", "import future.keywords",
        "package p.q", "f(x) := x", "p[x] { x := 1 }", "q contains 1 if true", "[[[[[[", "]]]]]]", "{{{{", "}}}}",
    };

    @ParameterizedTest(name = "{0}")
    @EnumSource(RegoVersion.class)
    void mutatedModulesCompileOrFailWithARegoError(RegoVersion version) {
        SplittableRandom random = new SplittableRandom(SEED ^ version.ordinal());
        long deadline = System.nanoTime() + BUDGET_NANOS;
        int runs = 0;
        for (; runs < ITERATIONS && System.nanoTime() < deadline; runs++) {
            String source = mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
            try {
                Module module = Parser.parseModule("fuzz.rego", source, version);
                Compiler.compile(List.of(module), Builtins.standard());
            } catch (RegoException expected) {
                assertThat(expected.errors()).as("a Rego error carries at least one coded error").isNotEmpty();
            } catch (Throwable unexpected) {
                fail("seed " + SEED + ", run " + runs + ", version " + version + ": " + unexpected + "\n--- source ---\n" + source, unexpected);
            }
        }
        assertThat(runs).as("the fuzzer ran").isPositive();
    }

    private static String mutate(String seed, SplittableRandom random) {
        StringBuilder text = new StringBuilder(seed);
        int edits = 1 + random.nextInt(6);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(text.length() + 1);
            switch (random.nextInt(4)) {
                case 0 -> text.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                case 1 -> {
                    int end = Math.min(text.length(), at + 1 + random.nextInt(12));
                    if (at < end) {
                        text.delete(at, end);
                    }
                }
                case 2 -> text.insert(at, (char) (random.nextInt(95) + 32));
                default -> {
                    // Deep nesting is where recursive descent parsers overflow their stack.
                    String open = random.nextBoolean() ? "[" : "{";
                    text.insert(at, open.repeat(1 + random.nextInt(5_000)));
                }
            }
        }
        return text.toString();
    }
}
