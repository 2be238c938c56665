package dev.gatehouse.policy.constraint.gator;

import dev.gatehouse.policy.cluster.StaticClusterState;
import dev.gatehouse.policy.constraint.ConstraintLoader;
import dev.gatehouse.policy.constraint.ConstraintParser;
import dev.gatehouse.policy.constraint.EnforcementPoint;
import dev.gatehouse.policy.constraint.LoadError;
import dev.gatehouse.policy.constraint.LoadedConstraints;
import dev.gatehouse.policy.constraint.TemplateParser;
import dev.gatehouse.policy.constraint.driver.ConstraintDriver;
import dev.gatehouse.policy.constraint.driver.Inventory;
import dev.gatehouse.policy.constraint.engine.ConstraintEngine;
import dev.gatehouse.policy.constraint.engine.ConstraintViolation;
import dev.gatehouse.policy.constraint.engine.EnginePreference;
import dev.gatehouse.policy.constraint.engine.ReviewOutcome;
import dev.gatehouse.policy.constraint.engine.SkippedConstraint;
import dev.gatehouse.policy.document.Manifest;
import dev.gatehouse.policy.document.ManifestError;
import dev.gatehouse.policy.document.ManifestReader;
import dev.gatehouse.policy.document.ManifestSet;
import dev.gatehouse.policy.podsecurity.offline.PodSecurityManifestChecker;
import dev.gatehouse.policy.report.Finding;
import dev.gatehouse.policy.report.ObjectResult;
import dev.gatehouse.policy.report.Report;
import dev.gatehouse.policy.vap.VapLoader;
import dev.gatehouse.policy.review.GroupVersionKind;
import dev.gatehouse.policy.review.GroupVersionResource;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.policy.review.Review;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs {@code gator test} over a set of manifests: the ConstraintTemplates and constraints among them are loaded,
 * every object is inventory ({@code data.inventory}) and every Namespace is known to namespace selectors, and every
 * object that is not itself policy is reviewed as a CREATE at the gator enforcement point. Whatever
 * {@link ConstraintEngine#evaluate} reports for an object becomes a {@link Finding} with rule
 * {@code <ConstraintKind>/<name>} and the severity of the enforcement action. With a
 * {@link PodSecurityManifestChecker}, each object's Pod Security findings join its constraint findings in the same
 * {@link ObjectResult}.
 *
 * <p>Nothing is dropped silently: unreadable documents and templates or constraints that fail to load or compile
 * are report errors naming file, line, object and field; constraints whose template the chosen engine cannot run
 * leave a note on every object they match.
 *
 * <p>Immutable and thread-safe.
 */
public final class GatorTestRunner {
    /** The policy an object is reviewed against, as the reports name it. */
    public static final String CONSTRAINTS_POLICY = "Gatekeeper constraints";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final List<ConstraintDriver> drivers;
    private final EnginePreference preference;
    private final PodSecurityManifestChecker podSecurity;

    /**
     * @param drivers     the constraint drivers, in order of preference for an engine
     * @param preference  which code of a template to run
     * @param podSecurity Pod Security to evaluate next to the constraints, or null for constraints only
     */
    public GatorTestRunner(List<ConstraintDriver> drivers, EnginePreference preference,
                           PodSecurityManifestChecker podSecurity) {
        this.drivers = List.copyOf(drivers);
        this.preference = Objects.requireNonNull(preference, "preference");
        this.podSecurity = podSecurity;
    }

    /** Loads the policy among {@code input} and reviews every other object. */
    public GatorTestResult run(ManifestSet input) {
        LoadedConstraints loaded = ConstraintLoader.load(input);
        ConstraintEngine engine = ConstraintEngine.builder().drivers(drivers).preference(preference).load(loaded)
                .build();

        List<ManifestError> errors = new ArrayList<>(input.errors());
        // The loader carries the reader's errors over; they are already in the list, with their columns.
        Set<LoadError> readErrors = new HashSet<>();
        for (ManifestError e : input.errors()) {
            readErrors.add(new LoadError(e.source(), e.line(), "", "", e.message()));
        }
        Map<String, Manifest> policyObjects = policyObjects(input.manifests(), loaded);
        Set<LoadError> loadErrors = new HashSet<>(loaded.errors());
        int failedTemplates = 0;
        for (LoadError e : engine.errors()) {
            if (readErrors.contains(e)) {
                continue;
            }
            if (!loadErrors.contains(e) && e.object().startsWith("ConstraintTemplate/")) {
                failedTemplates++;
            }
            errors.add(located(e, policyObjects));
        }

        StaticClusterState namespaces = StaticClusterState.EMPTY;
        List<JsonNode> inventory = new ArrayList<>(input.manifests().size());
        for (Manifest m : input.manifests()) {
            inventory.add(m.object());
            if (m.kind().equals("Namespace") && m.apiVersion().equals("v1")) {
                try {
                    namespaces = namespaces.withNamespace(ManifestReader.decode(m, Namespace.class, JSON));
                } catch (ManifestReader.ManifestDecodeException e) {
                    errors.add(e.error());
                }
            }
        }
        ConstraintEngine reviewing = engine.withClusterState(namespaces).withInventory(Inventory.of(inventory));

        Map<ObjectKey, ArrayDeque<ObjectResult>> podSecurityResults = new HashMap<>();
        if (podSecurity != null) {
            Report psa = podSecurity.check(input.manifests(), List.of());
            errors.addAll(psa.errors());
            for (ObjectResult r : psa.objects()) {
                podSecurityResults.computeIfAbsent(new ObjectKey(r.source(), r.line(), r.apiVersion(), r.kind(),
                        r.name()), k -> new ArrayDeque<>()).add(r);
            }
        }

        List<ObjectResult> results = new ArrayList<>();
        for (Manifest m : input.manifests()) {
            if (isPolicyObject(m.object())) {
                continue;
            }
            ReviewOutcome outcome = reviewing.evaluate(review(m.object()), EnforcementPoint.GATOR);
            List<Finding> findings = new ArrayList<>();
            for (ConstraintViolation v : outcome.violations()) {
                findings.add(finding(v));
            }
            Set<String> notes = new LinkedHashSet<>();
            for (SkippedConstraint s : outcome.skipped()) {
                notes.add(s.constraint().describe() + " not evaluated: " + s.reason());
            }
            String policy = CONSTRAINTS_POLICY;
            String namespace = m.namespace();
            ArrayDeque<ObjectResult> psa = podSecurityResults.get(new ObjectKey(m.source(), m.line(),
                    m.apiVersion(), m.kind(), m.name()));
            ObjectResult ps = psa == null ? null : psa.poll();
            if (ps != null) {
                findings.addAll(ps.findings());
                policy = policy + " and " + ps.policy();
                // Pod Security resolves a missing namespace to the default one; the report says where it ran.
                namespace = ps.namespace();
                if (!ps.note().isEmpty()) {
                    notes.add(ps.note());
                }
            }
            results.add(new ObjectResult(m.source(), m.line(), m.apiVersion(), m.kind(), namespace, m.name(),
                    policy, findings, String.join("; ", notes)));
        }
        return new GatorTestResult(new Report(results, errors), loaded.templates().size() - failedTemplates,
                engine.constraints().size(), engine.unavailable());
    }

    /**
     * Gatekeeper's own objects and ValidatingAdmissionPolicies are the policy under test, not objects to admit:
     * they are inventory but are not reviewed.
     */
    static boolean isPolicyObject(JsonNode object) {
        if (TemplateParser.isTemplate(object) || ConstraintParser.isConstraint(object)) {
            return true;
        }
        String group = GroupVersionKind.ofObject(object).group();
        return group.equals("gatekeeper.sh") || group.endsWith(".gatekeeper.sh") || VapLoader.isVapObject(object);
    }

    private static Finding finding(ConstraintViolation v) {
        Finding.Severity severity = switch (v.action()) {
            case DENY -> Finding.Severity.DENY;
            case WARN -> Finding.Severity.WARN;
            // Scoped actions are resolved per point by the engine; anything else is only recorded.
            default -> Finding.Severity.DRYRUN;
        };
        JsonNode details = v.details();
        String detail = details == null || details.isNull() || details.isMissingNode()
                || (details.isContainer() && details.isEmpty()) ? "" : "details: " + details;
        return new Finding(v.constraint().describe(), v.message(), detail, "", severity);
    }

    /**
     * Where each template ({@code ConstraintTemplate/<name>}) and constraint ({@code <Kind>/<name>}) was read: the
     * document that loaded, else the first that claims the name (a broken duplicate must not take the blame).
     */
    private static Map<String, Manifest> policyObjects(List<Manifest> manifests, LoadedConstraints loaded) {
        Map<JsonNode, Manifest> byObject = new IdentityHashMap<>();
        for (Manifest m : manifests) {
            byObject.put(m.object(), m);
        }
        Map<String, Manifest> byName = new HashMap<>();
        for (var t : loaded.templates()) {
            Manifest m = byObject.get(t.object());
            if (m != null) {
                byName.putIfAbsent(t.describe(), m);
            }
        }
        for (var c : loaded.constraints()) {
            Manifest m = byObject.get(c.object());
            if (m != null) {
                byName.putIfAbsent(c.describe(), m);
            }
        }
        for (Manifest m : manifests) {
            if (TemplateParser.isTemplate(m.object())) {
                byName.putIfAbsent("ConstraintTemplate/" + m.name(), m);
            } else if (ConstraintParser.isConstraint(m.object())) {
                byName.putIfAbsent(m.kind() + "/" + m.name(), m);
            }
        }
        return byName;
    }

    /** A load error as a report error; compilation errors carry no file, so it is looked up by object. */
    private static ManifestError located(LoadError e, Map<String, Manifest> policyObjects) {
        String source = e.source();
        int line = e.line();
        if (source.isEmpty()) {
            Manifest m = policyObjects.get(e.object());
            if (m != null) {
                source = m.source();
                line = m.line();
            }
        }
        StringBuilder message = new StringBuilder();
        if (!e.object().isEmpty()) {
            message.append(e.object()).append(": ");
        }
        if (!e.field().isEmpty()) {
            message.append(e.field()).append(": ");
        }
        message.append(e.message());
        return new ManifestError(source.isEmpty() ? "(policy)" : source, line, 0, message.toString());
    }

    /** The request gator makes of an input object: a CREATE of it, by nobody in particular. */
    static Review review(JsonNode object) {
        GroupVersionKind kind = GroupVersionKind.ofObject(object);
        JsonNode metadata = object.path("metadata");
        return new Review("", kind, GroupVersionResource.guessFor(kind), "",
                metadata.path("name").asString(""), metadata.path("namespace").asString(""), Operation.CREATE, null,
                object, null, false);
    }


    /** Identifies an object of the input across the constraint review and the Pod Security check. */
    private record ObjectKey(String source, int line, String apiVersion, String kind, String name) {}
}
