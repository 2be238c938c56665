package dev.gatehouse.policy.podsecurity;

import java.util.List;
import java.util.Objects;

/**
 * A Pod Security Standards check as plain data: its ID, the level it belongs to and its version history
 * (strictly increasing minimum versions). The rules that make a list of checks valid are enforced by
 * {@link PodSecurityChecks#validate(List)}, which names the offending check.
 *
 * <p>Immutable and thread-safe.
 */
public record PodSecurityCheck(String id, Level level, List<VersionedCheck> versions) {

    public PodSecurityCheck {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(level, "level");
        versions = List.copyOf(versions);
    }

    static PodSecurityCheck baseline(String id, VersionedCheck... versions) {
        return new PodSecurityCheck(id, Level.BASELINE, List.of(versions));
    }

    static PodSecurityCheck restricted(String id, VersionedCheck... versions) {
        return new PodSecurityCheck(id, Level.RESTRICTED, List.of(versions));
    }

    /** The entry in force at {@code minor} (the one with the highest minimum version not above it), or null. */
    public VersionedCheck at(int minor) {
        VersionedCheck found = null;
        for (VersionedCheck version : versions) {
            if (version.minimumVersion().minor() <= minor) {
                found = version;
            }
        }
        return found;
    }
}
