package dev.gatehouse.policy.vap;

import dev.gatehouse.policy.cel.CompositedVariables;
import dev.gatehouse.policy.constraint.FailurePolicy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A validated and compiled ValidatingAdmissionPolicy: every expression was compiled once at load time against the
 * Kubernetes CEL environment ({@code params} declared only with a {@link ParamKind}); {@link #variables()} holds
 * the composited variables, evaluated lazily per request. Immutable and thread-safe.
 *
 * @param matchConstraints which requests the policy applies to
 * @param failurePolicy    what evaluation and configuration errors do (Fail by default)
 * @param object           the policy object as read
 */
public record ValidatingAdmissionPolicy(
        String name,
        Optional<ParamKind> paramKind,
        MatchResources matchConstraints,
        FailurePolicy failurePolicy,
        CompositedVariables variables,
        List<MatchCondition> matchConditions,
        List<Validation> validations,
        List<AuditAnnotation> auditAnnotations,
        JsonNode object) {

    /** The kind of the object. */
    public static final String KIND = "ValidatingAdmissionPolicy";

    public ValidatingAdmissionPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(paramKind, "paramKind");
        Objects.requireNonNull(matchConstraints, "matchConstraints");
        Objects.requireNonNull(failurePolicy, "failurePolicy");
        Objects.requireNonNull(variables, "variables");
        matchConditions = List.copyOf(matchConditions);
        validations = List.copyOf(validations);
        auditAnnotations = List.copyOf(auditAnnotations);
        Objects.requireNonNull(object, "object");
    }

    /** {@code ValidatingAdmissionPolicy/<name>}, for messages. */
    public String describe() {
        return KIND + "/" + name;
    }
}
