package dev.gatehouse.policy.podsecurity.admission;

import dev.gatehouse.policy.podsecurity.CheckResult;
import dev.gatehouse.policy.podsecurity.EvaluationResult;
import dev.gatehouse.policy.podsecurity.LevelVersion;
import dev.gatehouse.policy.podsecurity.PodSecurityEvaluator;
import dev.gatehouse.policy.review.GroupVersionKind;
import dev.gatehouse.policy.review.GroupVersionResource;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.policy.review.Review;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Test doubles and builders shared by the admission tests. */
final class Fixtures {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    private Fixtures() {
    }

    /**
     * Forbids, at every level but privileged, pods whose name contains "bad" (reason "bad name", detail naming
     * the pod and level) or "host" (reason "host namespaces", no detail), or whose labels have a key "bad".
     * Counts calls and keeps the specs it saw.
     */
    static final class FakeEvaluator implements PodSecurityEvaluator {
        final AtomicInteger calls = new AtomicInteger();
        final List<LevelVersion> evaluated = Collections.synchronizedList(new ArrayList<>());
        final List<PodSpec> specs = Collections.synchronizedList(new ArrayList<>());
        Runnable onEvaluate = () -> { };

        @Override
        public EvaluationResult evaluate(LevelVersion levelVersion, ObjectMeta metadata, PodSpec spec) {
            calls.incrementAndGet();
            evaluated.add(levelVersion);
            specs.add(spec);
            onEvaluate.run();
            if (levelVersion.isPrivileged()) {
                return new EvaluationResult(levelVersion, List.of());
            }
            String name = metadata == null || metadata.getName() == null ? "" : metadata.getName();
            boolean badLabel = metadata != null && metadata.getLabels() != null && metadata.getLabels().containsKey("bad");
            List<CheckResult> violations = new ArrayList<>();
            if (name.contains("bad") || badLabel) {
                violations.add(CheckResult.forbidden("badName", "bad name", "pod \"" + name + "\" at " + levelVersion));
            }
            if (name.contains("host")) {
                violations.add(CheckResult.forbidden("hostNamespaces", "host namespaces", ""));
            }
            return new EvaluationResult(levelVersion, violations);
        }
    }

    /** Records every metric call as a readable line. */
    static final class RecordingMetrics implements PodSecurityMetrics {
        final List<String> records = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void recordEvaluation(String decision, String policyLevel, String policyVersion, String mode,
                                     String requestOperation, String resource, String subresource) {
            records.add("evaluation " + String.join(",", decision, policyLevel, policyVersion, mode, requestOperation,
                    resource, subresource));
        }

        @Override
        public void recordExemption(String requestOperation, String resource, String subresource) {
            records.add("exemption " + String.join(",", requestOperation, resource, subresource));
        }

        @Override
        public void recordError(boolean fatal, String requestOperation, String resource, String subresource) {
            records.add("error " + String.join(",", String.valueOf(fatal), requestOperation, resource, subresource));
        }
    }

    /** A clock that only moves when told to. */
    static final class FakeClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A namespace with {@code pod-security.kubernetes.io/} labels given as short keys ("enforce", "warn-version"). */
    static Namespace namespace(String name, String... shortLabels) {
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < shortLabels.length; i += 2) {
            labels.put("pod-security.kubernetes.io/" + shortLabels[i], shortLabels[i + 1]);
        }
        return new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build();
    }

    static Pod pod(String namespace, String name, String image) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec().build();
    }

    static JsonNode json(Object object) {
        return JSON.valueToTree(object);
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    static Review review(String group, String resource, String kind, Operation operation, String namespace,
                         String name, String subResource, String user, JsonNode object, JsonNode oldObject) {
        String version = "v1";
        return new Review("uid-1", new GroupVersionKind(group, version, kind),
                new GroupVersionResource(group, version, resource), subResource, name, namespace, operation,
                new Review.UserInfo(user, "", List.of(), Map.of()), object, oldObject, false);
    }

    static Review podCreate(String namespace, Pod pod) {
        return review("", "pods", "Pod", Operation.CREATE, namespace, pod.getMetadata().getName(), "", "alice",
                json(pod), null);
    }

    static Review podUpdate(String namespace, Pod pod, Pod oldPod) {
        return review("", "pods", "Pod", Operation.UPDATE, namespace, pod.getMetadata().getName(), "", "alice",
                json(pod), json(oldPod));
    }
}
