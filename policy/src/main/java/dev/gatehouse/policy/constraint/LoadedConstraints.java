package dev.gatehouse.policy.constraint;

import dev.gatehouse.policy.constraint.expansion.ExpansionTemplate;
import java.util.List;

/**
 * What {@link ConstraintLoader} read: the valid templates and constraints, the other objects (candidates for
 * review or inventory), an error for every document it could not accept, and the valid ExpansionTemplates.
 */
public record LoadedConstraints(
        List<ConstraintTemplate> templates,
        List<Constraint> constraints,
        List<tools.jackson.databind.JsonNode> otherObjects,
        List<LoadError> errors,
        List<ExpansionTemplate> expansionTemplates) {

    public LoadedConstraints {
        templates = List.copyOf(templates);
        constraints = List.copyOf(constraints);
        otherObjects = List.copyOf(otherObjects);
        errors = List.copyOf(errors);
        expansionTemplates = List.copyOf(expansionTemplates);
    }

    /** What was loaded, without ExpansionTemplates. */
    public LoadedConstraints(List<ConstraintTemplate> templates, List<Constraint> constraints,
            List<tools.jackson.databind.JsonNode> otherObjects, List<LoadError> errors) {
        this(templates, constraints, otherObjects, errors, List.of());
    }
}
