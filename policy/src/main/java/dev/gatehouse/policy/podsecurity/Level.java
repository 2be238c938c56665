package dev.gatehouse.policy.podsecurity;

import java.util.Optional;

/**
 * A Pod Security Standards level. {@code PRIVILEGED} runs no checks; {@code RESTRICTED} runs the restricted
 * checks plus every baseline check that no restricted check overrides at the evaluated version.
 */
public enum Level {
    PRIVILEGED("privileged"),
    BASELINE("baseline"),
    RESTRICTED("restricted");

    private final String label;

    Level(String label) {
        this.label = label;
    }

    /** The lower-case name used in namespace labels and messages. */
    public String label() {
        return label;
    }

    /** Parses a level exactly as the namespace label spells it (case-sensitive, as upstream). */
    public static Optional<Level> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (Level level : values()) {
            if (level.label.equals(value)) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }

    /** Whether this level is at least as strict as {@code other}. */
    public boolean isAtLeast(Level other) {
        return ordinal() >= other.ordinal();
    }

    @Override
    public String toString() {
        return label;
    }
}
