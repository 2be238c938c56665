package dev.gatehouse.policy.podsecurity;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of Pod Security Standards checks: one explicit list (12 baseline, 7 restricted), validated when
 * this class loads so that a malformed check fails start-up with a message naming it rather than misjudging pods.
 *
 * <p>To change a check's behaviour, add a {@link VersionedCheck} for the next policy version to that check; to add
 * a check, write its class and list it here. Immutable and thread-safe.
 *
 * <pre>{@code
 * PodSecurityEvaluator evaluator = DefaultPodSecurityEvaluator.of(PodSecurityChecks.defaults());
 * }</pre>
 */
public final class PodSecurityChecks {

    private static final List<PodSecurityCheck> DEFAULTS = validate(List.of(
            // baseline
            AppArmorProfileCheck.definition(),
            CapabilitiesBaselineCheck.definition(),
            HostNamespacesCheck.definition(),
            HostPathVolumesCheck.definition(),
            HostPortsCheck.definition(),
            HostProbesAndHostLifecycleCheck.definition(),
            PrivilegedCheck.definition(),
            ProcMountCheck.definition(),
            SeLinuxOptionsCheck.definition(),
            SeccompProfileBaselineCheck.definition(),
            SysctlsCheck.definition(),
            WindowsHostProcessCheck.definition(),
            // restricted
            AllowPrivilegeEscalationCheck.definition(),
            CapabilitiesRestrictedCheck.definition(),
            ProcMountRestrictedCheck.definition(),
            RestrictedVolumesCheck.definition(),
            RunAsNonRootCheck.definition(),
            RunAsUserCheck.definition(),
            SeccompProfileRestrictedCheck.definition()));

    private PodSecurityChecks() {}

    /** Every check Gatehouse enforces, valid by construction. */
    public static List<PodSecurityCheck> defaults() {
        return DEFAULTS;
    }

    /**
     * Checks that a list of checks can be evaluated, and returns it. The rules: IDs are non-empty and unique; the
     * level is baseline or restricted; versions are non-empty, never {@code latest}, and strictly increasing;
     * only restricted checks override, and only existing baseline checks.
     *
     * @throws IllegalArgumentException naming the first check that breaks a rule, and the rule
     */
    public static List<PodSecurityCheck> validate(List<PodSecurityCheck> checks) {
        Map<String, Level> levels = new HashMap<>();
        for (PodSecurityCheck check : checks) {
            if (check.id().isEmpty()) {
                throw new IllegalArgumentException("A Pod Security check must have a non-empty ID.");
            }
            if (levels.putIfAbsent(check.id(), check.level()) != null) {
                throw new IllegalArgumentException("check " + check.id() + ": registered more than once");
            }
            if (check.level() != Level.BASELINE && check.level() != Level.RESTRICTED) {
                throw new IllegalArgumentException(
                        "check " + check.id() + ": level must be baseline or restricted, not " + check.level());
            }
            if (check.versions().isEmpty()) {
                throw new IllegalArgumentException("check " + check.id() + ": has no versions");
            }
            Version previous = null;
            for (VersionedCheck version : check.versions()) {
                if (version.minimumVersion().latest()) {
                    throw new IllegalArgumentException("check " + check.id() + ": a minimum version cannot be 'latest'");
                }
                if (previous != null && previous.compareTo(version.minimumVersion()) >= 0) {
                    throw new IllegalArgumentException("check " + check.id()
                            + ": versions must be strictly increasing, but " + version.minimumVersion()
                            + " follows " + previous);
                }
                previous = version.minimumVersion();
            }
        }
        for (PodSecurityCheck check : checks) {
            for (VersionedCheck version : check.versions()) {
                if (version.overrides().isEmpty()) {
                    continue;
                }
                if (check.level() != Level.RESTRICTED) {
                    throw new IllegalArgumentException("check " + check.id() + ": only restricted checks may override");
                }
                for (String overridden : version.overrides().stream().sorted().toList()) {
                    Level level = levels.get(overridden);
                    if (level == null) {
                        throw new IllegalArgumentException(
                                "check " + check.id() + ": overrides unknown check " + overridden);
                    }
                    if (level != Level.BASELINE) {
                        throw new IllegalArgumentException(
                                "check " + check.id() + ": overrides " + level + " check " + overridden
                                        + "; only baseline checks can be overridden");
                    }
                }
            }
        }
        return List.copyOf(checks);
    }

    /** The highest minimum version of any check: the version {@code latest} and all newer versions evaluate as. */
    public static Version maxVersion(List<PodSecurityCheck> checks) {
        int max = 0;
        for (PodSecurityCheck check : checks) {
            for (VersionedCheck version : check.versions()) {
                max = Math.max(max, version.minimumVersion().minor());
            }
        }
        return Version.of(max);
    }
}
