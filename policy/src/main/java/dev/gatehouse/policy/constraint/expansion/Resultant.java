package dev.gatehouse.policy.constraint.expansion;

import dev.gatehouse.policy.review.GroupVersionKind;
import dev.gatehouse.policy.review.GroupVersionResource;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.policy.review.Review;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * An object that expanding a workload produced (upstream: a "resultant"), with the template that produced it.
 *
 * @param object    the generated object (apiVersion, kind, metadata.name {@code <parent>-<kind>}, namespace, owner
 *                  reference to the parent); not shared with the parent
 * @param kind      its group, version and kind (the template's generatedGVK)
 * @param template  the ExpansionTemplate that produced it: its name prefixes the violations, its enforcement action
 *                  (when set) replaces the constraints'
 */
public record Resultant(JsonNode object, GroupVersionKind kind, ExpansionTemplate template) {
    public Resultant {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(template, "template");
    }

    /** metadata.name of the generated object. */
    public String name() {
        return object.path("metadata").path("name").asString("");
    }

    /** metadata.namespace of the generated object; empty when cluster-scoped. */
    public String namespace() {
        return object.path("metadata").path("namespace").asString("");
    }

    /** {@code [Implied by <template>] }: what precedes the messages of this object's violations. */
    public String messagePrefix() {
        return "[Implied by " + template.name() + "] ";
    }

    /**
     * The generated object as a review of its own: the object the controller would CREATE, with no request
     * metadata (no uid, user or old object), as upstream reviews it.
     */
    public Review review() {
        return new Review("", kind, GroupVersionResource.guessFor(kind), "",
                name(), namespace(), Operation.CREATE, null, object, null, false);
    }

}
