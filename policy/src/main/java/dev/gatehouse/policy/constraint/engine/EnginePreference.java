package dev.gatehouse.policy.constraint.engine;

import java.util.Locale;
import java.util.Optional;

/**
 * Which driver evaluates a template that has code for both: CEL (Gatekeeper's default once CEL is enabled: no
 * fallback to Rego), Rego only, or auto (CEL when present, else Rego).
 */
public enum EnginePreference {
    REGO, CEL, AUTO;

    /** Parses {@code rego}, {@code cel} or {@code auto}. */
    public static Optional<EnginePreference> parse(String value) {
        for (EnginePreference p : values()) {
            if (p.name().equalsIgnoreCase(value)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
