package dev.gatehouse.policy.review;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The engine's answer to a {@link Review}: allowed or not, the status to return when denied, warnings for the
 * client, and audit annotations (un-prefixed keys; the API server prefixes them with the webhook's name).
 *
 * @param code    HTTP-style status code for a denial (403 Forbidden, 422 Invalid, 500 internal); 200 when allowed
 * @param reason  the Kubernetes status reason for a denial ("Forbidden", "Invalid", "InternalError"); empty when allowed
 * @param message the status message for a denial; empty when allowed
 * @param causes  field causes for a 422 (e.g. invalid namespace labels); empty otherwise
 */
public record Decision(
        boolean allowed,
        int code,
        String reason,
        String message,
        List<Cause> causes,
        List<String> warnings,
        Map<String, String> auditAnnotations) {

    public Decision {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        causes = List.copyOf(causes);
        warnings = List.copyOf(warnings);
        // Keep insertion order: annotations are shown to users in the order they were added.
        auditAnnotations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(auditAnnotations));
    }

    public static Decision allow() {
        return new Decision(true, 200, "", "", List.of(), List.of(), Map.of());
    }

    /** One field-level cause of an Invalid (422) status, as metav1.StatusCause. */
    public record Cause(String type, String message, String field) {}
}
