package dev.gatehouse.policy.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CompositeEngineTest {

    private static Decision allow(List<String> warnings, Map<String, String> annotations) {
        return new Decision(true, 200, "", "", List.of(), warnings, annotations);
    }

    private static Decision deny(int code, String reason, String message, List<String> warnings,
            Map<String, String> annotations) {
        return new Decision(false, code, reason, message,
                code == 422 ? List.of(new Decision.Cause("FieldValueInvalid", "bad", "metadata.labels")) : List.of(),
                warnings, annotations);
    }

    private static final String PSA_DENY = "pods \"p\" is forbidden: violates PodSecurity \"baseline:latest\": "
            + "privileged (container \"c\" must not set securityContext.privileged=true)";
    private static final String CONSTRAINT_DENY = "[must-have-owner] you must provide labels: {\"owner\"}\n"
            + "[no-latest] image uses :latest";

    static Stream<Arguments> merges() {
        return Stream.of(
                Arguments.of("both allow: allowed, warnings and annotations of both, first's first",
                        allow(List.of("psa warning"), Map.of("enforce-policy", "restricted:latest")),
                        allow(List.of("[warn-owner] no owner"), Map.of("dryrun-violations", "[]")),
                        allow(List.of("psa warning", "[warn-owner] no owner"),
                                Map.of("enforce-policy", "restricted:latest", "dryrun-violations", "[]"))),
                Arguments.of("only Pod Security denies: its status, constraint warnings kept",
                        deny(403, "Forbidden", PSA_DENY, List.of(), Map.of("enforce-policy", "baseline:latest")),
                        allow(List.of("[warn-owner] no owner"), Map.of()),
                        deny(403, "Forbidden", PSA_DENY, List.of("[warn-owner] no owner"),
                                Map.of("enforce-policy", "baseline:latest"))),
                Arguments.of("only the constraints deny: their status, Pod Security warnings first",
                        allow(List.of("psa warning"), Map.of("enforce-policy", "privileged:latest")),
                        deny(403, "Forbidden", CONSTRAINT_DENY, List.of("[w] x"), Map.of()),
                        deny(403, "Forbidden", CONSTRAINT_DENY, List.of("psa warning", "[w] x"),
                                Map.of("enforce-policy", "privileged:latest"))),
                Arguments.of("both deny: Pod Security's message first, constraint lines after",
                        deny(403, "Forbidden", PSA_DENY, List.of(), Map.of()),
                        deny(403, "Forbidden", CONSTRAINT_DENY, List.of(), Map.of()),
                        deny(403, "Forbidden", PSA_DENY + "\n" + CONSTRAINT_DENY, List.of(), Map.of())),
                Arguments.of("both deny, first with 422: first's code, reason and causes kept",
                        deny(422, "Invalid", "invalid namespace labels", List.of(), Map.of()),
                        deny(403, "Forbidden", CONSTRAINT_DENY, List.of(), Map.of()),
                        deny(422, "Invalid", "invalid namespace labels\n" + CONSTRAINT_DENY, List.of(), Map.of())),
                Arguments.of("only the second denies with 500: its code and reason",
                        allow(List.of(), Map.of()),
                        deny(500, "InternalError", "boom", List.of(), Map.of()),
                        deny(500, "InternalError", "boom", List.of(), Map.of())),
                Arguments.of("a clashing annotation key keeps the first engine's value",
                        allow(List.of(), Map.of("k", "first")),
                        allow(List.of(), Map.of("k", "second", "other", "v")),
                        allow(List.of(), Map.of("k", "first", "other", "v"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("merges")
    void mergesDecisions(String description, Decision first, Decision second, Decision expected) {
        Decision merged = new CompositeEngine(r -> first, r -> second).review(null);

        assertThat(merged).isEqualTo(expected);
    }

    @Test
    void bothEnginesAreAskedEvenWhenTheFirstDenies() {
        AtomicInteger secondCalls = new AtomicInteger();
        Engine second = r -> {
            secondCalls.incrementAndGet();
            return Decision.allow();
        };

        new CompositeEngine(r -> deny(403, "Forbidden", "no", List.of(), Map.of()), second).review(null);

        assertThat(secondCalls).hasValue(1);
    }

    static Stream<Arguments> blocking() {
        return Stream.of(
                Arguments.of("neither may block", false, false, false),
                Arguments.of("the first may block", true, false, true),
                Arguments.of("the second may block", false, true, true),
                Arguments.of("both may block", true, true, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocking")
    void mayBlockWhenEitherMay(String description, boolean first, boolean second, boolean expected) {
        assertThat(new CompositeEngine(engine(first), engine(second)).mayBlock(null)).isEqualTo(expected);
    }

    private static Engine engine(boolean mayBlock) {
        return new Engine() {
            @Override
            public Decision review(Review review) {
                return Decision.allow();
            }

            @Override
            public boolean mayBlock(Review review) {
                return mayBlock;
            }
        };
    }
}
