package dev.gatehouse.policy.podsecurity.admission;

import dev.gatehouse.policy.podsecurity.EvaluationResult;
import dev.gatehouse.policy.podsecurity.Level;
import dev.gatehouse.policy.podsecurity.LevelVersion;
import dev.gatehouse.policy.podsecurity.PodSecurityEvaluator;
import dev.gatehouse.policy.podsecurity.Version;
import dev.gatehouse.policy.podsecurity.config.Exemptions;
import dev.gatehouse.policy.podsecurity.config.PodSecurityConfiguration;
import dev.gatehouse.policy.text.GoQuote;
import dev.gatehouse.policy.podsecurity.namespace.NamespacePolicy;
import dev.gatehouse.policy.podsecurity.namespace.PolicyLabels;
import dev.gatehouse.policy.review.ClusterState;
import dev.gatehouse.policy.review.Decision;
import dev.gatehouse.policy.review.Engine;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.policy.review.Review;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Pod Security admission: the decision logic of Kubernetes' PodSecurity admission plugin and webhook, message for
 * message. It reviews
 * <ul>
 *   <li><b>pods</b> — enforce, audit and warn against the namespace's policy (updates only when they change
 *       images or add ephemeral containers);</li>
 *   <li><b>pod controllers</b> (replication controllers, pod templates, replica sets, deployments, stateful sets,
 *       daemon sets, jobs, cron jobs) — audit and warn only; errors fail open with an {@code error} annotation;</li>
 *   <li><b>namespaces</b> — invalid policy labels are rejected; a stricter enforce level is dry-run against the
 *       namespace's existing pods and reported as warnings.</li>
 * </ul>
 * Any other resource, and operations other than CREATE and UPDATE, are allowed untouched.
 *
 * <pre>{@code
 * PodSecurityAdmission admission = new PodSecurityAdmission(
 *         evaluator, PodSecurityConfigurationLoader.load(path), clusterState, Clock.systemUTC(), PodSecurityMetrics.NONE);
 * Decision decision = admission.review(review);
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #review} never throws: an undecodable object or an unreachable cluster
 * yields a well-formed decision. The allowed-pod path builds no message it does not return.
 */
public final class PodSecurityAdmission implements Engine {

    private static final Logger LOG = LoggerFactory.getLogger(PodSecurityAdmission.class);

    /** How many existing pods a namespace update checks at most. */
    public static final int DEFAULT_NAMESPACE_MAX_PODS_TO_CHECK = 3000;
    /** How long a namespace update may spend checking existing pods at most. */
    public static final Duration DEFAULT_NAMESPACE_POD_CHECK_TIMEOUT = Duration.ofSeconds(1);

    /**
     * Pod subresources that cannot change what Pod Security checks. Any other subresource (ephemeralcontainers,
     * resize, one unknown to us) carries a pod and is evaluated, so that a newer API server fails safe.
     */
    private static final Set<String> IGNORED_POD_SUBRESOURCES =
            Set.of("exec", "attach", "binding", "eviction", "log", "portforward", "proxy", "status");

    private static final int MAX_CACHED_STRINGS = 1024;

    private final PodSecurityEvaluator evaluator;
    private final PodSecurityConfiguration configuration;
    private final NamespacePolicy defaultPolicy;
    private final Exemptions exemptions;
    private final ClusterState clusterState;
    private final Clock clock;
    private final PodSecurityMetrics metrics;
    private final Version metricsVersion;
    private final Duration namespacePodCheckTimeout;
    private final int namespaceMaxPodsToCheck;
    private final ConcurrentHashMap<LevelVersion, String> levelVersionStrings = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Version, String> versionLabels = new ConcurrentHashMap<>();

    /**
     * An admission with upstream's limits for namespace dry runs (3000 pods, 1 s) and {@code latest} as the
     * newest version for metrics (no version is labelled {@code future}).
     */
    public PodSecurityAdmission(PodSecurityEvaluator evaluator, PodSecurityConfiguration configuration,
                                ClusterState clusterState, Clock clock, PodSecurityMetrics metrics) {
        this(builder(evaluator, configuration, clusterState).clock(clock).metrics(metrics));
    }

    private PodSecurityAdmission(Builder builder) {
        this.evaluator = builder.evaluator;
        this.configuration = builder.configuration;
        this.defaultPolicy = builder.configuration.defaults();
        this.exemptions = builder.configuration.exemptions();
        this.clusterState = builder.clusterState;
        this.clock = builder.clock;
        this.metrics = builder.metrics;
        this.metricsVersion = builder.metricsVersion;
        this.namespacePodCheckTimeout = builder.namespacePodCheckTimeout;
        this.namespaceMaxPodsToCheck = builder.namespaceMaxPodsToCheck;
    }

    /** A builder for the less common settings; the three arguments are required. */
    public static Builder builder(PodSecurityEvaluator evaluator, PodSecurityConfiguration configuration,
                                  ClusterState clusterState) {
        return new Builder(evaluator, configuration, clusterState);
    }

    public PodSecurityConfiguration configuration() {
        return configuration;
    }

    /**
     * Only a namespace change scans pods (up to 3,000, bounded by the dry-run timeout); a pod or controller review
     * is a few microseconds of CPU and can run where the request arrived.
     */
    @Override
    public boolean mayBlock(Review review) {
        return review.resource().resource().equals("namespaces");
    }

    /** Reviews a request without a deadline of its own (namespace dry runs use the default timeout). */
    @Override
    public Decision review(Review review) {
        return review(review, null);
    }

    /**
     * Reviews a request that must be answered by {@code deadline} (null for none): a namespace dry run then takes
     * no more than half of the time left.
     */
    public Decision review(Review review, Instant deadline) {
        Objects.requireNonNull(review, "review");
        if (review.operation() != Operation.CREATE && review.operation() != Operation.UPDATE) {
            return Responses.ALLOWED;
        }
        String group = review.resource().group();
        String resource = review.resource().resource();
        try {
            if (group.isEmpty() && resource.equals("pods")) {
                return validatePod(review);
            }
            if (group.isEmpty() && resource.equals("namespaces")) {
                return validateNamespace(review, deadline);
            }
            PodController controller = PodController.of(group, resource);
            if (controller != null) {
                return validatePodController(review, controller);
            }
            return Responses.ALLOWED;
        } catch (RuntimeException e) {
            // A bug in a check or a cluster state must not take the webhook down: answer, and say why.
            LOG.error("Pod Security review of {} {}/{} failed", resource, review.namespace(), review.name(), e);
            return Responses.internalError("PodSecurity evaluation failed", e.toString());
        }
    }

    // ---- pods -------------------------------------------------------------------------------------------------

    private Decision validatePod(Review review) {
        if (IGNORED_POD_SUBRESOURCES.contains(review.subResource())) {
            return Responses.ALLOWED;
        }
        if (exemptions.exemptNamespace(review.namespace())) {
            recordExemption(review, PodSecurityMetrics.RESOURCE_POD);
            return Responses.ALLOWED_EXEMPT_NAMESPACE;
        }
        if (exemptions.exemptUsername(review.userInfo().username())) {
            recordExemption(review, PodSecurityMetrics.RESOURCE_POD);
            return Responses.ALLOWED_EXEMPT_USER;
        }

        Namespace namespace;
        try {
            namespace = lookupNamespace(review.namespace());
        } catch (ClusterState.ClusterStateException | RuntimeException e) {
            LOG.warn("Failed to look up namespace {} of a pod: {}", review.namespace(), e.getMessage());
            recordError(true, review, PodSecurityMetrics.RESOURCE_POD);
            return Responses.internalError("failed to lookup namespace " + GoQuote.quote(review.namespace()), message(e));
        }
        NamespacePolicy policy = NamespacePolicy.fromNamespace(namespace, defaultPolicy);
        if (!policy.hasErrors() && policy.fullyPrivileged()) {
            recordEvaluation(PodSecurityMetrics.DECISION_ALLOW, policy.enforce(), PodSecurityMetrics.MODE_ENFORCE,
                    review, PodSecurityMetrics.RESOURCE_POD);
            return Responses.ALLOWED_PRIVILEGED;
        }

        JsonNode object = review.object();
        if (ObjectDecoder.isAbsent(object) || !isKind(object, "Pod", review)) {
            recordError(true, review, PodSecurityMetrics.RESOURCE_POD);
            return Responses.badRequest("failed to decode pod", null);
        }
        Pod pod;
        try {
            pod = ObjectDecoder.decode(object, Pod.class);
        } catch (ObjectDecoder.DecodeException e) {
            recordError(true, review, PodSecurityMetrics.RESOURCE_POD);
            return Responses.badRequest("failed to decode object", e.getMessage());
        }
        if (review.operation() == Operation.UPDATE) {
            JsonNode oldObject = review.oldObject();
            if (ObjectDecoder.isAbsent(oldObject) || !isKind(oldObject, "Pod", review)) {
                recordError(true, review, PodSecurityMetrics.RESOURCE_POD);
                return Responses.badRequest("failed to decode old pod", null);
            }
            Pod oldPod;
            try {
                oldPod = ObjectDecoder.decode(oldObject, Pod.class);
            } catch (ObjectDecoder.DecodeException e) {
                recordError(true, review, PodSecurityMetrics.RESOURCE_POD);
                return Responses.badRequest("failed to decode old object", e.getMessage());
            }
            if (!SignificantPodUpdate.isSignificant(pod, oldPod)) {
                return Responses.ALLOWED;
            }
        }
        return evaluatePod(policy, pod.getMetadata(), pod.getSpec(), review, true, PodSecurityMetrics.RESOURCE_POD);
    }

    // ---- pod controllers ----------------------------------------------------------------------------------------

    private Decision validatePodController(Review review, PodController controller) {
        if (!review.subResource().isEmpty()) {
            return Responses.ALLOWED;
        }
        String resource = PodSecurityMetrics.RESOURCE_CONTROLLER;
        if (exemptions.exemptNamespace(review.namespace())) {
            recordExemption(review, resource);
            return Responses.ALLOWED_EXEMPT_NAMESPACE;
        }
        if (exemptions.exemptUsername(review.userInfo().username())) {
            recordExemption(review, resource);
            return Responses.ALLOWED_EXEMPT_USER;
        }

        Namespace namespace;
        try {
            namespace = lookupNamespace(review.namespace());
        } catch (ClusterState.ClusterStateException | RuntimeException e) {
            LOG.warn("Failed to look up namespace {} of a {}: {}", review.namespace(), controller.kind(), e.getMessage());
            recordError(true, review, resource);
            // Controllers are never enforced, so an error must not block them: allow, and leave a trace.
            return Responses.allowed(AuditAnnotations.ERROR,
                    "failed to lookup namespace " + GoQuote.quote(review.namespace()) + ": " + message(e));
        }
        NamespacePolicy policy = NamespacePolicy.fromNamespace(namespace, defaultPolicy);
        if (!policy.hasErrors() && policy.warn().isPrivileged() && policy.audit().isPrivileged()) {
            return Responses.ALLOWED;
        }

        JsonNode object = review.object();
        if (ObjectDecoder.isAbsent(object)) {
            recordError(true, review, resource);
            return Responses.allowed(AuditAnnotations.ERROR, "failed to decode object: the request has no object");
        }
        if (!isKind(object, controller.kind(), review)) {
            recordError(true, review, resource);
            return Responses.allowed(AuditAnnotations.ERROR,
                    "failed to extract pod template: unexpected object type: " + groupVersionKind(object, review));
        }
        Object decoded;
        try {
            decoded = ObjectDecoder.decode(object, controller.type());
        } catch (ObjectDecoder.DecodeException e) {
            recordError(true, review, resource);
            return Responses.allowed(AuditAnnotations.ERROR, "failed to decode object: " + e.getMessage());
        }
        Optional<PodTemplateSpec> template = controller.template(decoded);
        if (template.isEmpty()) {
            return Responses.ALLOWED;
        }
        // The evaluator applies the API server's volume defaulting itself (VolumeDefaults).
        return evaluatePod(policy, template.get().getMetadata(), template.get().getSpec(), review, false, resource);
    }

    // ---- evaluation ---------------------------------------------------------------------------------------------

    /** Upstream's {@code EvaluatePod}: runtime class exemption, then enforce (if asked), audit, and warn. */
    private Decision evaluatePod(NamespacePolicy policy, ObjectMeta metadata, PodSpec spec, Review review,
                                 boolean enforce, String resource) {
        if (spec != null && exemptions.exemptRuntimeClass(spec.getRuntimeClassName())) {
            recordExemption(review, resource);
            return Responses.ALLOWED_EXEMPT_RUNTIME_CLASS;
        }

        Map<String, String> annotations = new LinkedHashMap<>(4);
        if (policy.hasErrors()) {
            annotations.put(AuditAnnotations.ERROR, "Failed to parse policy: " + policy.errorMessage());
            recordError(false, review, resource);
        }

        EvaluationResult enforceResult = null;
        String denial = null;
        if (enforce) {
            annotations.put(AuditAnnotations.ENFORCE_POLICY, levelVersionString(policy.enforce()));
            enforceResult = evaluator.evaluate(policy.enforce(), metadata, spec);
            if (enforceResult.allowed()) {
                recordEvaluation(PodSecurityMetrics.DECISION_ALLOW, policy.enforce(), PodSecurityMetrics.MODE_ENFORCE,
                        review, resource);
            } else {
                denial = "violates PodSecurity " + GoQuote.quote(levelVersionString(policy.enforce())) + ": "
                        + enforceResult.reasonsWithDetails();
                recordEvaluation(PodSecurityMetrics.DECISION_DENY, policy.enforce(), PodSecurityMetrics.MODE_ENFORCE,
                        review, resource);
            }
        }

        // Reuse an evaluation at the same level and version rather than running the checks again.
        EvaluationResult auditResult = enforceResult != null && policy.audit().equals(policy.enforce())
                ? enforceResult : evaluator.evaluate(policy.audit(), metadata, spec);
        if (!auditResult.allowed()) {
            annotations.put(AuditAnnotations.AUDIT_VIOLATIONS, wouldViolate(policy.audit(), auditResult));
            recordEvaluation(PodSecurityMetrics.DECISION_DENY, policy.audit(), PodSecurityMetrics.MODE_AUDIT,
                    review, resource);
        }

        if (denial != null) {
            // No warnings on a request that is rejected anyway.
            return Responses.forbidden(review.resource(), review.name(), denial, annotations);
        }
        EvaluationResult warnResult;
        if (enforceResult != null && policy.warn().equals(policy.enforce())) {
            warnResult = enforceResult;
        } else if (policy.warn().equals(policy.audit())) {
            warnResult = auditResult;
        } else {
            warnResult = evaluator.evaluate(policy.warn(), metadata, spec);
        }
        List<String> warnings = List.of();
        if (!warnResult.allowed()) {
            warnings = List.of(wouldViolate(policy.warn(), warnResult));
            recordEvaluation(PodSecurityMetrics.DECISION_DENY, policy.warn(), PodSecurityMetrics.MODE_WARN,
                    review, resource);
        }
        return Responses.allowed(warnings, annotations);
    }

    private String wouldViolate(LevelVersion levelVersion, EvaluationResult result) {
        return "would violate PodSecurity " + GoQuote.quote(levelVersionString(levelVersion)) + ": "
                + result.reasonsWithDetails();
    }

    // ---- namespaces ---------------------------------------------------------------------------------------------

    private Decision validateNamespace(Review review, Instant deadline) {
        if (!review.subResource().isEmpty()) {
            return Responses.ALLOWED;
        }
        JsonNode object = review.object();
        if (ObjectDecoder.isAbsent(object) || !isKind(object, "Namespace", review)) {
            return Responses.badRequest("failed to decode namespace", null);
        }
        Namespace namespace;
        try {
            namespace = ObjectDecoder.decode(object, Namespace.class);
        } catch (ObjectDecoder.DecodeException e) {
            return Responses.badRequest("failed to decode object", e.getMessage());
        }
        String name = namespace.getMetadata() == null || namespace.getMetadata().getName() == null
                ? "" : namespace.getMetadata().getName();
        String requestName = review.name().isEmpty() ? name : review.name();
        // The API server names a namespace request's namespace after the namespace itself.
        String requestNamespace = review.namespace().isEmpty() ? name : review.namespace();
        Map<String, String> labels = namespace.getMetadata() == null ? null : namespace.getMetadata().getLabels();
        NamespacePolicy newPolicy = NamespacePolicy.fromLabels(labels, defaultPolicy);

        if (review.operation() == Operation.CREATE) {
            if (newPolicy.hasErrors()) {
                return Responses.invalid(review.kind(), requestName, newPolicy.errors());
            }
            if (exemptions.exemptNamespace(requestNamespace)) {
                String warning = exemptNamespaceWarning(name, newPolicy, labels);
                if (warning != null) {
                    return Responses.allowed(List.of(warning), Map.of());
                }
            }
            return Responses.ALLOWED;
        }

        // UPDATE. The doubled spaces are upstream's.
        JsonNode oldObject = review.oldObject();
        if (ObjectDecoder.isAbsent(oldObject) || !isKind(oldObject, "Namespace", review)) {
            return Responses.badRequest("failed to decode  old namespace", null);
        }
        Namespace oldNamespace;
        try {
            oldNamespace = ObjectDecoder.decode(oldObject, Namespace.class);
        } catch (ObjectDecoder.DecodeException e) {
            return Responses.badRequest("failed to decode  old object", e.getMessage());
        }
        NamespacePolicy oldPolicy = NamespacePolicy.fromNamespace(oldNamespace, defaultPolicy);

        // Labels that were already invalid may stay so (other updates must go on); new or changed errors may not.
        if (newPolicy.hasErrors() && (!oldPolicy.hasErrors() || !newPolicy.errors().equals(oldPolicy.errors()))) {
            return Responses.invalid(review.kind(), requestName, newPolicy.errors());
        }

        // Dry-run existing pods only when enforce became stricter or moved to another version.
        LevelVersion newEnforce = newPolicy.enforce();
        LevelVersion oldEnforce = oldPolicy.enforce();
        if (newEnforce.equals(oldEnforce) || newEnforce.level() == Level.PRIVILEGED) {
            return Responses.ALLOWED;
        }
        if (newEnforce.version().equals(oldEnforce.version())
                && NamespacePolicy.compareLevels(newEnforce.level(), oldEnforce.level()) < 1) {
            return Responses.ALLOWED;
        }
        if (exemptions.exemptNamespace(requestNamespace)) {
            String warning = exemptNamespaceWarning(name, newPolicy, labels);
            return warning == null ? Responses.ALLOWED : Responses.allowed(List.of(warning), Map.of());
        }
        List<String> warnings = NamespacePodCheck.warnings(evaluator, clusterState, exemptions, name, newEnforce,
                clock, deadline, namespacePodCheckTimeout, namespaceMaxPodsToCheck);
        return Responses.allowed(warnings, Map.of());
    }

    /**
     * The warning for labelling an exempt namespace with a policy that will never apply: null when the policy is
     * fully privileged or acts as the defaults do. Only modes labelled explicitly and not privileged are named.
     */
    private String exemptNamespaceWarning(String namespace, NamespacePolicy policy, Map<String, String> labels) {
        if (policy.fullyPrivileged() || policy.equivalent(defaultPolicy)) {
            return null;
        }
        Map<String, String> l = labels == null ? Map.of() : labels;
        StringBuilder modes = new StringBuilder();
        appendMode(modes, "enforce", policy.enforce(), l, PolicyLabels.ENFORCE, PolicyLabels.ENFORCE_VERSION);
        appendMode(modes, "audit", policy.audit(), l, PolicyLabels.AUDIT, PolicyLabels.AUDIT_VERSION);
        appendMode(modes, "warn", policy.warn(), l, PolicyLabels.WARN, PolicyLabels.WARN_VERSION);
        return "namespace " + GoQuote.quote(namespace) + " is exempt from Pod Security, and the policy ("
                + modes + ") will be ignored";
    }

    private static void appendMode(StringBuilder out, String mode, LevelVersion levelVersion, Map<String, String> labels,
                                   String levelLabel, String versionLabel) {
        if (levelVersion.isPrivileged() || !(labels.containsKey(levelLabel) || labels.containsKey(versionLabel))) {
            return;
        }
        if (!out.isEmpty()) {
            out.append(", ");
        }
        out.append(mode).append('=').append(levelVersion);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private Namespace lookupNamespace(String name) throws ClusterState.ClusterStateException {
        Optional<Namespace> namespace = clusterState.namespace(name);
        if (namespace.isEmpty()) {
            throw new ClusterState.ClusterStateException("namespaces " + GoQuote.quote(name) + " not found");
        }
        return namespace.get();
    }

    /**
     * Whether the object is of the expected kind. An object that does not say is taken to be of the request's
     * kind, as upstream's decoder does; one that names another kind decodes into something else upstream.
     */
    private static boolean isKind(JsonNode object, String kind, Review review) {
        String declared = ObjectDecoder.kindOf(object);
        if (declared.isEmpty()) {
            declared = review.kind().kind();
        }
        return declared.isEmpty() || declared.equals(kind);
    }

    /** {@code group/version, Kind=kind} as Go prints a GroupVersionKind. */
    private static String groupVersionKind(JsonNode object, Review review) {
        String apiVersion = ObjectDecoder.apiVersionOf(object);
        String kind = ObjectDecoder.kindOf(object);
        if (apiVersion.isEmpty()) {
            String group = review.kind().group();
            apiVersion = group.isEmpty() ? review.kind().version() : group + "/" + review.kind().version();
        }
        if (kind.isEmpty()) {
            kind = review.kind().kind();
        }
        return (apiVersion.contains("/") ? apiVersion : "/" + apiVersion) + ", Kind=" + kind;
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private String levelVersionString(LevelVersion levelVersion) {
        String cached = levelVersionStrings.get(levelVersion);
        if (cached != null) {
            return cached;
        }
        String value = levelVersion.toString();
        if (levelVersionStrings.size() < MAX_CACHED_STRINGS) {
            levelVersionStrings.putIfAbsent(levelVersion, value);
        }
        return value;
    }

    private void recordEvaluation(String decision, LevelVersion policy, String mode, Review review, String resource) {
        metrics.recordEvaluation(decision, policy.level().label(), versionLabel(policy), mode,
                operationLabel(review.operation()), resource, review.subResource());
    }

    private void recordExemption(Review review, String resource) {
        metrics.recordExemption(operationLabel(review.operation()), resource, review.subResource());
    }

    private void recordError(boolean fatal, Review review, String resource) {
        metrics.recordError(fatal, operationLabel(review.operation()), resource, review.subResource());
    }

    /** Upstream's version label: privileged and latest are {@code latest}; versions beyond ours are {@code future}. */
    private String versionLabel(LevelVersion policy) {
        Version version = policy.version();
        if (version.latest() || policy.level() == Level.PRIVILEGED) {
            return "latest";
        }
        if (!metricsVersion.latest() && metricsVersion.compareTo(version) < 0) {
            return "future";
        }
        String cached = versionLabels.get(version);
        if (cached != null) {
            return cached;
        }
        String value = version.toString();
        if (versionLabels.size() < MAX_CACHED_STRINGS) {
            versionLabels.putIfAbsent(version, value);
        }
        return value;
    }

    private static String operationLabel(Operation operation) {
        return switch (operation) {
            case CREATE -> "create";
            case UPDATE -> "update";
            case DELETE -> "delete";
            case CONNECT -> "connect";
        };
    }

    /** Settings for a {@link PodSecurityAdmission}; not thread-safe, build once. */
    public static final class Builder {
        private final PodSecurityEvaluator evaluator;
        private final PodSecurityConfiguration configuration;
        private final ClusterState clusterState;
        private Clock clock = Clock.systemUTC();
        private PodSecurityMetrics metrics = PodSecurityMetrics.NONE;
        private Version metricsVersion = Version.LATEST;
        private Duration namespacePodCheckTimeout = DEFAULT_NAMESPACE_POD_CHECK_TIMEOUT;
        private int namespaceMaxPodsToCheck = DEFAULT_NAMESPACE_MAX_PODS_TO_CHECK;

        private Builder(PodSecurityEvaluator evaluator, PodSecurityConfiguration configuration, ClusterState clusterState) {
            this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
            this.configuration = Objects.requireNonNull(configuration, "configuration");
            this.clusterState = Objects.requireNonNull(clusterState, "clusterState");
        }

        /** The clock for namespace dry-run deadlines (default: the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder metrics(PodSecurityMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /**
         * The newest policy version this deployment knows (upstream: the API server's version); evaluations at a
         * newer version are labelled {@code future} in metrics. Default {@code latest}: none is.
         */
        public Builder metricsVersion(Version version) {
            this.metricsVersion = Objects.requireNonNull(version, "version");
            return this;
        }

        /** The longest a namespace dry run may take (default 1 s); half the request's remaining time caps it. */
        public Builder namespacePodCheckTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("The namespace pod check timeout must be positive, got " + timeout);
            }
            this.namespacePodCheckTimeout = timeout;
            return this;
        }

        /** The most existing pods a namespace dry run checks (default 3000). */
        public Builder namespaceMaxPodsToCheck(int maxPods) {
            if (maxPods < 1) {
                throw new IllegalArgumentException("The namespace pod check limit must be at least 1, got " + maxPods);
            }
            this.namespaceMaxPodsToCheck = maxPods;
            return this;
        }

        public PodSecurityAdmission build() {
            return new PodSecurityAdmission(this);
        }
    }
}
