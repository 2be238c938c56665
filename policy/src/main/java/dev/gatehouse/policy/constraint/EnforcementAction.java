package dev.gatehouse.policy.constraint;

import java.util.Optional;

/** What a violation of a constraint does: block (deny), warn the client, or only be recorded (dryrun). */
public enum EnforcementAction {
    DENY("deny"),
    DRYRUN("dryrun"),
    WARN("warn"),
    /** The action depends on the enforcement point: see {@link Constraint#actionsAt}. */
    SCOPED("scoped");

    private final String value;

    EnforcementAction(String value) {
        this.value = value;
    }

    /** The spelling in constraint objects. */
    public String value() {
        return value;
    }

    /** Parses the spelling (case-insensitively, as Gatekeeper lower-cases it). */
    public static Optional<EnforcementAction> parse(String value) {
        for (EnforcementAction a : values()) {
            if (a.value.equalsIgnoreCase(value)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
