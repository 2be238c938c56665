package dev.gatehouse.policy.podsecurity.admission;

import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Optional;
import java.util.function.Function;

/**
 * The built-in resources that embed a pod template, with where the template lives. Pod Security audits and warns
 * on them (never enforces: the pods they create are enforced). Stateless and thread-safe.
 */
enum PodController {
    REPLICATION_CONTROLLERS("", "replicationcontrollers", "ReplicationController", ReplicationController.class,
            o -> {
                ReplicationController rc = (ReplicationController) o;
                // The only template that is optional (a pointer upstream): no template, nothing to check.
                return rc.getSpec() == null || rc.getSpec().getTemplate() == null
                        ? Optional.empty() : Optional.of(rc.getSpec().getTemplate());
            }),
    POD_TEMPLATES("", "podtemplates", "PodTemplate", PodTemplate.class,
            o -> present(((PodTemplate) o).getTemplate())),
    REPLICA_SETS("apps", "replicasets", "ReplicaSet", ReplicaSet.class,
            o -> present(((ReplicaSet) o).getSpec() == null ? null : ((ReplicaSet) o).getSpec().getTemplate())),
    DEPLOYMENTS("apps", "deployments", "Deployment", Deployment.class,
            o -> present(((Deployment) o).getSpec() == null ? null : ((Deployment) o).getSpec().getTemplate())),
    STATEFUL_SETS("apps", "statefulsets", "StatefulSet", StatefulSet.class,
            o -> present(((StatefulSet) o).getSpec() == null ? null : ((StatefulSet) o).getSpec().getTemplate())),
    DAEMON_SETS("apps", "daemonsets", "DaemonSet", DaemonSet.class,
            o -> present(((DaemonSet) o).getSpec() == null ? null : ((DaemonSet) o).getSpec().getTemplate())),
    JOBS("batch", "jobs", "Job", Job.class,
            o -> present(((Job) o).getSpec() == null ? null : ((Job) o).getSpec().getTemplate())),
    CRON_JOBS("batch", "cronjobs", "CronJob", CronJob.class, o -> {
        CronJob cronJob = (CronJob) o;
        if (cronJob.getSpec() == null || cronJob.getSpec().getJobTemplate() == null
                || cronJob.getSpec().getJobTemplate().getSpec() == null) {
            return present(null);
        }
        return present(cronJob.getSpec().getJobTemplate().getSpec().getTemplate());
    });

    private static final PodTemplateSpec EMPTY_TEMPLATE = new PodTemplateSpec();

    private final String group;
    private final String resource;
    private final String kind;
    private final Class<?> type;
    private final Function<Object, Optional<PodTemplateSpec>> template;

    PodController(String group, String resource, String kind, Class<?> type,
                  Function<Object, Optional<PodTemplateSpec>> template) {
        this.group = group;
        this.resource = resource;
        this.kind = kind;
        this.type = type;
        this.template = template;
    }

    /** The controller for a group and resource, or null when the resource embeds no pod template. */
    static PodController of(String group, String resource) {
        for (PodController controller : values()) {
            if (controller.resource.equals(resource) && controller.group.equals(group)) {
                return controller;
            }
        }
        return null;
    }

    String kind() {
        return kind;
    }

    Class<?> type() {
        return type;
    }

    /**
     * The pod template of a decoded object of this type. Upstream's templates are values, so a missing one is an
     * empty template that is still checked; only a replication controller's may be absent.
     */
    Optional<PodTemplateSpec> template(Object decoded) {
        return template.apply(decoded);
    }

    private static Optional<PodTemplateSpec> present(PodTemplateSpec template) {
        return Optional.of(template == null ? EMPTY_TEMPLATE : template);
    }
}
