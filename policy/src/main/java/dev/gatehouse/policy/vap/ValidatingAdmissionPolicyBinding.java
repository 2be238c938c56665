package dev.gatehouse.policy.vap;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A validated ValidatingAdmissionPolicyBinding: which policy, with which parameters, narrowed to which requests,
 * and what a failed validation does. Immutable and thread-safe.
 *
 * @param matchResources    empty = every request the policy matches; else intersected with the policy's
 * @param validationActions in the order written (the audit annotation lists them so)
 * @param object            the binding object as read
 */
public record ValidatingAdmissionPolicyBinding(
        String name,
        String policyName,
        Optional<ParamRef> paramRef,
        Optional<MatchResources> matchResources,
        List<ValidationAction> validationActions,
        JsonNode object) {

    /** The kind of the object. */
    public static final String KIND = "ValidatingAdmissionPolicyBinding";

    public ValidatingAdmissionPolicyBinding {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(paramRef, "paramRef");
        Objects.requireNonNull(matchResources, "matchResources");
        validationActions = List.copyOf(validationActions);
        Objects.requireNonNull(object, "object");
    }

    /** {@code ValidatingAdmissionPolicyBinding/<name>}, for messages. */
    public String describe() {
        return KIND + "/" + name;
    }
}
