package dev.gatehouse.policy.constraint;

import java.util.List;

/**
 * What {@link ConstraintLoader} read: the valid templates and constraints, the other objects (candidates for
 * review or inventory), and an error for every document it could not accept.
 */
public record LoadedConstraints(
        List<ConstraintTemplate> templates,
        List<Constraint> constraints,
        List<tools.jackson.databind.JsonNode> otherObjects,
        List<LoadError> errors) {

    public LoadedConstraints {
        templates = List.copyOf(templates);
        constraints = List.copyOf(constraints);
        otherObjects = List.copyOf(otherObjects);
        errors = List.copyOf(errors);
    }
}
