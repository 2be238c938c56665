package dev.gatehouse.server.testing;

import dev.gatehouse.policy.review.Decision;
import dev.gatehouse.policy.review.Engine;
import dev.gatehouse.policy.review.Review;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers by the request's object name, so one server can exercise every kind of answer:
 * {@code allowed-*} allows with a warning and audit annotations, {@code denied-*} denies 403, {@code invalid-*}
 * denies 422 with a field cause, {@code boom} throws.
 */
public final class FakeEngine implements Engine {

    public static final String DENY_MESSAGE = "pods \"denied-pod\" is forbidden: violates PodSecurity \"restricted:latest\": "
            + "privileged (container \"c\" must not set securityContext.privileged=true)";

    @Override
    public Decision review(Review review) {
        String name = review.name();
        if (name.equals("boom")) {
            throw new IllegalStateException("policy cache corrupted");
        }
        if (name.startsWith("denied")) {
            return new Decision(false, 403, "Forbidden", DENY_MESSAGE, List.of(), List.of(),
                    Map.of("enforce-policy", "restricted:latest"));
        }
        if (name.startsWith("invalid")) {
            return new Decision(false, 422, "Invalid", "namespaces \"" + name + "\" is invalid", List.of(
                    new Decision.Cause("FieldValueInvalid", "must be one of privileged, baseline, restricted",
                            "metadata.labels[pod-security.kubernetes.io/enforce]")), List.of(), Map.of());
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("enforce-policy", "baseline:v1.30");
        annotations.put("audit-violations", "would violate PodSecurity \"restricted:latest\": runAsNonRoot != true");
        return new Decision(true, 200, "", "", List.of(),
                List.of("would violate PodSecurity \"restricted:latest\": runAsNonRoot != true (pod or container \"c\" "
                        + "must set securityContext.runAsNonRoot=true)"),
                annotations);
    }
}
