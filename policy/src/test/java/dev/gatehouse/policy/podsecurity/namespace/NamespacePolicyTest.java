package dev.gatehouse.policy.podsecurity.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.policy.podsecurity.Level;
import dev.gatehouse.policy.podsecurity.LevelVersion;
import dev.gatehouse.policy.podsecurity.Version;
import dev.gatehouse.policy.podsecurity.field.FieldError;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NamespacePolicyTest {

    private static final String LEVEL_ERR = "must be one of privileged, baseline, restricted";
    private static final String VERSION_ERR = "must be \"latest\" or \"v1.x\"";

    private static LevelVersion lv(String s) {
        String[] parts = s.split(":");
        return LevelVersion.of(Level.parse(parts[0]).orElseThrow(), Version.parse(parts[1]).orElseThrow());
    }

    private static Map<String, String> labels(String... keyValues) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            out.put(PolicyLabels.PREFIX + keyValues[i], keyValues[i + 1]);
        }
        return out;
    }

    static Stream<Arguments> cases() {
        NamespacePolicy privileged = NamespacePolicy.PRIVILEGED;
        NamespacePolicy baselineDefaults = NamespacePolicy.of(lv("baseline:v1.20"), lv("baseline:v1.20"), lv("baseline:v1.20"));
        return Stream.of(
                Arguments.of("no labels give the defaults", labels(), privileged,
                        "privileged:latest", "privileged:latest", "privileged:latest", List.of()),
                Arguments.of("unrelated labels give the defaults", Map.of("team", "a"), baselineDefaults,
                        "baseline:v1.20", "baseline:v1.20", "baseline:v1.20", List.of()),
                Arguments.of("every mode labelled", labels("enforce", "baseline", "enforce-version", "v1.22",
                                "audit", "restricted", "audit-version", "v1.23", "warn", "restricted", "warn-version", "latest"),
                        privileged, "baseline:v1.22", "restricted:v1.23", "restricted:latest", List.of()),
                Arguments.of("a version alone keeps the default level", labels("enforce-version", "v1.25"), baselineDefaults,
                        "baseline:v1.25", "baseline:v1.20", "baseline:v1.20", List.of()),
                Arguments.of("invalid enforce level fails closed to restricted", labels("enforce", "strict"), privileged,
                        "restricted:latest", "privileged:latest", "privileged:latest",
                        List.of(FieldError.invalid("metadata.labels[pod-security.kubernetes.io/enforce]", "strict", LEVEL_ERR))),
                Arguments.of("invalid enforce level does not default warn", labels("enforce", "Baseline"), privileged,
                        "restricted:latest", "privileged:latest", "privileged:latest",
                        List.of(FieldError.invalid("metadata.labels[pod-security.kubernetes.io/enforce]", "Baseline", LEVEL_ERR))),
                Arguments.of("invalid audit level fails open to privileged", labels("audit", "x"), baselineDefaults,
                        "baseline:v1.20", "privileged:v1.20", "baseline:v1.20",
                        List.of(FieldError.invalid("metadata.labels[pod-security.kubernetes.io/audit]", "x", LEVEL_ERR))),
                Arguments.of("invalid warn level fails open to privileged", labels("warn", ""), baselineDefaults,
                        "baseline:v1.20", "baseline:v1.20", "privileged:v1.20",
                        List.of(FieldError.invalid("metadata.labels[pod-security.kubernetes.io/warn]", "", LEVEL_ERR))),
                Arguments.of("invalid versions become latest", labels("enforce", "baseline", "enforce-version", "v1.01",
                                "audit-version", "1.20", "warn", "baseline", "warn-version", "v2.0"), privileged,
                        "baseline:latest", "privileged:latest", "baseline:latest",
                        List.of(FieldError.invalid("metadata.labels[pod-security.kubernetes.io/enforce-version]", "v1.01", VERSION_ERR),
                                FieldError.invalid("metadata.labels[pod-security.kubernetes.io/audit-version]", "1.20", VERSION_ERR),
                                FieldError.invalid("metadata.labels[pod-security.kubernetes.io/warn-version]", "v2.0", VERSION_ERR))),
                Arguments.of("warn takes a stricter enforce level and version", labels("enforce", "restricted", "enforce-version", "v1.24"),
                        privileged, "restricted:v1.24", "privileged:latest", "restricted:v1.24", List.of()),
                Arguments.of("warn keeps its own version when labelled", labels("enforce", "baseline", "enforce-version", "v1.24",
                                "warn-version", "v1.10"), privileged, "baseline:v1.24", "privileged:latest", "baseline:v1.10", List.of()),
                Arguments.of("warn is not defaulted when labelled", labels("enforce", "restricted", "warn", "baseline"), privileged,
                        "restricted:latest", "privileged:latest", "baseline:latest", List.of()),
                Arguments.of("warn is not defaulted when enforce is not stricter", labels("enforce", "baseline"),
                        NamespacePolicy.of(lv("privileged:latest"), lv("privileged:latest"), lv("restricted:v1.3")),
                        "baseline:latest", "privileged:latest", "restricted:v1.3", List.of()),
                Arguments.of("warn is not defaulted from a default enforce level", labels("enforce-version", "v1.5"),
                        NamespacePolicy.of(lv("restricted:latest"), lv("privileged:latest"), lv("privileged:latest")),
                        "restricted:v1.5", "privileged:latest", "privileged:latest", List.of()),
                Arguments.of("invalid warn version with defaulting keeps latest", labels("enforce", "baseline", "warn-version", "bad"),
                        privileged, "baseline:latest", "privileged:latest", "baseline:latest",
                        List.of(FieldError.invalid("metadata.labels[pod-security.kubernetes.io/warn-version]", "bad", VERSION_ERR))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resolvesLabelsOverDefaults(String name, Map<String, String> labels, NamespacePolicy defaults,
                                    String enforce, String audit, String warn, List<FieldError> errors) {
        NamespacePolicy policy = NamespacePolicy.fromLabels(labels, defaults);
        assertThat(policy.enforce()).hasToString(enforce);
        assertThat(policy.audit()).hasToString(audit);
        assertThat(policy.warn()).hasToString(warn);
        assertThat(policy.errors()).containsExactlyElementsOf(errors);
    }

    @Test
    void errorMessage_aggregatesLikeKubernetes() {
        NamespacePolicy one = NamespacePolicy.fromLabels(labels("enforce", "bogus"), NamespacePolicy.PRIVILEGED);
        assertThat(one.errorMessage()).isEqualTo(
                "metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: \"bogus\": " + LEVEL_ERR);
        NamespacePolicy two = NamespacePolicy.fromLabels(labels("enforce", "bogus", "audit-version", "v1"), NamespacePolicy.PRIVILEGED);
        assertThat(two.errorMessage()).isEqualTo("[metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: \"bogus\": "
                + LEVEL_ERR + ", metadata.labels[pod-security.kubernetes.io/audit-version]: Invalid value: \"v1\": " + VERSION_ERR + "]");
    }

    @Test
    void fullyPrivilegedAndEquivalent_ignoreVersionsOfPrivilegedModes() {
        NamespacePolicy a = NamespacePolicy.of(lv("privileged:v1.2"), lv("privileged:latest"), lv("baseline:v1.5"));
        NamespacePolicy b = NamespacePolicy.of(lv("privileged:latest"), lv("privileged:v1.9"), lv("baseline:v1.5"));
        NamespacePolicy c = NamespacePolicy.of(lv("privileged:latest"), lv("privileged:v1.9"), lv("baseline:v1.6"));
        assertThat(a.equivalent(b)).isTrue();
        assertThat(a.equivalent(c)).isFalse();
        assertThat(a.fullyPrivileged()).isFalse();
        assertThat(NamespacePolicy.of(lv("privileged:v1.2"), lv("privileged:latest"), lv("privileged:v1.0")).fullyPrivileged()).isTrue();
    }

    @Test
    void quotesBadValuesAsGoDoes() {
        FieldError error = FieldError.invalid("f", "a\"b\\c\n\u0001é", "d");
        assertThat(error.body()).isEqualTo("Invalid value: \"a\\\"b\\\\c\\n\\x01é\": d");
        assertThat(FieldError.required("exemptions.usernames[0]", "")).hasToString("exemptions.usernames[0]: Required value");
        assertThat(FieldError.duplicate("x[1]", "a")).hasToString("x[1]: Duplicate value: \"a\"");
    }
}
