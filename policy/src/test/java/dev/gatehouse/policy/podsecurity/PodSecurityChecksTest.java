package dev.gatehouse.policy.podsecurity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The meta-test over the registry, and the rules {@link PodSecurityChecks#validate} enforces. */
class PodSecurityChecksTest {

    private static final CheckFunction NOOP = (metadata, spec) -> CheckResult.allowed("x");

    @Test
    void registry_isValid_andHoldsTwelveBaselineAndSevenRestrictedChecks() {
        List<PodSecurityCheck> checks = PodSecurityChecks.defaults();

        assertThat(PodSecurityChecks.validate(checks)).isEqualTo(checks);
        Map<Level, Long> byLevel = checks.stream().collect(Collectors.groupingBy(PodSecurityCheck::level, Collectors.counting()));
        assertThat(byLevel).containsExactlyInAnyOrderEntriesOf(Map.of(Level.BASELINE, 12L, Level.RESTRICTED, 7L));
        assertThat(PodSecurityChecks.maxVersion(checks)).isEqualTo(Version.of(37));
    }

    @Test
    void registry_everyOverrideNamesAnExistingBaselineCheck() {
        Map<String, Level> levels = PodSecurityChecks.defaults().stream()
                .collect(Collectors.toMap(PodSecurityCheck::id, PodSecurityCheck::level));
        for (PodSecurityCheck check : PodSecurityChecks.defaults()) {
            for (VersionedCheck version : check.versions()) {
                for (String overridden : version.overrides()) {
                    assertThat(levels.get(overridden)).as("%s overrides %s", check.id(), overridden).isEqualTo(Level.BASELINE);
                    assertThat(check.level()).isEqualTo(Level.RESTRICTED);
                }
            }
        }
    }

    @Test
    void registry_overridesAreTheUpstreamOnes_fromEachOverridersFirstVersion() {
        Map<String, Set<String>> firstOverrides = PodSecurityChecks.defaults().stream()
                .filter(c -> !c.versions().get(0).overrides().isEmpty())
                .collect(Collectors.toMap(PodSecurityCheck::id, c -> c.versions().get(0).overrides()));

        assertThat(firstOverrides).containsExactlyInAnyOrderEntriesOf(Map.of(
                "capabilities_restricted", Set.of("capabilities_baseline"),
                "restrictedVolumes", Set.of("hostPathVolumes"),
                "seccompProfile_restricted", Set.of("seccompProfile_baseline"),
                "procMount_restricted", Set.of("procMount")));
    }

    @Test
    void registry_everyCheckReportsUnderItsOwnId_andAllowsAnEmptyPod() {
        for (PodSecurityCheck check : PodSecurityChecks.defaults()) {
            for (VersionedCheck version : check.versions()) {
                CheckResult result = version.function().check(new io.fabric8.kubernetes.api.model.ObjectMeta(),
                        new io.fabric8.kubernetes.api.model.PodSpec());
                assertThat(result.checkId()).as(check.id() + " at " + version.minimumVersion()).isEqualTo(check.id());
                assertThat(result.allowed()).as(check.id() + " at " + version.minimumVersion()).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void validate_rejectsInvalidChecks_namingTheCheck(String behaviour, List<PodSecurityCheck> checks, String message) {
        assertThatThrownBy(() -> PodSecurityChecks.validate(checks))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    static Stream<Arguments> validate_rejectsInvalidChecks_namingTheCheck() {
        PodSecurityCheck base = PodSecurityCheck.baseline("base", VersionedCheck.of(0, NOOP));
        return Stream.of(
                Arguments.of("duplicate ID", List.of(base, PodSecurityCheck.restricted("base", VersionedCheck.of(1, NOOP))),
                        "check base: registered more than once"),
                Arguments.of("privileged level", List.of(new PodSecurityCheck("p", Level.PRIVILEGED, List.of(VersionedCheck.of(0, NOOP)))),
                        "check p: level must be baseline or restricted, not privileged"),
                Arguments.of("no versions", List.of(new PodSecurityCheck("empty", Level.BASELINE, List.of())),
                        "check empty: has no versions"),
                Arguments.of("latest as a minimum version",
                        List.of(new PodSecurityCheck("l", Level.BASELINE, List.of(new VersionedCheck(Version.LATEST, NOOP, Set.of())))),
                        "check l: a minimum version cannot be 'latest'"),
                Arguments.of("repeated version", List.of(PodSecurityCheck.baseline("r", VersionedCheck.of(3, NOOP), VersionedCheck.of(3, NOOP))),
                        "check r: versions must be strictly increasing, but v1.3 follows v1.3"),
                Arguments.of("decreasing version", List.of(PodSecurityCheck.baseline("d", VersionedCheck.of(5, NOOP), VersionedCheck.of(2, NOOP))),
                        "check d: versions must be strictly increasing, but v1.2 follows v1.5"),
                Arguments.of("baseline check overriding", List.of(base,
                                new PodSecurityCheck("o", Level.BASELINE, List.of(new VersionedCheck(Version.of(0), NOOP, Set.of("base"))))),
                        "check o: only restricted checks may override"),
                Arguments.of("override of an unknown check", List.of(PodSecurityCheck.restricted("r", VersionedCheck.overriding(0, NOOP, "ghost"))),
                        "check r: overrides unknown check ghost"),
                Arguments.of("override of a restricted check", List.of(
                                PodSecurityCheck.restricted("r1", VersionedCheck.of(0, NOOP)),
                                PodSecurityCheck.restricted("r2", VersionedCheck.overriding(0, NOOP, "r1"))),
                        "check r2: overrides restricted check r1; only baseline checks can be overridden"),
                Arguments.of("empty ID", List.of(PodSecurityCheck.baseline("", VersionedCheck.of(0, NOOP))),
                        "A Pod Security check must have a non-empty ID."));
    }

    @Test
    void checkAt_picksTheNewestEntryNotAboveTheVersion() {
        PodSecurityCheck sysctls = PodSecurityChecks.defaults().stream().filter(c -> c.id().equals("sysctls")).findFirst().orElseThrow();
        PodSecurityCheck probes = PodSecurityChecks.defaults().stream().filter(c -> c.id().equals("hostProbesAndHostLifecycle")).findFirst().orElseThrow();

        assertThat(sysctls.at(26).minimumVersion()).isEqualTo(Version.of(0));
        assertThat(sysctls.at(27).minimumVersion()).isEqualTo(Version.of(27));
        assertThat(sysctls.at(31).minimumVersion()).isEqualTo(Version.of(29));
        assertThat(sysctls.at(100).minimumVersion()).isEqualTo(Version.of(37));
        assertThat(probes.at(33)).isNull();
    }
}
