package dev.gatehouse.policy.constraint.driver.cel;

import dev.gatehouse.policy.cel.CompositedVariables;
import dev.gatehouse.policy.cel.JsonTree;
import dev.gatehouse.policy.constraint.driver.ReviewContext;
import dev.gatehouse.policy.review.Review;
import java.util.HashMap;
import java.util.Map;

/**
 * The part of the CEL activation that depends only on the review ({@code object}, {@code oldObject},
 * {@code request}, {@code namespaceObject}), already adapted to CEL values. The engine evaluates every matching
 * constraint of a review with the same {@link ReviewContext}, so the last one is kept per thread and reused while
 * the same context (by identity) comes back: {@code request} is built once per review, not once per constraint.
 *
 * <p>Thread-safe: each thread has its own slot; the map is unmodifiable and the values are immutable; the
 * shared variable values are used only by the thread that owns the slot.
 */
final class ReviewInput {
    private static final ThreadLocal<ReviewInput> LAST = new ThreadLocal<>();

    /** The activation entries that are the same for every constraint and pass of the review. */
    private static final java.util.Set<String> REVIEW_WIDE = java.util.Set.of("object", "oldObject", "request");

    private final ReviewContext context;
    private final Map<String, Object> values;
    private final CompositedVariables.SharedResults shared = new CompositedVariables.SharedResults(REVIEW_WIDE);

    private ReviewInput(ReviewContext context) {
        this.context = context;
        Review review = context.review();
        // Once per review: every matching template reads the object, many times each; a child is converted on its
        // first read and kept.
        Map<String, Object> map = new HashMap<>();
        map.put("object", JsonTree.of(review.object()));
        map.put("oldObject", JsonTree.of(review.oldObject()));
        map.put("request", JsonTree.of(CelDriver.request(review)));
        map.put("namespaceObject", JsonTree.of(context.namespaceObject()));
        this.values = java.util.Collections.unmodifiableMap(map);
    }

    /** The review's input for {@code context}. */
    static ReviewInput of(ReviewContext context) {
        ReviewInput last = LAST.get();
        if (last == null || last.context != context) {
            last = new ReviewInput(context);
            LAST.set(last);
        }
        return last;
    }

    /** The review's variables. */
    Map<String, Object> values() {
        return values;
    }

    /**
     * Variable values shared by the constraints of this review: those that depend only on the object, the old
     * object and the request (Gatekeeper's {@code anyObject}, the library's {@code containers} ...).
     */
    CompositedVariables.SharedResults shared() {
        return shared;
    }
}
