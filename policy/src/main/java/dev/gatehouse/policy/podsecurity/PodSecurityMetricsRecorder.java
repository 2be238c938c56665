package dev.gatehouse.policy.podsecurity;

import dev.gatehouse.policy.review.GroupVersionResource;
import dev.gatehouse.policy.review.Operation;

/**
 * Where Pod Security admission reports what it did, as upstream's {@code metrics.Recorder}: one call per policy
 * evaluation (per mode), per exemption and per error. The server backs it with Prometheus counters named as
 * upstream ({@code pod_security_evaluations_total}, {@code pod_security_exemptions_total},
 * {@code pod_security_errors_total}); the CLI and tests use {@link #NONE}.
 *
 * <p>Implementations are thread-safe and cheap: they are called on the admission hot path.
 */
public interface PodSecurityMetricsRecorder {

    /** Records nothing. */
    PodSecurityMetricsRecorder NONE = new PodSecurityMetricsRecorder() {
        @Override
        public void recordEvaluation(Decision decision, LevelVersion policy, Mode mode, Operation operation,
                GroupVersionResource resource, String subresource) {}

        @Override
        public void recordExemption(Operation operation, GroupVersionResource resource, String subresource) {}

        @Override
        public void recordError(boolean fatal, Operation operation, GroupVersionResource resource, String subresource) {}
    };

    /** The outcome of one evaluation: for audit and warn, DENY means "violations found", not a rejected request. */
    enum Decision {
        ALLOW("allow"),
        DENY("deny");

        private final String label;

        Decision(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The mode a policy was evaluated for. */
    enum Mode {
        ENFORCE("enforce"),
        AUDIT("audit"),
        WARN("warn");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A policy was evaluated (not counting ignored or exempt requests). */
    void recordEvaluation(Decision decision, LevelVersion policy, Mode mode, Operation operation,
            GroupVersionResource resource, String subresource);

    /** A request was exempt (by user, namespace or runtime class). */
    void recordExemption(Operation operation, GroupVersionResource resource, String subresource);

    /**
     * An error kept the request from normal evaluation; {@code fatal} when the request was denied because of it
     * (non-fatal errors evaluate with a fallback policy).
     */
    void recordError(boolean fatal, Operation operation, GroupVersionResource resource, String subresource);
}
