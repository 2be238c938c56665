package dev.gatehouse.policy.constraint;

import dev.gatehouse.policy.vap.LoadedPolicies;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ConstraintLoader} read: the valid templates and constraints, the valid ValidatingAdmissionPolicies
 * and bindings, the other objects (candidates for review, inventory or policy parameters), and an error for every
 * document it could not accept.
 */
public record LoadedConstraints(
        List<ConstraintTemplate> templates,
        List<Constraint> constraints,
        List<tools.jackson.databind.JsonNode> otherObjects,
        List<LoadError> errors,
        LoadedPolicies admissionPolicies) {

    public LoadedConstraints {
        templates = List.copyOf(templates);
        constraints = List.copyOf(constraints);
        otherObjects = List.copyOf(otherObjects);
        errors = List.copyOf(errors);
        Objects.requireNonNull(admissionPolicies, "admissionPolicies");
    }

    /** Templates and constraints only, no ValidatingAdmissionPolicies. */
    public LoadedConstraints(List<ConstraintTemplate> templates, List<Constraint> constraints,
            List<tools.jackson.databind.JsonNode> otherObjects, List<LoadError> errors) {
        this(templates, constraints, otherObjects, errors, LoadedPolicies.EMPTY);
    }
}
