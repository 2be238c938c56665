package dev.gatehouse.policy.constraint.expansion;

import dev.gatehouse.policy.constraint.EnforcementAction;
import dev.gatehouse.policy.review.GroupVersionKind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A validated ExpansionTemplate ({@code expansion.gatekeeper.sh/v1alpha1} or {@code v1beta1}): objects of the kinds
 * in {@link #applyTo} are expanded into an object of kind {@link #generatedKind} built from the field at
 * {@link #templateSource}, and violations of that object are reported on the workload, with
 * {@link #enforcementAction} instead of the constraint's action when it is set.
 *
 * @param name              metadata.name; the generated objects' violations say {@code [Implied by <name>]}
 * @param templateSource    the dotted path of the source field, e.g. {@code spec.template}
 * @param sourcePath        {@code templateSource} split at the dots
 * @param generatedKind     spec.generatedGVK
 * @param enforcementAction spec.enforcementAction, empty to keep each constraint's own action
 * @param object            the ExpansionTemplate object as read
 */
public record ExpansionTemplate(
        String name,
        List<ApplyTo> applyTo,
        String templateSource,
        List<String> sourcePath,
        GroupVersionKind generatedKind,
        Optional<EnforcementAction> enforcementAction,
        JsonNode object) {

    /** The API group of ExpansionTemplates. */
    public static final String GROUP = "expansion.gatekeeper.sh";
    /** The versions served upstream. */
    public static final List<String> VERSIONS = List.of("v1alpha1", "v1beta1");

    public ExpansionTemplate {
        Objects.requireNonNull(name, "name");
        applyTo = List.copyOf(applyTo);
        Objects.requireNonNull(templateSource, "templateSource");
        sourcePath = List.copyOf(sourcePath);
        Objects.requireNonNull(generatedKind, "generatedKind");
        Objects.requireNonNull(enforcementAction, "enforcementAction");
    }

    /** Whether this template expands objects of the kind. */
    public boolean appliesTo(GroupVersionKind gvk) {
        for (ApplyTo a : applyTo) {
            if (a.matches(gvk)) {
                return true;
            }
        }
        return false;
    }

    /** {@code ExpansionTemplate/<name>}, for messages. */
    public String describe() {
        return "ExpansionTemplate/" + name;
    }
}
