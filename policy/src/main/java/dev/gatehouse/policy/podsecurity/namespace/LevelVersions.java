package dev.gatehouse.policy.podsecurity.namespace;

import dev.gatehouse.policy.podsecurity.Level;
import dev.gatehouse.policy.podsecurity.LevelVersion;
import dev.gatehouse.policy.podsecurity.Version;

/**
 * Shared {@link LevelVersion} instances for the common combinations, so resolving a namespace's labels on every
 * admission request does not allocate new ones. Thread-safe: the table is filled once and never changed.
 */
final class LevelVersions {

    // Versions v1.0 .. v1.63 cover every released and foreseeable policy version.
    private static final int CACHED_MINORS = 64;
    private static final LevelVersion[][] NUMBERED = new LevelVersion[Level.values().length][CACHED_MINORS];
    private static final LevelVersion[] LATEST = new LevelVersion[Level.values().length];

    static {
        for (Level level : Level.values()) {
            LATEST[level.ordinal()] = level == Level.PRIVILEGED
                    ? LevelVersion.PRIVILEGED_LATEST : LevelVersion.of(level, Version.LATEST);
            for (int minor = 0; minor < CACHED_MINORS; minor++) {
                NUMBERED[level.ordinal()][minor] = LevelVersion.of(level, Version.of(minor));
            }
        }
    }

    private LevelVersions() {
    }

    static LevelVersion of(Level level, Version version) {
        if (version.latest()) {
            return LATEST[level.ordinal()];
        }
        if (version.minor() < CACHED_MINORS) {
            return NUMBERED[level.ordinal()][version.minor()];
        }
        return LevelVersion.of(level, version);
    }
}
