package dev.gatehouse.policy.vap;

import java.util.Optional;

/** What a binding does with a failed validation ({@code spec.validationActions}). */
public enum ValidationAction {
    /** The request is rejected. */
    DENY("Deny"),
    /** The client receives a warning. */
    WARN("Warn"),
    /** The failure is recorded in the audit annotation {@code validation.policy.admission.k8s.io/validation_failure}. */
    AUDIT("Audit");

    private final String value;

    ValidationAction(String value) {
        this.value = value;
    }

    /** The spelling in binding objects (case-sensitive, as the API server checks it). */
    public String value() {
        return value;
    }

    /** The action with exactly this spelling. */
    public static Optional<ValidationAction> parse(String value) {
        for (ValidationAction a : values()) {
            if (a.value.equals(value)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
