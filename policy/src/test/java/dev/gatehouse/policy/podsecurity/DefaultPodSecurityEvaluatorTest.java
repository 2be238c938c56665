package dev.gatehouse.policy.podsecurity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Level and version resolution, reason order, overrides and defaulting of the evaluator. */
class DefaultPodSecurityEvaluatorTest {

    private static final DefaultPodSecurityEvaluator EVALUATOR = DefaultPodSecurityEvaluator.standard();

    private static final String MINIMAL_RESTRICTED = """
            spec:
              securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
              containers:
              - name: a
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
            """;

    private static EvaluationResult evaluate(String levelVersion, String podYaml) {
        String[] parts = levelVersion.split(":");
        LevelVersion lv = LevelVersion.of(Level.parse(parts[0]).orElseThrow(), Version.parse(parts[1]).orElseThrow());
        PodMetadataAndSpec pod = CheckTables.pod(podYaml);
        return EVALUATOR.evaluate(lv, pod.metadata(), pod.spec());
    }

    private static LevelVersion lv(Level level, Version version) {
        return LevelVersion.of(level, version);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void checksRun_perLevelAndVersion(String behaviour, LevelVersion levelVersion, List<String> ids) {
        assertThat(EVALUATOR.checkIds(levelVersion)).containsExactlyElementsOf(ids);
    }

    static Stream<Arguments> checksRun_perLevelAndVersion() {
        List<String> baseline037 = List.of("appArmorProfile", "capabilities_baseline", "hostNamespaces", "hostPathVolumes",
                "hostPorts", "hostProbesAndHostLifecycle", "privileged", "procMount", "seLinuxOptions",
                "seccompProfile_baseline", "sysctls", "windowsHostProcess");
        return Stream.of(
                Arguments.of("privileged runs nothing", lv(Level.PRIVILEGED, Version.LATEST), List.of()),
                Arguments.of("baseline v1.0: every baseline check but the v1.34 one, IDs in byte order", lv(Level.BASELINE, Version.of(0)),
                        List.of("appArmorProfile", "capabilities_baseline", "hostNamespaces", "hostPathVolumes", "hostPorts",
                                "privileged", "procMount", "seLinuxOptions", "seccompProfile_baseline", "sysctls", "windowsHostProcess")),
                Arguments.of("baseline latest = baseline v1.37", lv(Level.BASELINE, Version.LATEST), baseline037),
                Arguments.of("versions newer than the maximum evaluate as the maximum", lv(Level.BASELINE, Version.of(99)), baseline037),
                Arguments.of("restricted v1.0: restrictedVolumes replaces hostPathVolumes; seccomp annotations still checked",
                        lv(Level.RESTRICTED, Version.of(0)),
                        List.of("appArmorProfile", "capabilities_baseline", "hostNamespaces", "hostPorts", "privileged", "procMount",
                                "seLinuxOptions", "seccompProfile_baseline", "sysctls", "windowsHostProcess",
                                "restrictedVolumes", "runAsNonRoot")),
                Arguments.of("restricted v1.22: capabilities and seccomp replaced, baseline IDs then restricted IDs",
                        lv(Level.RESTRICTED, Version.of(22)),
                        List.of("appArmorProfile", "hostNamespaces", "hostPorts", "privileged", "procMount", "seLinuxOptions",
                                "sysctls", "windowsHostProcess", "allowPrivilegeEscalation", "capabilities_restricted",
                                "restrictedVolumes", "runAsNonRoot", "seccompProfile_restricted")),
                Arguments.of("restricted latest: procMount replaced by procMount_restricted", lv(Level.RESTRICTED, Version.LATEST),
                        List.of("appArmorProfile", "hostNamespaces", "hostPorts", "hostProbesAndHostLifecycle", "privileged",
                                "seLinuxOptions", "sysctls", "windowsHostProcess", "allowPrivilegeEscalation",
                                "capabilities_restricted", "procMount_restricted", "restrictedVolumes", "runAsNonRoot",
                                "runAsUser", "seccompProfile_restricted")));
    }

    @Test
    void maxVersion_isTheNewestCheckVersion() {
        assertThat(EVALUATOR.maxVersion()).isEqualTo(Version.of(37));
    }

    @Test
    void privileged_allowsAnything_andEchoesTheLevelVersion() {
        EvaluationResult result = evaluate("privileged:v1.5", "spec: {hostPID: true, containers: [{name: a, securityContext: {privileged: true}}]}");

        assertThat(result.allowed()).isTrue();
        assertThat(result.levelVersion()).hasToString("privileged:v1.5");
    }

    @Test
    void minimalRestrictedPod_isAllowedAtEveryVersion_withTheRequestedLevelVersion() {
        for (String version : List.of("v1.0", "v1.19", "v1.25", "v1.37", "v1.99", "latest")) {
            EvaluationResult result = evaluate("restricted:" + version, MINIMAL_RESTRICTED);
            assertThat(result.allowed()).as(version).isTrue();
            assertThat(result.levelVersion()).hasToString("restricted:" + version);
        }
    }

    @Test
    void allowedResults_areSharedNotAllocatedPerCall() {
        PodMetadataAndSpec pod = CheckTables.pod(MINIMAL_RESTRICTED);
        LevelVersion latest = lv(Level.RESTRICTED, Version.LATEST);

        assertThat(EVALUATOR.evaluate(latest, pod.metadata(), pod.spec()))
                .isSameAs(EVALUATOR.evaluate(latest, pod.metadata(), pod.spec()));
    }

    @Test
    void violations_areReportedInReasonOrder_withDetailsInParentheses() {
        EvaluationResult result = evaluate("restricted:latest", """
                spec:
                  hostNetwork: true
                  containers:
                  - name: a
                    ports: [{containerPort: 80, hostPort: 80}]
                    securityContext: {privileged: true, runAsUser: 0}
                """);

        assertThat(result.violations()).extracting(CheckResult::checkId).containsExactly(
                "hostNamespaces", "hostPorts", "privileged", "allowPrivilegeEscalation", "capabilities_restricted",
                "runAsNonRoot", "runAsUser", "seccompProfile_restricted");
        assertThat(result.reasonsWithDetails()).isEqualTo(
                "host namespaces (hostNetwork=true), hostPort (container \"a\" uses hostPort 80), "
                        + "privileged (container \"a\" must not set securityContext.privileged=true), "
                        + "allowPrivilegeEscalation != false (container \"a\" must set securityContext.allowPrivilegeEscalation=false), "
                        + "unrestricted capabilities (container \"a\" must set securityContext.capabilities.drop=[\"ALL\"]), "
                        + "runAsNonRoot != true (pod or container \"a\" must set securityContext.runAsNonRoot=true), "
                        + "runAsUser=0 (container \"a\" must not set runAsUser=0), "
                        + "seccompProfile (pod or container \"a\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")");
    }

    @Test
    void baselineHostPath_isReportedByRestrictedVolumesAtRestricted() {
        String hostPath = "spec: {containers: [{name: a}], volumes: [{name: v, hostPath: {path: /}}]}";

        assertThat(evaluate("baseline:latest", hostPath).reasonsWithDetails()).isEqualTo("hostPath volumes (volume \"v\")");
        assertThat(evaluate("restricted:latest", MINIMAL_RESTRICTED.replace("spec:\n", "spec:\n  volumes: [{name: v, hostPath: {path: /}}]\n"))
                .reasonsWithDetails()).isEqualTo("restricted volume types (volume \"v\" uses restricted volume type \"hostPath\")");
    }

    @Test
    void windowsPodAtRestricted_skipsLinuxOnlyChecks_butKeepsCapabilitiesBaselineOverridden() {
        EvaluationResult result = evaluate("restricted:v1.25", """
                spec:
                  os: {name: windows}
                  securityContext: {runAsNonRoot: true}
                  containers: [{name: a, securityContext: {capabilities: {add: [SYS_ADMIN]}}}]
                """);

        assertThat(result.allowed()).isTrue();
    }

    @Test
    void sourceLessVolume_isDefaultedToEmptyDir_beforeEvaluation() {
        String pod = MINIMAL_RESTRICTED.replace("spec:\n", "spec:\n  volumes: [{name: scratch}]\n");

        assertThat(evaluate("restricted:latest", pod).allowed()).isTrue();
    }

    @Test
    void volumeWithUnrecognisedSource_isNotDefaulted_andStaysUnknown() {
        String pod = MINIMAL_RESTRICTED.replace("spec:\n", "spec:\n  volumes: [{name: odd, futureSource: {x: 1}}]\n");

        assertThat(evaluate("restricted:latest", pod).reasonsWithDetails())
                .isEqualTo("restricted volume types (volume \"odd\" uses restricted volume type \"unknown\")");
    }

    @Test
    void nullMetadataAndSpec_areEvaluatedAsAnEmptyPod() {
        EvaluationResult result = EVALUATOR.evaluate(lv(Level.RESTRICTED, Version.LATEST), null, null);

        assertThat(result.allowed()).isTrue();
    }

    @Test
    void evaluatorOverCustomChecks_resolvesVersionsFromThoseChecks() {
        CheckFunction deny = (metadata, spec) -> CheckResult.forbidden("late", "late reason", "");
        DefaultPodSecurityEvaluator custom = DefaultPodSecurityEvaluator.of(List.of(
                PodSecurityCheck.baseline("late", VersionedCheck.of(3, deny))));

        assertThat(custom.maxVersion()).isEqualTo(Version.of(3));
        assertThat(custom.evaluate(lv(Level.BASELINE, Version.of(2)), null, null).allowed()).isTrue();
        assertThat(custom.evaluate(lv(Level.RESTRICTED, Version.LATEST), null, null).reasonsWithDetails()).isEqualTo("late reason");
    }
}
