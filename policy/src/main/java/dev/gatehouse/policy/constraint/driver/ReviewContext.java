package dev.gatehouse.policy.constraint.driver;

import dev.gatehouse.policy.constraint.EnforcementPoint;
import dev.gatehouse.policy.review.Review;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * What a driver evaluates a constraint against: the request as received (a driver that wants Gatekeeper's Rego
 * convention of {@code object} = the old object on DELETE applies it itself), the object's Namespace when known, and the enforcement point asking.
 *
 * @param namespaceObject the Namespace of a namespaced object, or null
 */
public record ReviewContext(Review review, JsonNode namespaceObject, EnforcementPoint point) {
    public ReviewContext {
        Objects.requireNonNull(review, "review");
        Objects.requireNonNull(point, "point");
    }
}
