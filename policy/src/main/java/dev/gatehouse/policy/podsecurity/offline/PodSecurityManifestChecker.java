package dev.gatehouse.policy.podsecurity.offline;

import dev.gatehouse.policy.document.Manifest;
import dev.gatehouse.policy.document.ManifestError;
import dev.gatehouse.policy.document.ManifestReader;
import dev.gatehouse.policy.podsecurity.CheckResult;
import dev.gatehouse.policy.podsecurity.DefaultPodSecurityEvaluator;
import dev.gatehouse.policy.podsecurity.EvaluationResult;
import dev.gatehouse.policy.podsecurity.LevelVersion;
import dev.gatehouse.policy.podsecurity.PodMetadataAndSpec;
import dev.gatehouse.policy.podsecurity.PodSecurityEvaluator;
import dev.gatehouse.policy.podsecurity.PodSpecs;
import dev.gatehouse.policy.podsecurity.RemediationHints;
import dev.gatehouse.policy.podsecurity.config.PodSecurityConfiguration;
import dev.gatehouse.policy.podsecurity.field.FieldError;
import dev.gatehouse.policy.podsecurity.namespace.NamespacePolicy;
import dev.gatehouse.policy.report.Finding;
import dev.gatehouse.policy.report.ObjectResult;
import dev.gatehouse.policy.report.Report;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pod Security on manifests, offline: what {@code gatehouse check} runs. Each pod-bearing object is evaluated at a
 * fixed level, or as its namespace's labels (a Namespace among the inputs, else the given labels, else the
 * configuration's defaults) would evaluate it: the enforce level's violations are deny findings, those that only
 * the warn or audit level adds are warn findings.
 *
 * <p>Unlike admission, a pod controller is judged by its enforce level too: in CI the question is whether the pods
 * it creates would be admitted, and admission answers it only after the controller exists.
 *
 * <p>Immutable and thread-safe.
 */
public final class PodSecurityManifestChecker {

    /** The kinds that carry a pod, with their typed model and the API groups they are served in. */
    private static final Map<String, Kind> KINDS = Map.of(
            "Pod", new Kind(Pod.class, Set.of("")),
            "PodTemplate", new Kind(PodTemplate.class, Set.of("")),
            "ReplicationController", new Kind(ReplicationController.class, Set.of("")),
            "ReplicaSet", new Kind(ReplicaSet.class, Set.of("apps", "extensions")),
            "Deployment", new Kind(Deployment.class, Set.of("apps", "extensions")),
            "StatefulSet", new Kind(StatefulSet.class, Set.of("apps")),
            "DaemonSet", new Kind(DaemonSet.class, Set.of("apps", "extensions")),
            "Job", new Kind(Job.class, Set.of("batch")),
            "CronJob", new Kind(CronJob.class, Set.of("batch")));

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private final PodSecurityEvaluator evaluator;
    private final PodSecurityConfiguration configuration;
    private final LevelVersion fixedLevel;
    private final Map<String, String> defaultNamespaceLabels;
    private final String defaultNamespace;

    /**
     * @param fixedLevel             evaluate everything at this level (namespace labels ignored), or null
     * @param defaultNamespaceLabels labels of namespaces that are not among the inputs (may be empty)
     * @param defaultNamespace       the namespace of objects that name none
     */
    public PodSecurityManifestChecker(PodSecurityConfiguration configuration, LevelVersion fixedLevel,
                                      Map<String, String> defaultNamespaceLabels, String defaultNamespace) {
        this(DefaultPodSecurityEvaluator.standard(), configuration, fixedLevel, defaultNamespaceLabels, defaultNamespace);
    }

    public PodSecurityManifestChecker(PodSecurityEvaluator evaluator, PodSecurityConfiguration configuration,
                                      LevelVersion fixedLevel, Map<String, String> defaultNamespaceLabels,
                                      String defaultNamespace) {
        this.evaluator = evaluator;
        this.configuration = configuration;
        this.fixedLevel = fixedLevel;
        this.defaultNamespaceLabels = Map.copyOf(defaultNamespaceLabels);
        this.defaultNamespace = defaultNamespace;
    }

