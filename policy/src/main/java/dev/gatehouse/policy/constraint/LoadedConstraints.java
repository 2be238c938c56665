package dev.gatehouse.policy.constraint;

import dev.gatehouse.policy.constraint.expansion.ExpansionTemplate;
import dev.gatehouse.policy.vap.LoadedPolicies;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ConstraintLoader} read: the valid templates and constraints, the other objects (candidates for
 * review, inventory or policy parameters), an error for every document it could not accept, the valid
 * ExpansionTemplates, and the valid ValidatingAdmissionPolicies and bindings.
 */
public record LoadedConstraints(
        List<ConstraintTemplate> templates,
        List<Constraint> constraints,
        List<tools.jackson.databind.JsonNode> otherObjects,
        List<LoadError> errors,
        List<ExpansionTemplate> expansionTemplates,
        LoadedPolicies admissionPolicies) {

    public LoadedConstraints {
        templates = List.copyOf(templates);
        constraints = List.copyOf(constraints);
        otherObjects = List.copyOf(otherObjects);
        errors = List.copyOf(errors);
        expansionTemplates = List.copyOf(expansionTemplates);
        Objects.requireNonNull(admissionPolicies, "admissionPolicies");
    }

    /** Templates and constraints only: no ExpansionTemplates, no ValidatingAdmissionPolicies. */
    public LoadedConstraints(List<ConstraintTemplate> templates, List<Constraint> constraints,
            List<tools.jackson.databind.JsonNode> otherObjects, List<LoadError> errors) {
        this(templates, constraints, otherObjects, errors, List.of(), LoadedPolicies.EMPTY);
    }
}
