package dev.gatehouse.policy.podsecurity;

import java.util.Optional;

/**
 * A Pod Security policy version: {@code latest} or {@code v1.N}. Immutable; ordered with {@code latest} above
 * every numbered version.
 *
 * <p>Parsing follows upstream exactly: {@code ^v1\.(0|[1-9][0-9]*)$}, no leading zeros, no other major.
 */
public record Version(int major, int minor, boolean latest) implements Comparable<Version> {

    public static final Version LATEST = new Version(0, 0, true);

    public Version {
        if (!latest && (major != 1 || minor < 0)) {
            throw new IllegalArgumentException("A Pod Security version must be v1.N with N >= 0, got v" + major + "." + minor);
        }
    }

    /** Version {@code v1.minor}. */
    public static Version of(int minor) {
        return new Version(1, minor, false);
    }

    /** Parses {@code latest} or {@code v1.N}; empty for anything else. */
    public static Optional<Version> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.equals("latest")) {
            return Optional.of(LATEST);
        }
        if (value.length() < 4 || !value.startsWith("v1.")) {
            return Optional.empty();
        }
        String digits = value.substring(3);
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            return Optional.empty();
        }
        // Nine digits keep the value inside an int; upstream caps at the platform int as well.
        if (digits.length() > 9) {
            return Optional.empty();
        }
        int minor = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
            minor = minor * 10 + (c - '0');
        }
        return Optional.of(of(minor));
    }

    @Override
    public int compareTo(Version other) {
        if (latest || other.latest) {
            return Boolean.compare(latest, other.latest);
        }
        return Integer.compare(minor, other.minor);
    }

    /** {@code latest} or {@code v1.N}, as upstream prints it. */
    @Override
    public String toString() {
        return latest ? "latest" : "v" + major + "." + minor;
    }
}