    /** Checks the manifests; {@code readErrors} (documents that could not be read) are carried into the report. */
    public Report check(List<Manifest> manifests, List<ManifestError> readErrors) {
        List<ManifestError> errors = new ArrayList<>(readErrors);
        Map<String, NamespacePolicy> namespaces = namespacePolicies(manifests, errors);
        NamespacePolicy fallback = NamespacePolicy.fromLabels(defaultNamespaceLabels, configuration.defaults());
        if (fixedLevel == null && fallback.hasErrors()) {
            for (FieldError e : fallback.errors()) {
                errors.add(new ManifestError("--namespace-labels", 0, 0, e.toString()));
            }
        }
        List<ObjectResult> results = new ArrayList<>();
        for (Manifest manifest : manifests) {
            Kind kind = KINDS.get(manifest.kind());
            if (kind == null) {
                continue;
            }
            String group = group(manifest.apiVersion());
            if (!kind.groups().contains(group)) {
                errors.add(new ManifestError(manifest.source(), manifest.line(), 0,
                        "unknown kind " + manifest.kind() + " in apiVersion \"" + manifest.apiVersion() + "\""));
                continue;
            }
            PodMetadataAndSpec pod;
            try {
                HasMetadata typed = ManifestReader.decode(manifest, kind.type(), MAPPER);
                pod = PodSpecs.of(typed).orElseThrow();
            } catch (ManifestReader.ManifestDecodeException e) {
                errors.add(e.error());
                continue;
            }
            String namespace = manifest.namespace().isEmpty() ? defaultNamespace : manifest.namespace();
            results.add(evaluate(manifest, namespace, pod, namespaces.getOrDefault(namespace, fallback)));
        }
        return new Report(results, errors);
    }

    private ObjectResult evaluate(Manifest manifest, String namespace, PodMetadataAndSpec pod, NamespacePolicy policy) {
        if (fixedLevel != null) {
            EvaluationResult result = evaluator.evaluate(fixedLevel, pod.metadata(), pod.spec());
            List<Finding> findings = new ArrayList<>();
            addFindings(result, Finding.Severity.DENY, findings, new HashSet<>());
            return result(manifest, namespace, "PodSecurity \"" + fixedLevel + "\"", findings, "");
        }
        String policyText = "PodSecurity enforce=\"" + policy.enforce() + "\" warn=\"" + policy.warn()
                + "\" audit=\"" + policy.audit() + "\"";
        if (configuration.exemptions().exemptNamespace(namespace)) {
            return result(manifest, namespace, policyText, List.of(), "namespace \"" + namespace + "\" is exempt");
        }
        String runtimeClass = pod.spec().getRuntimeClassName();
        if (runtimeClass != null && configuration.exemptions().exemptRuntimeClass(runtimeClass)) {
            return result(manifest, namespace, policyText, List.of(), "runtimeClass \"" + runtimeClass + "\" is exempt");
        }
        List<Finding> findings = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        EvaluationResult enforce = evaluator.evaluate(policy.enforce(), pod.metadata(), pod.spec());
        addFindings(enforce, Finding.Severity.DENY, findings, seen);
        for (LevelVersion other : List.of(policy.warn(), policy.audit())) {
            if (!other.equals(policy.enforce())) {
                addFindings(evaluator.evaluate(other, pod.metadata(), pod.spec()), Finding.Severity.WARN, findings, seen);
            }
        }
        return result(manifest, namespace, policyText, findings, "");
    }

    private static void addFindings(EvaluationResult result, Finding.Severity severity, List<Finding> out, Set<String> seen) {
        for (CheckResult violation : result.violations()) {
            // The same reason from a stricter warn level adds nothing to what enforce already said.
            if (seen.add(violation.reason() + '\0' + violation.detail())) {
                out.add(new Finding(violation.checkId(), violation.reason(), violation.detail(),
                        RemediationHints.forCheck(violation.checkId()), severity));
            }
        }
    }

    private static ObjectResult result(Manifest manifest, String namespace, String policy, List<Finding> findings, String note) {
        return new ObjectResult(manifest.source(), manifest.line(), manifest.apiVersion(), manifest.kind(),
                namespace, manifest.name(), policy, findings, note);
    }

    /** Namespace manifests among the inputs, resolved over the configured defaults; label errors are reported. */
    private Map<String, NamespacePolicy> namespacePolicies(List<Manifest> manifests, List<ManifestError> errors) {
        Map<String, NamespacePolicy> policies = new HashMap<>();
        for (Manifest manifest : manifests) {
            if (!manifest.kind().equals("Namespace") || !manifest.apiVersion().equals("v1")) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            manifest.object().path("metadata").path("labels").properties()
                    .forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
            NamespacePolicy policy = NamespacePolicy.fromLabels(labels, configuration.defaults());
            if (fixedLevel == null) {
                for (FieldError e : policy.errors()) {
                    errors.add(new ManifestError(manifest.source(), manifest.line(), 0,
                            "Namespace \"" + manifest.name() + "\": " + e));
                }
            }
            policies.put(manifest.name(), policy);
        }
        return policies;
    }

    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    private record Kind(Class<? extends HasMetadata> type, Set<String> groups) {}
}
