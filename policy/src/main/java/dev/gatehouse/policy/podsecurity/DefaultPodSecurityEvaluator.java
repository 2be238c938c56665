package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Pod Security evaluator: runs, for a level and version, exactly the checks upstream runs, in upstream order,
 * and reports the forbidden ones.
 *
 * <p>All resolution happens once, at construction: for every version from v1.0 to the registry's
 * {@linkplain #maxVersion() maximum} and each of baseline and restricted, the in-force function of every check
 * (restricted minus the baseline checks it overrides) is laid out in an array, baseline IDs in byte order then
 * restricted IDs in byte order. {@code latest} and versions newer than the maximum use the maximum's array.
 * Evaluating an allowed pod walks one array and returns a pre-built result: no allocation. Privileged does no work.
 *
 * <p>Before evaluating, {@link #evaluate} applies the one API-server default that matters to Pod Security
 * ({@link VolumeDefaults}: a source-less volume is an emptyDir), so raw manifests get the verdict the cluster
 * would give; this costs one pass over the volumes and copies the spec only when there is something to default.
 *
 * <p>Immutable and thread-safe; share one instance.
 *
 * <pre>{@code
 * EvaluationResult result = DefaultPodSecurityEvaluator.standard()
 *         .evaluate(LevelVersion.of(Level.RESTRICTED, Version.LATEST), pod.getMetadata(), pod.getSpec());
 * }</pre>
 */
public final class DefaultPodSecurityEvaluator implements PodSecurityEvaluator {

    private static final DefaultPodSecurityEvaluator STANDARD = new DefaultPodSecurityEvaluator(PodSecurityChecks.defaults());

    private final Version maxVersion;
    private final int maxMinor;
    // [level ordinal][minor] -> the functions to run, and their check IDs, in reason order.
    private final CheckFunction[][][] functions;
    private final String[][][] ids;
    // [level ordinal][minor] -> the allowed result for that exact level and numbered version; [level] for latest.
    private final EvaluationResult[][] allowedNumbered;
    private final EvaluationResult[] allowedLatest;

    private DefaultPodSecurityEvaluator(List<PodSecurityCheck> checks) {
        List<PodSecurityCheck> valid = PodSecurityChecks.validate(checks);
        this.maxVersion = PodSecurityChecks.maxVersion(valid);
        this.maxMinor = maxVersion.minor();
        List<PodSecurityCheck> baseline = sortedById(valid, Level.BASELINE);
        List<PodSecurityCheck> restricted = sortedById(valid, Level.RESTRICTED);

        int levels = Level.values().length;
        this.functions = new CheckFunction[levels][maxMinor + 1][];
        this.ids = new String[levels][maxMinor + 1][];
        this.allowedNumbered = new EvaluationResult[levels][maxMinor + 1];
        this.allowedLatest = new EvaluationResult[levels];
        for (Level level : Level.values()) {
            allowedLatest[level.ordinal()] = new EvaluationResult(LevelVersion.of(level, Version.LATEST), List.of());
        }
        for (int minor = 0; minor <= maxMinor; minor++) {
            Set<String> overridden = new HashSet<>();
            for (PodSecurityCheck check : restricted) {
                VersionedCheck entry = check.at(minor);
                if (entry != null) {
                    overridden.addAll(entry.overrides());
                }
            }
            List<PodSecurityCheck> baselineRun = new ArrayList<>();
            List<PodSecurityCheck> restrictedRun = new ArrayList<>();
            for (PodSecurityCheck check : baseline) {
                if (check.at(minor) != null) {
                    baselineRun.add(check);
                    if (!overridden.contains(check.id())) {
                        restrictedRun.add(check);
                    }
                }
            }
            for (PodSecurityCheck check : restricted) {
                if (check.at(minor) != null) {
                    restrictedRun.add(check);
                }
            }
            lay(Level.PRIVILEGED, minor, List.of());
            lay(Level.BASELINE, minor, baselineRun);
            lay(Level.RESTRICTED, minor, restrictedRun);
            for (Level level : Level.values()) {
                allowedNumbered[level.ordinal()][minor] = new EvaluationResult(LevelVersion.of(level, Version.of(minor)), List.of());
            }
        }
    }

    /** The evaluator over {@link PodSecurityChecks#defaults()}. */
    public static DefaultPodSecurityEvaluator standard() {
        return STANDARD;
    }

    /**
     * An evaluator over the given checks.
     *
     * @throws IllegalArgumentException if the checks are not valid (see {@link PodSecurityChecks#validate})
     */
    public static DefaultPodSecurityEvaluator of(List<PodSecurityCheck> checks) {
        return new DefaultPodSecurityEvaluator(checks);
    }

    /** The newest policy version with its own behaviour; {@code latest} and anything newer evaluate as this. */
    public Version maxVersion() {
        return maxVersion;
    }

    /** The IDs of the checks run for a level and version, in the order their reasons are reported. */
    public List<String> checkIds(LevelVersion levelVersion) {
        return List.of(ids[levelVersion.level().ordinal()][effectiveMinor(levelVersion.version())]);
    }

    @Override
    public EvaluationResult evaluate(LevelVersion levelVersion, ObjectMeta metadata, PodSpec spec) {
        Level level = levelVersion.level();
        if (level == Level.PRIVILEGED) {
            return allowed(levelVersion);
        }
        CheckFunction[] run = functions[level.ordinal()][effectiveMinor(levelVersion.version())];
        ObjectMeta meta = metadata == null ? new ObjectMeta() : metadata;
        PodSpec podSpec = spec == null ? new PodSpec() : VolumeDefaults.apply(spec);
        List<CheckResult> violations = null;
        for (CheckFunction function : run) {
            CheckResult result = function.check(meta, podSpec);
            if (!result.allowed()) {
                if (violations == null) {
                    violations = new ArrayList<>(4);
                }
                violations.add(result);
            }
        }
        return violations == null ? allowed(levelVersion) : new EvaluationResult(levelVersion, violations);
    }

    private int effectiveMinor(Version version) {
        return version.latest() || version.minor() > maxMinor ? maxMinor : version.minor();
    }

    private EvaluationResult allowed(LevelVersion levelVersion) {
        Version version = levelVersion.version();
        int level = levelVersion.level().ordinal();
        if (version.latest()) {
            return allowedLatest[level];
        }
        if (version.minor() <= maxMinor) {
            return allowedNumbered[level][version.minor()];
        }
        return new EvaluationResult(levelVersion, List.of());
    }

    private void lay(Level level, int minor, List<PodSecurityCheck> checks) {
        CheckFunction[] fns = new CheckFunction[checks.size()];
        String[] names = new String[checks.size()];
        for (int i = 0; i < fns.length; i++) {
            fns[i] = checks.get(i).at(minor).function();
            names[i] = checks.get(i).id();
        }
        functions[level.ordinal()][minor] = fns;
        ids[level.ordinal()][minor] = names;
    }

    private static List<PodSecurityCheck> sortedById(List<PodSecurityCheck> checks, Level level) {
        List<PodSecurityCheck> out = new ArrayList<>();
        for (PodSecurityCheck check : checks) {
            if (check.level() == level) {
                out.add(check);
            }
        }
        out.sort((a, b) -> Messages.BYTE_ORDER.compare(a.id(), b.id()));
        return out;
    }
}
