package dev.gatehouse.policy.podsecurity.namespace;

import dev.gatehouse.policy.podsecurity.Level;
import dev.gatehouse.policy.podsecurity.LevelVersion;
import dev.gatehouse.policy.podsecurity.Version;
import dev.gatehouse.policy.podsecurity.field.FieldError;
import dev.gatehouse.policy.podsecurity.field.FieldErrors;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Pod Security policy of a namespace: the level and version for each of the three modes, resolved from the
 * namespace's {@code pod-security.kubernetes.io/*} labels over configured defaults, plus the label errors found.
 *
 * <p>A policy is always usable, even with errors, exactly as upstream resolves it: a bad enforce level becomes
 * {@code restricted} (fail closed), a bad audit or warn level becomes {@code privileged} (fail open), a bad version
 * becomes {@code latest}. When warn is not labelled and enforce is validly labelled stricter than warn, warn takes
 * enforce's level, and its version too unless {@code warn-version} is labelled.
 *
 * <pre>{@code
 * NamespacePolicy policy = NamespacePolicy.fromLabels(Map.of(PolicyLabels.ENFORCE, "baseline"), NamespacePolicy.PRIVILEGED);
 * policy.enforce();  // baseline:latest
 * policy.warn();     // baseline:latest (defaulted from enforce)
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param errors label errors, in label order (enforce, enforce-version, audit, audit-version, warn, warn-version)
 */
public record NamespacePolicy(LevelVersion enforce, LevelVersion audit, LevelVersion warn, List<FieldError> errors) {

    /** Every mode privileged at latest: the defaults when no configuration says otherwise. */
    public static final NamespacePolicy PRIVILEGED = new NamespacePolicy(
            LevelVersion.PRIVILEGED_LATEST, LevelVersion.PRIVILEGED_LATEST, LevelVersion.PRIVILEGED_LATEST, List.of());

    public NamespacePolicy {
        Objects.requireNonNull(enforce, "enforce");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(warn, "warn");
        errors = List.copyOf(errors);
    }

    /** A policy without errors, e.g. configured defaults. */
    public static NamespacePolicy of(LevelVersion enforce, LevelVersion audit, LevelVersion warn) {
        return new NamespacePolicy(enforce, audit, warn, List.of());
    }

    /** The policy of a namespace object (its labels over {@code defaults}); a null namespace has no labels. */
    public static NamespacePolicy fromNamespace(Namespace namespace, NamespacePolicy defaults) {
        Map<String, String> labels = namespace == null || namespace.getMetadata() == null
                ? null : namespace.getMetadata().getLabels();
        return fromLabels(labels, defaults);
    }

    /**
     * Resolves labels over {@code defaults} (whose errors are ignored). Labels other than the six Pod Security
     * labels are ignored; {@code labels} may be null. This is also the parser for labels given on a command line.
     */
    public static NamespacePolicy fromLabels(Map<String, String> labels, NamespacePolicy defaults) {
        Objects.requireNonNull(defaults, "defaults");
        if (labels == null || labels.isEmpty()) {
            return defaults.errors.isEmpty() ? defaults : of(defaults.enforce, defaults.audit, defaults.warn);
        }
        List<FieldError> errors = null;

        Level enforceLevel = defaults.enforce.level();
        Version enforceVersion = defaults.enforce.version();
        boolean enforceLevelValid = false;
        String value = labels.get(PolicyLabels.ENFORCE);
        if (value != null) {
            Optional<Level> parsed = Level.parse(value);
            enforceLevelValid = parsed.isPresent();
            enforceLevel = parsed.orElse(Level.RESTRICTED); // fail closed for enforce
            errors = levelError(errors, parsed, PolicyLabels.ENFORCE, value);
        }
        value = labels.get(PolicyLabels.ENFORCE_VERSION);
        if (value != null) {
            Optional<Version> parsed = Version.parse(value);
            enforceVersion = parsed.orElse(Version.LATEST);
            errors = versionError(errors, parsed, PolicyLabels.ENFORCE_VERSION, value);
        }

        Level auditLevel = defaults.audit.level();
        Version auditVersion = defaults.audit.version();
        value = labels.get(PolicyLabels.AUDIT);
        if (value != null) {
            Optional<Level> parsed = Level.parse(value);
            auditLevel = parsed.orElse(Level.PRIVILEGED); // fail open for audit
            errors = levelError(errors, parsed, PolicyLabels.AUDIT, value);
        }
        value = labels.get(PolicyLabels.AUDIT_VERSION);
        if (value != null) {
            Optional<Version> parsed = Version.parse(value);
            auditVersion = parsed.orElse(Version.LATEST);
            errors = versionError(errors, parsed, PolicyLabels.AUDIT_VERSION, value);
        }

        Level warnLevel = defaults.warn.level();
        Version warnVersion = defaults.warn.version();
        boolean warnLevelSet = false;
        boolean warnVersionSet = false;
        value = labels.get(PolicyLabels.WARN);
        if (value != null) {
            warnLevelSet = true;
            Optional<Level> parsed = Level.parse(value);
            warnLevel = parsed.orElse(Level.PRIVILEGED); // fail open for warn
            errors = levelError(errors, parsed, PolicyLabels.WARN, value);
        }
        value = labels.get(PolicyLabels.WARN_VERSION);
        if (value != null) {
            warnVersionSet = true;
            Optional<Version> parsed = Version.parse(value);
            warnVersion = parsed.orElse(Version.LATEST);
            errors = versionError(errors, parsed, PolicyLabels.WARN_VERSION, value);
        }

        // Users who label only enforce should still see warnings for what enforce would reject.
        if (!warnLevelSet && enforceLevelValid && compareLevels(enforceLevel, warnLevel) > 0) {
            warnLevel = enforceLevel;
            if (!warnVersionSet) {
                warnVersion = enforceVersion;
            }
        }

        return new NamespacePolicy(
                LevelVersions.of(enforceLevel, enforceVersion),
                LevelVersions.of(auditLevel, auditVersion),
                LevelVersions.of(warnLevel, warnVersion),
                errors == null ? List.of() : errors);
    }

    /** Compares levels by strictness: negative when {@code a} is less strict than {@code b}. */
    public static int compareLevels(Level a, Level b) {
        return Integer.compare(a.ordinal(), b.ordinal());
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** The errors joined as upstream aggregates them; empty when there are none. */
    public String errorMessage() {
        return FieldErrors.aggregate(errors);
    }

    /** Whether all three modes are privileged (errors are not considered). */
    public boolean fullyPrivileged() {
        return enforce.isPrivileged() && audit.isPrivileged() && warn.isPrivileged();
    }

    /**
     * Whether the two policies act the same: in each mode both privileged, or same level and version. Errors are
     * not considered.
     */
    public boolean equivalent(NamespacePolicy other) {
        return equivalent(enforce, other.enforce) && equivalent(audit, other.audit) && equivalent(warn, other.warn);
    }

    private static boolean equivalent(LevelVersion a, LevelVersion b) {
        return (a.isPrivileged() && b.isPrivileged()) || a.equals(b);
    }

    private static List<FieldError> levelError(List<FieldError> errors, Optional<Level> parsed, String label, String value) {
        if (parsed.isPresent()) {
            return errors;
        }
        return add(errors, FieldError.invalid(PolicyLabels.fieldPath(label), value, PolicyLabels.INVALID_LEVEL));
    }

    private static List<FieldError> versionError(List<FieldError> errors, Optional<Version> parsed, String label, String value) {
        if (parsed.isPresent()) {
            return errors;
        }
        return add(errors, FieldError.invalid(PolicyLabels.fieldPath(label), value, PolicyLabels.INVALID_VERSION));
    }

    private static List<FieldError> add(List<FieldError> errors, FieldError error) {
        List<FieldError> out = errors == null ? new ArrayList<>(2) : errors;
        out.add(error);
        return out;
    }

    /** {@code enforce=<lv>, audit=<lv>, warn=<lv>} for logs. */
    @Override
    public String toString() {
        return "enforce=" + enforce + ", audit=" + audit + ", warn=" + warn
                + (errors.isEmpty() ? "" : ", errors=" + errorMessage());
    }
}
