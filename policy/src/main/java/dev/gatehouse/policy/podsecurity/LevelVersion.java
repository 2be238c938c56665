package dev.gatehouse.policy.podsecurity;

import java.util.Objects;

/** A level evaluated at a version, printed as upstream prints it: {@code restricted:latest}, {@code baseline:v1.25}. */
public record LevelVersion(Level level, Version version) {

    public static final LevelVersion PRIVILEGED_LATEST = new LevelVersion(Level.PRIVILEGED, Version.LATEST);

    public LevelVersion {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(version, "version");
    }

    public static LevelVersion of(Level level, Version version) {
        return new LevelVersion(level, version);
    }

    public boolean isPrivileged() {
        return level == Level.PRIVILEGED;
    }

    @Override
    public String toString() {
        return level.label() + ":" + version;
    }
}
