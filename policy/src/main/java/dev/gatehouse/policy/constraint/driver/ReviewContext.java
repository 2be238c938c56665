package dev.gatehouse.policy.constraint.driver;

import dev.gatehouse.policy.constraint.EnforcementPoint;
import dev.gatehouse.policy.review.Review;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * What a driver evaluates a constraint against: the request as received (a driver that wants Gatekeeper's Rego
 * convention of {@code object} = the old object on DELETE applies it itself), the object's Namespace when known,
 * the enforcement point asking, and the replicated cluster objects Rego templates read as {@code data.inventory}.
 *
 * @param namespaceObject the Namespace of a namespaced object, or null
 * @param inventory       the {@code data.inventory} document ({@link Inventory}), or null when nothing is synced
 */
public record ReviewContext(Review review, JsonNode namespaceObject, EnforcementPoint point, JsonNode inventory) {
    public ReviewContext {
        Objects.requireNonNull(review, "review");
        Objects.requireNonNull(point, "point");
    }

    /** A context without inventory. */
    public ReviewContext(Review review, JsonNode namespaceObject, EnforcementPoint point) {
        this(review, namespaceObject, point, null);
    }
}
