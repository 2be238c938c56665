package dev.gatehouse.policy.podsecurity;

import java.util.Objects;
import java.util.Set;

/**
 * One entry of a check's version history: the behaviour in force from {@code minimumVersion} until the next
 * entry's minimum version. A change of behaviour is a new entry with a new function, never an edit of an old one,
 * so that pods evaluated at a pinned version keep their verdict. Immutable and thread-safe.
 *
 * @param minimumVersion the first policy version this behaviour applies to; never {@code latest}
 * @param function the check itself
 * @param overrides IDs of baseline checks that this (restricted) entry replaces at restricted level while it is
 *     in force, because it checks the same fields more strictly
 */
public record VersionedCheck(Version minimumVersion, CheckFunction function, Set<String> overrides) {

    public VersionedCheck {
        Objects.requireNonNull(minimumVersion, "minimumVersion");
        Objects.requireNonNull(function, "function");
        overrides = Set.copyOf(overrides);
    }

    /** A version entry that overrides no other check. */
    public static VersionedCheck of(int minimumMinor, CheckFunction function) {
        return new VersionedCheck(Version.of(minimumMinor), function, Set.of());
    }

    /** A version entry of a restricted check that replaces the named baseline checks while it is in force. */
    public static VersionedCheck overriding(int minimumMinor, CheckFunction function, String... overriddenIds) {
        return new VersionedCheck(Version.of(minimumMinor), function, Set.of(overriddenIds));
    }
}
