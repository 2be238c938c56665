package dev.gatehouse.policy.podsecurity.admission;

import dev.gatehouse.policy.podsecurity.EvaluationResult;
import dev.gatehouse.policy.podsecurity.LevelVersion;
import dev.gatehouse.policy.podsecurity.PodSecurityEvaluator;
import dev.gatehouse.policy.podsecurity.config.Exemptions;
import dev.gatehouse.policy.text.GoQuote;
import dev.gatehouse.policy.review.ClusterState;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dry run of a namespace's new enforce level against the pods already in it, which turns into warnings on the
 * namespace update. Bounded in time and work: at most {@code maxPods} pods, and no longer than the timeout (or half
 * the time the request has left); pods whose runtime class is exempt are left out, and one pod per controller is
 * checked before any second pod of the same controller, so a large replica set cannot hide other workloads.
 * Pods with the same reasons share one warning line naming the lexically first pod and how many others there are.
 */
final class NamespacePodCheck {

    static final String LIST_FAILED = "failed to list pods while checking new PodSecurity enforce level";

    private NamespacePodCheck() {
    }

    /** Name of the first pod (by byte order) with a reason list, and how many pods share it. */
    private static final class PodCount {
        String firstPod;
        int count;
    }

    static List<String> warnings(
            PodSecurityEvaluator evaluator, ClusterState clusterState, Exemptions exemptions, String namespace,
            LevelVersion enforce, Clock clock, Instant requestDeadline, Duration timeout, int maxPods) {
        Instant now = clock.instant();
        if (requestDeadline != null) {
            // Never take more than half of what the request has left.
            Duration half = Duration.between(now, requestDeadline).dividedBy(2);
            if (timeout.compareTo(half) > 0) {
                timeout = half;
            }
        }
        Instant deadline = now.plus(timeout);

        List<Pod> pods;
        try {
            pods = clusterState.pods(namespace);
        } catch (ClusterState.ClusterStateException | RuntimeException e) {
            return List.of(LIST_FAILED);
        }

        List<Pod> prioritized = prioritize(pods, exemptions);
        int total = prioritized.size();
        int limit = Math.min(total, maxPods);
        int checked = limit;

        List<String> reasonsInOrder = new ArrayList<>();
        Map<String, PodCount> counts = new HashMap<>();
        for (int i = 0; i < limit; i++) {
            Pod pod = prioritized.get(i);
            EvaluationResult result = evaluator.evaluate(
                    enforce, pod.getMetadata(), pod.getSpec());
            if (!result.allowed()) {
                String reasons = result.reasons();
                String name = pod.getMetadata() == null || pod.getMetadata().getName() == null
                        ? "" : pod.getMetadata().getName();
                PodCount count = counts.get(reasons);
                if (count == null) {
                    count = new PodCount();
                    count.firstPod = name;
                    counts.put(reasons, count);
                    reasonsInOrder.add(reasons);
                } else if (GoQuote.compareBytes(name, count.firstPod) < 0) {
                    count.firstPod = name;
                }
                count.count++;
            }
            if (!clock.instant().isBefore(deadline)) {
                checked = i + 1;
                break;
            }
        }

        List<String> warnings = new ArrayList<>(reasonsInOrder.size() + 2);
        if (checked < total) {
            warnings.add("new PodSecurity enforce level only checked against the first " + checked + " of " + total
                    + " existing pods");
        }
        if (!reasonsInOrder.isEmpty()) {
            warnings.add("existing pods in namespace " + GoQuote.quote(namespace)
                    + " violate the new PodSecurity enforce level " + GoQuote.quote(enforce.toString()));
        }
        List<String> podWarnings = new ArrayList<>(reasonsInOrder.size());
        for (String reasons : reasonsInOrder) {
            PodCount count = counts.get(reasons);
            podWarnings.add(switch (count.count) {
                case 1 -> count.firstPod + ": " + reasons;
                case 2 -> count.firstPod + " (and 1 other pod): " + reasons;
                default -> count.firstPod + " (and " + (count.count - 1) + " other pods): " + reasons;
            });
        }
        podWarnings.sort(GoQuote::compareBytes);
        warnings.addAll(podWarnings);
        return warnings;
    }

    /**
     * Leaves out runtime-class-exempt pods, then orders pods without a controller and the first pod of each
     * controller (in listing order) before the further pods of controllers already seen.
     */
    static List<Pod> prioritize(List<Pod> pods, Exemptions exemptions) {
        List<Pod> first = new ArrayList<>(pods.size());
        List<Pod> replicas = new ArrayList<>();
        Set<String> seenControllers = new HashSet<>();
        for (Pod pod : pods) {
            if (pod == null) {
                continue;
            }
            if (pod.getSpec() != null && exemptions.exemptRuntimeClass(pod.getSpec().getRuntimeClassName())) {
                continue;
            }
            OwnerReference controller = controllerOf(pod);
            if (controller == null) {
                first.add(pod);
            } else if (seenControllers.add(controller.getUid() == null ? "" : controller.getUid())) {
                first.add(pod);
            } else {
                replicas.add(pod);
            }
        }
        first.addAll(replicas);
        return first;
    }

    private static OwnerReference controllerOf(Pod pod) {
        if (pod.getMetadata() == null || pod.getMetadata().getOwnerReferences() == null) {
            return null;
        }
        for (OwnerReference reference : pod.getMetadata().getOwnerReferences()) {
            if (reference != null && Boolean.TRUE.equals(reference.getController())) {
                return reference;
            }
        }
        return null;
    }
}
