package dev.gatehouse.policy.vap;

import dev.gatehouse.policy.review.Decision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything the policies found for one request: the failures in evaluation order (policies, then bindings, then
 * parameters, then validations) and the audit annotations the policies' {@code auditAnnotations} published
 * ({@code <policy>/<key>} = distinct values joined with ", ").
 *
 * <p>{@link #decision()} words the result as the API server does: the first failure with Deny rejects the request,
 * every failure with Warn is a warning, the first with Audit is the {@value #VALIDATION_FAILURE} annotation.
 * Immutable.
 */
public record PolicyOutcome(List<PolicyFailure> failures, Map<String, String> auditAnnotations) {
    /** The audit annotation recording a failure whose binding audits. */
    public static final String VALIDATION_FAILURE = "validation.policy.admission.k8s.io/validation_failure";

    /** Nothing matched, nothing failed. */
    public static final PolicyOutcome EMPTY = new PolicyOutcome(List.of(), Map.of());

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public PolicyOutcome {
        failures = List.copyOf(failures);
        auditAnnotations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(auditAnnotations));
    }

    /** The first failure that denies, or null. */
    public PolicyFailure denial() {
        for (PolicyFailure f : failures) {
            if (f.actions().contains(ValidationAction.DENY)) {
                return f;
            }
        }
        return null;
    }

    /** The warnings, one per failure whose binding warns. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        for (PolicyFailure f : failures) {
            if (f.actions().contains(ValidationAction.WARN)) {
                warnings.add(f.warningMessage());
            }
        }
        return warnings;
    }

    /** The audit annotations: the policies' own, then {@value #VALIDATION_FAILURE} for the first audited failure. */
    public Map<String, String> annotations() {
        Map<String, String> out = new LinkedHashMap<>(auditAnnotations);
        for (PolicyFailure f : failures) {
            if (f.actions().contains(ValidationAction.AUDIT)) {
                // The API server keeps the first value of an annotation key; later failures are dropped.
                out.put(VALIDATION_FAILURE, validationFailureJson(f));
                break;
            }
        }
        return out;
    }

    /** The HTTP status code of a denial with this reason, as the API server maps it. */
    public static int code(String reason) {
        return switch (reason) {
            case "Unauthorized" -> 401;
            case "Forbidden" -> 403;
            case "RequestEntityTooLarge" -> 413;
            default -> 422;
        };
    }

    /**
     * The decision: denied by the first Deny failure (status reason and code from the validation's reason,
     * message {@link PolicyFailure#denialMessage()}), with every warning and annotation.
     */
    public Decision decision() {
        PolicyFailure denial = denial();
        if (denial == null) {
            return new Decision(true, 200, "", "", List.of(), warnings(), annotations());
        }
        return new Decision(false, code(denial.reason()), denial.reason(), denial.denialMessage(),
                List.of(new Decision.Cause("", denial.denialMessage(), "")), warnings(), annotations());
    }

    private static String validationFailureJson(PolicyFailure f) {
        ArrayNode list = JSON.createArrayNode();
        ObjectNode entry = list.addObject();
        entry.put("message", f.message());
        entry.put("policy", f.policy());
        entry.put("binding", f.binding());
        entry.put("expressionIndex", f.expressionIndex());
        ArrayNode actions = entry.putArray("validationActions");
        f.actions().forEach(a -> actions.add(a.value()));
        return JSON.writeValueAsString(list);
    }
}
