package dev.gatehouse.policy.podsecurity;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds the pod that Pod Security evaluates in an object: a Pod's own metadata and spec, or the pod template of a
 * pod controller — ReplicationController, PodTemplate ({@code template}), ReplicaSet, Deployment, StatefulSet,
 * DaemonSet, Job ({@code spec.template}) and CronJob ({@code spec.jobTemplate.spec.template}). Any other kind has
 * no pod: the result is empty.
 *
 * <p>As upstream, a controller whose template (or any level above it) is missing yields an empty metadata and
 * spec rather than an error: that is what the API server would hold after defaulting.
 *
 * <p>Stateless and thread-safe. Returned parts are the object's own instances (or new empty ones), not copies.
 */
public final class PodSpecs {

    /** The kinds whose pod template sits at {@code spec.template}. */
    private static final List<String> SPEC_TEMPLATE_KINDS =
            List.of("ReplicationController", "ReplicaSet", "Deployment", "StatefulSet", "DaemonSet", "Job");

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private PodSpecs() {}

    /** The kinds that carry a pod (Pod and the pod controllers), in a stable order. */
    public static List<String> kinds() {
        return List.of("Pod", "ReplicationController", "PodTemplate", "ReplicaSet", "Deployment", "StatefulSet",
                "DaemonSet", "Job", "CronJob");
    }

    /** The pod of a fabric8 object, or empty when the object's type carries none. */
    public static Optional<PodMetadataAndSpec> of(HasMetadata object) {
        return switch (object) {
            case null -> Optional.empty();
            case Pod pod -> Optional.of(parts(pod.getMetadata(), pod.getSpec()));
            case PodTemplate template -> Optional.of(template(template.getTemplate()));
            case ReplicationController rc -> Optional.of(template(rc.getSpec() == null ? null : rc.getSpec().getTemplate()));
            case ReplicaSet rs -> Optional.of(template(rs.getSpec() == null ? null : rs.getSpec().getTemplate()));
            case Deployment d -> Optional.of(template(d.getSpec() == null ? null : d.getSpec().getTemplate()));
            case StatefulSet s -> Optional.of(template(s.getSpec() == null ? null : s.getSpec().getTemplate()));
            case DaemonSet ds -> Optional.of(template(ds.getSpec() == null ? null : ds.getSpec().getTemplate()));
            case Job job -> Optional.of(template(job.getSpec() == null ? null : job.getSpec().getTemplate()));
            case CronJob cronJob -> Optional.of(template(cronJobTemplate(cronJob)));
            default -> Optional.empty();
        };
    }

    /**
     * The pod of an object given as JSON (or YAML read into a tree) with its {@code kind}, or empty when the kind
     * carries none.
     *
     * @throws IllegalArgumentException if the pod part exists but is malformed (not an object, or a field of the
     *     wrong type); the message names the path
     */
    public static Optional<PodMetadataAndSpec> of(String kind, JsonNode object) {
        if (kind == null || object == null) {
            return Optional.empty();
        }
        if (kind.equals("Pod")) {
            return Optional.of(fromNodes(object, ""));
        }
        String templatePath;
        JsonNode template;
        if (kind.equals("PodTemplate")) {
            templatePath = "template";
            template = object.path("template");
        } else if (SPEC_TEMPLATE_KINDS.contains(kind)) {
            templatePath = "spec.template";
            template = object.path("spec").path("template");
        } else if (kind.equals("CronJob")) {
            templatePath = "spec.jobTemplate.spec.template";
            template = object.path("spec").path("jobTemplate").path("spec").path("template");
        } else {
            return Optional.empty();
        }
        if (template.isMissingNode() || template.isNull()) {
            return Optional.of(parts(null, null));
        }
        return Optional.of(fromNodes(template, templatePath));
    }

    /** Reads {@code metadata} and {@code spec} of the object at {@code path} ("" for the object itself). */
    private static PodMetadataAndSpec fromNodes(JsonNode parent, String path) {
        if (!parent.isObject()) {
            throw new IllegalArgumentException((path.isEmpty() ? "a Pod" : path) + " must be an object");
        }
        String prefix = path.isEmpty() ? "" : path + ".";
        ObjectMeta metadata = convert(parent.get("metadata"), ObjectMeta.class, prefix + "metadata");
        PodSpec spec = convert(parent.get("spec"), PodSpec.class, prefix + "spec");
        return parts(metadata, spec);
    }

    private static <T> T convert(JsonNode node, Class<T> type, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(path + " must be an object");
        }
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(path + " is malformed: " + e.getOriginalMessage(), e);
        }
    }

    private static PodTemplateSpec cronJobTemplate(CronJob cronJob) {
        if (cronJob.getSpec() == null || cronJob.getSpec().getJobTemplate() == null
                || cronJob.getSpec().getJobTemplate().getSpec() == null) {
            return null;
        }
        return cronJob.getSpec().getJobTemplate().getSpec().getTemplate();
    }

    private static PodMetadataAndSpec template(PodTemplateSpec template) {
        return template == null ? parts(null, null) : parts(template.getMetadata(), template.getSpec());
    }

    private static PodMetadataAndSpec parts(ObjectMeta metadata, PodSpec spec) {
        return new PodMetadataAndSpec(metadata == null ? new ObjectMeta() : metadata, spec == null ? new PodSpec() : spec);
    }
}
