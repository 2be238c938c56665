package dev.gatehouse.policy.constraint;

import dev.gatehouse.policy.review.Operation;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A validated ConstraintTemplate ({@code templates.gatekeeper.sh} v1, v1beta1 or v1alpha1): the constraint kind it
 * defines, the schema of that kind's {@code spec.parameters}, and its code for each engine, kept as written so that
 * each driver compiles what it understands. Built by {@link TemplateParser}.
 *
 * @param name            metadata.name, the lowercase of {@code kind}
 * @param kind            the constraint kind it defines ({@code constraints.gatekeeper.sh/<kind>})
 * @param apiVersion      the template's apiVersion as written
 * @param parameterSchema the openAPIV3Schema of spec.parameters, or null when the template declares none
 * @param legacySchema    whether unknown parameter fields are preserved and a missing schema allowed
 * @param cel             the K8sNativeValidation code, if any
 * @param rego            the Rego code (either the {@code rego}/{@code libs} fields or a {@code Rego} code entry)
 * @param operations      the operations the webhook should send to this template; empty means all
 * @param object          the template object as read
 */
public record ConstraintTemplate(
        String name,
        String kind,
        String apiVersion,
        JsonNode parameterSchema,
        boolean legacySchema,
        Optional<CelSource> cel,
        Optional<RegoSource> rego,
        Set<Operation> operations,
        JsonNode object) {

    /** The group of the constraint kinds templates define. */
    public static final String CONSTRAINTS_GROUP = "constraints.gatekeeper.sh";
    /** The only target Gatekeeper's admission handler serves. */
    public static final String ADMISSION_TARGET = "admission.k8s.gatekeeper.sh";

    public ConstraintTemplate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(cel, "cel");
        Objects.requireNonNull(rego, "rego");
        operations = Set.copyOf(operations);
        Objects.requireNonNull(object, "object");
    }

    /** {@code ConstraintTemplate/<name>}, for messages. */
    public String describe() {
        return "ConstraintTemplate/" + name;
    }
}
