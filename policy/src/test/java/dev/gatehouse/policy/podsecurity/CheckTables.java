package dev.gatehouse.policy.podsecurity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.provider.Arguments;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Shared plumbing for the per-check tables: pods written as YAML, one row per behaviour. */
final class CheckTables {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private CheckTables() {}

    /** A pod from YAML ({@code kind: Pod} implied); the spec may be written in flow style. */
    static PodMetadataAndSpec pod(String yaml) {
        JsonNode node = YAML.readTree(yaml);
        return PodSpecs.of("Pod", node).orElseThrow();
    }

    /** A row: what it shows, the version, the pod, and the expected reason and detail (both null: allowed). */
    static Arguments row(String behaviour, int minor, String pod, String reason, String detail) {
        return Arguments.of(behaviour, minor, pod, reason, detail);
    }

    static Arguments allowed(String behaviour, int minor, String pod) {
        return Arguments.of(behaviour, minor, pod, null, null);
    }

    /** Runs the check's entry in force at {@code minor} directly (no overrides, no defaulting). */
    static void assertCheck(String checkId, int minor, String podYaml, String reason, String detail) {
        PodSecurityCheck check = PodSecurityChecks.defaults().stream()
                .filter(c -> c.id().equals(checkId)).findFirst().orElseThrow();
        VersionedCheck entry = check.at(minor);
        assertThat(entry).as("%s has an entry at v1.%d", checkId, minor).isNotNull();
        PodMetadataAndSpec pod = pod(podYaml);

        CheckResult result = entry.function().check(pod.metadata(), pod.spec());

        assertThat(result.checkId()).isEqualTo(checkId);
        if (reason == null) {
            assertThat(result.allowed()).as("allowed, but got %s", result).isTrue();
            assertThat(result.reason()).isEmpty();
            assertThat(result.detail()).isEmpty();
        } else {
            assertThat(result.allowed()).as("denied").isFalse();
            assertThat(result.reason()).isEqualTo(reason);
            assertThat(result.detail()).isEqualTo(detail);
        }
    }
}
