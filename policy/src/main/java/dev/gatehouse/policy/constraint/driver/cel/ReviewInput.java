package dev.gatehouse.policy.constraint.driver.cel;

import dev.gatehouse.policy.cel.CelValues;
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
 * <p>Thread-safe: each thread has its own slot; the returned map is unmodifiable and the values are immutable views.
 */
final class ReviewInput {
    private static final ThreadLocal<ReviewInput> LAST = new ThreadLocal<>();

    private final ReviewContext context;
    private final Map<String, Object> values;

    private ReviewInput(ReviewContext context) {
        this.context = context;
        Review review = context.review();
        Map<String, Object> map = new HashMap<>();
        map.put("object", CelValues.adapt(review.object()));
        map.put("oldObject", CelValues.adapt(review.oldObject()));
        map.put("request", CelValues.adapt(CelDriver.request(review)));
        map.put("namespaceObject", CelValues.adapt(context.namespaceObject()));
        this.values = java.util.Collections.unmodifiableMap(map);
    }

    /** The review's variables for {@code context}. */
    static Map<String, Object> of(ReviewContext context) {
        ReviewInput last = LAST.get();
        if (last == null || last.context != context) {
            last = new ReviewInput(context);
            LAST.set(last);
        }
        return last.values;
    }
}
