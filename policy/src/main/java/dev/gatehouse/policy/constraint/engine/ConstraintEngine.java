package dev.gatehouse.policy.constraint.engine;

import dev.gatehouse.policy.constraint.Constraint;
import dev.gatehouse.policy.constraint.ConstraintException;
import dev.gatehouse.policy.constraint.ConstraintTemplate;
import dev.gatehouse.policy.constraint.EnforcementAction;
import dev.gatehouse.policy.constraint.EnforcementPoint;
import dev.gatehouse.policy.constraint.LoadError;
import dev.gatehouse.policy.constraint.driver.CompiledTemplate;
import dev.gatehouse.policy.constraint.driver.ConstraintDriver;
import dev.gatehouse.policy.constraint.driver.ReviewContext;
import dev.gatehouse.policy.constraint.driver.Violation;
import dev.gatehouse.policy.constraint.expansion.Expander;
import dev.gatehouse.policy.constraint.expansion.ExpansionException;
import dev.gatehouse.policy.constraint.expansion.ExpansionTemplate;
import dev.gatehouse.policy.constraint.expansion.Resultant;
import dev.gatehouse.policy.constraint.match.MatchException;
import dev.gatehouse.policy.constraint.match.MatchTarget;
import dev.gatehouse.policy.constraint.match.Matcher;
import dev.gatehouse.policy.review.ClusterState;
import dev.gatehouse.policy.review.Decision;
import dev.gatehouse.policy.review.Engine;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.policy.review.Review;
import dev.gatehouse.policy.cluster.StaticClusterState;
import dev.gatehouse.policy.vap.ParamObjects;
import dev.gatehouse.policy.vap.PolicyEvaluator;
import dev.gatehouse.policy.vap.PolicyOutcome;
import dev.gatehouse.policy.vap.ValidatingAdmissionPolicy;
import dev.gatehouse.policy.vap.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The constraint framework's engine: every loaded constraint, each evaluated by the driver its template is
 * compiled for, behind {@link Engine} for the webhook and {@link #evaluate} for audit and the CLI.
 *
 * <p>Per request and constraint: match (on the object and on the old object; either suffices; a matcher error is
 * an "autoreject" violation {@code unable to match constraints: ...}), then the driver. At the webhook a deny
 * violation denies (403, messages {@code [<constraint>] <msg>} joined by newlines), warn adds a warning, dryrun
 * only an audit annotation. Templates whose chosen engine is unavailable are never silently dropped: they are in
 * {@link #unavailable()}, and every matching constraint of theirs is reported by {@link #evaluate} as skipped.
 *
 * <p>With ExpansionTemplates ({@link Builder#expansionTemplate}, or loaded), a workload is reviewed together with
 * the objects it would create; see {@link #evaluate}.
 * <p>ValidatingAdmissionPolicies and their bindings ({@link PolicyEvaluator}) are evaluated too, with parameter
 * objects from the loaded manifests and the inventory. {@link #evaluate} lists their failures as violations of
 * {@code ValidatingAdmissionPolicy/<policy>}; {@link #review} applies them first, as the API server runs its policies
 * before webhooks: a policy denial is the decision (upstream wording, status reason and code), otherwise their
 * warnings and audit annotations join the constraints'.
 *
 * <p>Immutable and thread-safe: templates are compiled once at construction.
 *
 * <pre>{@code
 * ConstraintEngine engine = ConstraintEngine.builder()
 *     .driver(new CelDriver()).driver(new RegoDriver()).preference(EnginePreference.AUTO)
 *     .load(ConstraintLoader.load(ManifestReader.read(paths, System.in)))
 *     .build();
 * ReviewOutcome outcome = engine.evaluate(review, EnforcementPoint.GATOR);
 * }</pre>
 */
public final class ConstraintEngine implements Engine {
    /** The audit annotation listing dryrun violations at the webhook, as a JSON list. */
    public static final String DRYRUN_ANNOTATION = "dryrun-violations";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final List<ConstraintTemplate> templates;
    private final List<Constraint> constraints;
    /** Each constraint's template entry, by position in {@link #constraints}: read once per constraint per review. */
    private final Entry[] constraintEntries;
    private final List<LoadError> errors;
    private final Map<String, String> unavailable;
    private final ClusterState clusterState;
    private final JsonNode inventory;
    private final Expander expander;
    private final PolicyEvaluator admissionPolicies;
    private final AdmissionPolicyViolations admissionPolicyViolations;
    private final List<JsonNode> paramObjects;
    private final ParamObjects params;
    private final ConstraintMetrics metrics;

    private record Entry(ConstraintTemplate template, ConstraintDriver driver, CompiledTemplate compiled,
            String unavailableReason) {}

    private ConstraintEngine(Builder b) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<LoadError> errs = new ArrayList<>(b.errors);
        Map<String, String> missing = new LinkedHashMap<>();
        for (ConstraintTemplate t : b.templates) {
            Selection selection = select(t, b.drivers, b.preference);
            if (selection.driver == null) {
                entries.put(t.kind(), new Entry(t, null, null, selection.reason));
                missing.put(t.kind(), selection.reason);
                continue;
            }
            try {
                entries.put(t.kind(), new Entry(t, selection.driver, selection.driver.compile(t), null));
            } catch (ConstraintException e) {
                errs.add(new LoadError("", 0, t.describe(), e.field(),
                        e.getMessage()));
            } catch (RuntimeException e) {
                errs.add(new LoadError("", 0, t.describe(), "",
                        "cannot compile: " + e));
            }
        }
        List<Constraint> kept = new ArrayList<>();
        for (Constraint c : b.constraints) {
            if (entries.containsKey(c.kind())) {
                kept.add(c);
            } else {
                errs.add(new LoadError("", 0, c.describe(), "kind", "the ConstraintTemplate defining kind "
                        + c.kind() + " is not loaded"));
            }
        }
        this.templates = entries.values().stream().map(Entry::template).toList();
        this.constraints = List.copyOf(kept);
        this.constraintEntries = constraints.stream().map(c -> entries.get(c.kind())).toArray(Entry[]::new);
        this.unavailable = java.util.Collections.unmodifiableMap(missing);
        this.clusterState = b.clusterState;
        this.inventory = null;
        this.expander = Expander.of(b.expansionTemplates);
        for (Expander.Rejection r : expander.rejected()) {
            errs.add(new LoadError("", 0, r.template().describe(), "", r.message()));
        }
        this.errors = List.copyOf(errs);
        this.admissionPolicies = new PolicyEvaluator(b.admissionPolicies, b.admissionPolicyBindings);
        this.admissionPolicyViolations = new AdmissionPolicyViolations(admissionPolicies);
        this.paramObjects = List.copyOf(b.paramObjects);
        this.params = ParamObjects.of(paramObjects);
        this.metrics = ConstraintMetrics.NONE;
    }

    private ConstraintEngine(ConstraintEngine other, ClusterState clusterState, JsonNode inventory) {
        this(other, clusterState, inventory, other.expander, other.metrics);
    }

    private ConstraintEngine(ConstraintEngine other, ClusterState clusterState, JsonNode inventory,
            Expander expander, ConstraintMetrics metrics) {
        this.templates = other.templates;
        this.constraints = other.constraints;
        this.constraintEntries = other.constraintEntries;
        this.errors = other.errors;
        this.unavailable = other.unavailable;
        this.clusterState = clusterState;
        this.inventory = inventory;
        this.expander = expander;
        this.admissionPolicies = other.admissionPolicies;
        this.admissionPolicyViolations = other.admissionPolicyViolations;
        this.paramObjects = other.paramObjects;
        this.params = inventory == other.inventory ? other.params : ParamObjects.of(paramObjects, inventory);
        this.metrics = metrics;
    }

    /** This engine (same compiled templates and constraints) reading Namespaces from another cluster state. */
    public ConstraintEngine withClusterState(ClusterState clusterState) {
        return new ConstraintEngine(this, Objects.requireNonNull(clusterState, "clusterState"), inventory);
    }

    /**
     * This engine (same compiled templates and constraints) giving drivers another {@code data.inventory}
     * document (see {@link dev.gatehouse.policy.constraint.driver.Inventory}); null for none.
     */
    public ConstraintEngine withInventory(JsonNode inventory) {
        return new ConstraintEngine(this, clusterState, inventory);
    }

    /**
     * This engine (same compiled templates and constraints) reviewing objects on their own, without expanding them:
     * gator verify does not expand the objects of AdmissionReview cases.
     */
    public ConstraintEngine withoutExpansion() {
        return new ConstraintEngine(this, clusterState, inventory, Expander.NONE, metrics);
    }

    /**
     * This engine (same compiled templates and constraints) reporting what {@link #review} does to
     * {@code metrics}; {@link ConstraintMetrics#NONE} for nothing (the default).
     */
    public ConstraintEngine withMetrics(ConstraintMetrics metrics) {
        return new ConstraintEngine(this, clusterState, inventory, expander,
                Objects.requireNonNull(metrics, "metrics"));
    }

    /** The ExpansionTemplates in use (those rejected are in {@link #errors()}). */
    public List<ExpansionTemplate> expansionTemplates() {
        return expander.templates();
    }

    private record Selection(ConstraintDriver driver, String reason) {}

    private static Selection select(ConstraintTemplate t, List<ConstraintDriver> drivers, EnginePreference pref) {
        Optional<ConstraintDriver> cel = drivers.stream().filter(d -> d.engine().equals("K8sNativeValidation")
                && d.supports(t)).findFirst();
        Optional<ConstraintDriver> rego = drivers.stream().filter(d -> d.engine().equals("Rego")
                && d.supports(t)).findFirst();
        boolean hasCel = t.cel().isPresent();
        boolean hasRego = t.rego().isPresent();
        return switch (pref) {
            case CEL -> cel.map(d -> new Selection(d, ""))
                    .orElse(new Selection(null, hasCel ? "the CEL engine is not available"
                            : "needs the Rego engine: the template has no K8sNativeValidation code"));
            case REGO -> rego.map(d -> new Selection(d, ""))
                    .orElse(new Selection(null, hasRego ? "needs the Rego engine, which is not available"
                            : "the template has no Rego code"));
            case AUTO -> cel.or(() -> rego).map(d -> new Selection(d, ""))
                    .orElse(new Selection(null, hasRego && !hasCel ? "needs the Rego engine, which is not available"
                            : "no engine available for the template's code"));
        };
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Templates, constraints and compilation problems that were not accepted. */
    public List<LoadError> errors() {
        return errors;
    }

    /** Template kinds that cannot be evaluated with the chosen preference and drivers, with the reason. */
    public Map<String, String> unavailable() {
        return unavailable;
    }

    /**
     * The templates this engine holds, one per kind (those that failed to compile are in {@link #errors()}, those
     * it cannot run with the chosen preference are also in {@link #unavailable()}).
     */
    public List<ConstraintTemplate> templates() {
        return templates;
    }

    /** The constraints this engine evaluates. */
    public List<Constraint> constraints() {
        return constraints;
    }

    /** The ValidatingAdmissionPolicies and bindings this engine evaluates. */
    public PolicyEvaluator admissionPolicies() {
        return admissionPolicies;
    }

    /** Evaluates the ValidatingAdmissionPolicies alone, with the upstream wording of their results. */
    public PolicyOutcome evaluateAdmissionPolicies(Review review) {
        if (admissionPolicies.isEmpty()) {
            return PolicyOutcome.EMPTY;
        }
        return admissionPolicies.evaluate(review, this::namespaceJson, params);
    }

    private JsonNode namespaceJson(String name) {
        try {
            return clusterState.namespace(name).map(ConstraintEngine::toJson).orElse(null);
        } catch (ClusterState.ClusterStateException e) {
            return null;
        }
    }

    /**
     * The webhook's decision, reported to the {@link #withMetrics metrics} with the time it took: the request's
     * status (an exception is reported as an error and rethrown) and every violation acted on.
     */
    @Override
    public Decision review(Review review) {
        if (metrics == ConstraintMetrics.NONE) {
            return decide(review);
        }
        long start = System.nanoTime();
        Decision decision;
        try {
            decision = decide(review);
        } catch (RuntimeException | Error e) {
            recordRequest(ConstraintMetrics.AdmissionStatus.ERROR, review, start);
            throw e;
        }
        ConstraintMetrics.AdmissionStatus status = decision.allowed() ? ConstraintMetrics.AdmissionStatus.ALLOW
                : decision.code() >= 500 ? ConstraintMetrics.AdmissionStatus.ERROR
                : ConstraintMetrics.AdmissionStatus.DENY;
        recordRequest(status, review, start);
        return decision;
    }

    private void recordRequest(ConstraintMetrics.AdmissionStatus status, Review review, long start) {
        try {
            metrics.recordRequest(status, review.dryRun(), System.nanoTime() - start);
        } catch (RuntimeException e) {
            // A metric must never change an admission decision; a failing one is simply not counted.
        }
    }

    private void recordViolation(ConstraintViolation violation) {
        try {
            metrics.recordViolation(violation.constraint(), violation.action());
        } catch (RuntimeException e) {
            // As above: the decision stands whatever the metrics do.
        }
    }

    private Decision decide(Review review) {
        PolicyOutcome policyOutcome = evaluateAdmissionPolicies(review);
        if (policyOutcome.denial() != null) {
            return policyOutcome.decision();
        }
        ReviewOutcome outcome = evaluateConstraints(review, EnforcementPoint.VALIDATION);
        if (!outcome.errors().isEmpty()) {
            // As upstream: a workload that cannot be expanded is an error of the whole request, which denies it.
            return new Decision(false, 500, "InternalError", "unable to expand object: "
                    + String.join("; ", outcome.errors()), List.of(), List.of(), Map.of());
        }
        List<String> denials = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        ArrayNode dryrun = JSON.createArrayNode();
        for (ConstraintViolation v : outcome.violations()) {
            recordViolation(v);
            switch (v.action()) {
                case DENY -> denials.add(v.describe());
                case WARN -> warnings.add(v.describe());
                case DRYRUN -> {
                    ObjectNode entry = dryrun.addObject();
                    entry.put("constraint", v.constraint().name());
                    entry.put("kind", v.constraint().kind());
                    entry.put("message", v.message());
                }
                default -> { }
            }
        }
        Map<String, String> annotations = dryrun.isEmpty() ? Map.of() : Map.of(DRYRUN_ANNOTATION, dryrun.toString());
        if (policyOutcome != PolicyOutcome.EMPTY) {
            warnings.addAll(0, policyOutcome.warnings());
            Map<String, String> merged = new LinkedHashMap<>(policyOutcome.annotations());
            merged.putAll(annotations);
            annotations = merged;
        }
        if (denials.isEmpty()) {
            return new Decision(true, 200, "", "", List.of(), warnings, annotations);
        }
        return new Decision(false, 403, "Forbidden", String.join("\n", denials), List.of(), warnings, annotations);
    }

    @Override
    public boolean mayBlock(Review review) {
        return !constraints.isEmpty() || !admissionPolicies.isEmpty();
    }

    /**
     * Evaluates every constraint against one request at an enforcement point. Violations carry the action that
     * applies there (a scoped constraint with several actions for the point yields one violation per action);
     * constraints with no action at the point are not evaluated.
     *
     * <p>When ExpansionTemplates apply to the object's kind, the objects it would create are evaluated too (see
     * {@link Expander}); their violations are reported with {@code [Implied by <template>] } before the message,
     * and with the template's enforcement action instead of the constraint's when the template sets one.
     */
    public ReviewOutcome evaluate(Review review, EnforcementPoint point) {
        ReviewOutcome outcome = evaluateConstraints(review, point);
        PolicyOutcome policyOutcome = evaluateAdmissionPolicies(review);
        if (policyOutcome.failures().isEmpty()) {
            return outcome;
        }
        List<ConstraintViolation> violations = new ArrayList<>(outcome.violations());
        violations.addAll(admissionPolicyViolations.of(policyOutcome));
        return new ReviewOutcome(violations, outcome.skipped(), outcome.errors());
    }

    /** The constraints on the object and on the objects it expands to. */
    private ReviewOutcome evaluateConstraints(Review review, EnforcementPoint point) {
        ReviewOutcome outcome = evaluateObject(review, point, false);
        if (expander.isEmpty() || !expander.expands(review.kind())) {
            return outcome;
        }
        return withGenerated(review, point, outcome);
    }

    private ReviewOutcome evaluateObject(Review review, EnforcementPoint point, boolean generated) {
        Objects.requireNonNull(review, "review");
        Objects.requireNonNull(point, "point");
        // The Namespace is looked up and converted only once a constraint needs it: most reviews match nothing.
        JsonNode namespaceObject = null;
        boolean namespaceResolved = false;
        List<MatchTarget> targets = null;
        ReviewContext context = null;
        List<ConstraintViolation> violations = new ArrayList<>();
        List<SkippedConstraint> skipped = new ArrayList<>();
        for (int c = 0; c < constraintEntries.length; c++) {
            Constraint constraint = constraints.get(c);
            Set<EnforcementAction> actions = constraint.actionsAt(point);
            if (actions.isEmpty()) {
                continue;
            }
            Entry entry = constraintEntries[c];
            if (point == EnforcementPoint.VALIDATION && !entry.template().operations().isEmpty()
                    && !entry.template().operations().contains(review.operation())) {
                continue;
            }
            if (!namespaceResolved) {
                namespaceObject = namespaceObject(review);
                namespaceResolved = true;
                targets = targets(review, namespaceObject, generated);
                context = new ReviewContext(review, namespaceObject, point, inventory, generated);
            }
            boolean matched = false;
            String matchError = null;
            for (MatchTarget target : targets) {
                try {
                    if (Matcher.matches(constraint.match(), target)) {
                        matched = true;
                        break;
                    }
                } catch (MatchException e) {
                    matchError = e.getMessage();
                }
            }
            if (!matched) {
                if (matchError != null) {
                    for (EnforcementAction action : actions) {
                        violations.add(new ConstraintViolation(constraint, action,
                                "unable to match constraints: " + matchError, JSON.createObjectNode(), true));
                    }
                }
                continue;
            }
            if (entry.compiled() == null) {
                skipped.add(new SkippedConstraint(constraint, entry.unavailableReason()));
                continue;
            }
            List<Violation> found;
            try {
                found = entry.driver().evaluate(entry.compiled(), constraint, context);
            } catch (RuntimeException e) {
                // A driver defect must not take the request down; it is reported like an evaluation error.
                found = List.of(new Violation("evaluation failed: " + e, JSON.createObjectNode()));
            }
            for (Violation v : found) {
                for (EnforcementAction action : actions) {
                    violations.add(new ConstraintViolation(constraint, action, v.message(), v.details(), false));
                }
            }
        }
        return new ReviewOutcome(violations, skipped);
    }

    /** Adds the violations of the objects the reviewed object would create (upstream: its "resultants"). */
    private ReviewOutcome withGenerated(Review review, EnforcementPoint point, ReviewOutcome own) {
        // Upstream expands the old object on DELETE, as it reviews it.
        JsonNode object = review.object() != null ? review.object()
                : review.operation() == Operation.DELETE ? review.oldObject() : null;
        if (object == null || !object.isObject()) {
            return own;
        }
        // At the webhook the request's namespace is the workload's (and its children's).
        String namespace = !review.namespace().isEmpty() ? review.namespace()
                : object.path("metadata").path("namespace").asString("");
        List<Resultant> resultants;
        try {
            resultants = expander.expand(object, review.kind(), namespace);
        } catch (ExpansionException e) {
            return new ReviewOutcome(own.violations(), own.skipped(), List.of(e.getMessage()));
        }
        List<ConstraintViolation> violations = new ArrayList<>(own.violations());
        LinkedHashSet<SkippedConstraint> skipped = new LinkedHashSet<>(own.skipped());
        for (Resultant resultant : resultants) {
            ReviewOutcome child = evaluateObject(resultant.review(), point, true);
            Optional<EnforcementAction> override = resultant.template().enforcementAction();
            ConstraintViolation previous = null;
            for (ConstraintViolation v : child.violations()) {
                ConstraintViolation implied = new ConstraintViolation(v.constraint(), override.orElse(v.action()),
                        resultant.messagePrefix() + v.message(), v.details(), v.autoreject());
                // A scoped constraint yields one violation per action; overridden, they are one violation.
                if (override.isPresent() && previous != null && previous.constraint() == implied.constraint()
                        && previous.action() == implied.action() && previous.message().equals(implied.message())
                        && Objects.equals(previous.details(), implied.details())) {
                    continue;
                }
                violations.add(implied);
                previous = implied;
            }
            skipped.addAll(child.skipped());
        }
        return new ReviewOutcome(violations, List.copyOf(skipped));
    }

    private JsonNode namespaceObject(Review review) {
        JsonNode any = review.object() != null ? review.object() : review.oldObject();
        String ns = any != null ? any.path("metadata").path("namespace").asString("") : "";
        if (ns.isEmpty()) {
            ns = review.namespace();
        }
        boolean isNamespace = any != null && any.path("kind").asString("").equals("Namespace")
                && any.path("apiVersion").asString("").equals("v1");
        if (ns.isEmpty() || isNamespace) {
            return null;
        }
        try {
            Optional<Namespace> namespace = clusterState.namespace(ns);
            return namespace.map(ConstraintEngine::toJson).orElse(null);
        } catch (ClusterState.ClusterStateException e) {
            // Unknown namespace: a namespaceSelector then reports an autoreject violation.
            return null;
        }
    }

    private static JsonNode toJson(Namespace namespace) {
        try {
            return JSON.valueToTree(namespace);
        } catch (RuntimeException e) {
            ObjectNode node = JSON.createObjectNode();
            node.put("apiVersion", "v1");
            node.put("kind", "Namespace");
            ObjectNode metadata = node.putObject("metadata");
            metadata.put("name", namespace.getMetadata().getName());
            ObjectNode labels = metadata.putObject("labels");
            if (namespace.getMetadata().getLabels() != null) {
                namespace.getMetadata().getLabels().forEach(labels::put);
            }
            return node;
        }
    }

    private static List<MatchTarget> targets(Review review, JsonNode namespaceObject, boolean generated) {
        List<MatchTarget> targets = new ArrayList<>(2);
        for (JsonNode object : new JsonNode[] {review.object(), review.oldObject()}) {
            if (object == null || !object.isObject()) {
                continue;
            }
            String apiVersion = object.path("apiVersion").asString("");
            String kind = object.path("kind").asString("");
            String group;
            if (!kind.isEmpty() && !apiVersion.isEmpty()) {
                int slash = apiVersion.indexOf('/');
                group = slash < 0 ? "" : apiVersion.substring(0, slash);
            } else {
                group = review.kind().group();
                kind = review.kind().kind();
            }
            targets.add(new MatchTarget(group, kind, object, namespaceObject, generated));
        }
        return targets;
    }

    /** Builds a {@link ConstraintEngine}. Not thread-safe; the engine is. */
    public static final class Builder {
        private final List<ConstraintTemplate> templates = new ArrayList<>();
        private final List<Constraint> constraints = new ArrayList<>();
        private final List<ConstraintDriver> drivers = new ArrayList<>();
        private final List<LoadError> errors = new ArrayList<>();
        private EnginePreference preference = EnginePreference.AUTO;
        private ClusterState clusterState = StaticClusterState.EMPTY;
        private final List<ExpansionTemplate> expansionTemplates = new ArrayList<>();
        private final List<ValidatingAdmissionPolicy> admissionPolicies = new ArrayList<>();
        private final List<ValidatingAdmissionPolicyBinding> admissionPolicyBindings = new ArrayList<>();
        private final List<JsonNode> paramObjects = new ArrayList<>();

        private Builder() {}

        /** Adds a ValidatingAdmissionPolicy (evaluated once a binding names it). */
        public Builder admissionPolicy(ValidatingAdmissionPolicy policy) {
            admissionPolicies.add(Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /** Adds a ValidatingAdmissionPolicyBinding. */
        public Builder admissionPolicyBinding(ValidatingAdmissionPolicyBinding binding) {
            admissionPolicyBindings.add(Objects.requireNonNull(binding, "binding"));
            return this;
        }

        /** Adds an ExpansionTemplate: objects of the kinds it applies to are reviewed with what they generate. */
        public Builder expansionTemplate(ExpansionTemplate template) {
            expansionTemplates.add(Objects.requireNonNull(template, "template"));
            return this;
        }

        /** Adds objects bindings may name as parameters (the inventory given later is searched too). */
        public Builder paramObjects(java.util.Collection<JsonNode> objects) {
            objects.forEach(o -> paramObjects.add(Objects.requireNonNull(o, "object")));
            return this;
        }

        /** Adds a driver; the first one for an engine wins. */
        public Builder driver(ConstraintDriver driver) {
            drivers.add(Objects.requireNonNull(driver, "driver"));
            return this;
        }

        /** Adds drivers in order. */
        public Builder drivers(List<ConstraintDriver> drivers) {
            drivers.forEach(this::driver);
            return this;
        }

        public Builder preference(EnginePreference preference) {
            this.preference = Objects.requireNonNull(preference, "preference");
            return this;
        }

        /** Where Namespace objects come from (for namespaceSelector and CEL's namespaceObject). */
        public Builder clusterState(ClusterState clusterState) {
            this.clusterState = Objects.requireNonNull(clusterState, "clusterState");
            return this;
        }

        public Builder template(ConstraintTemplate template) {
            templates.add(Objects.requireNonNull(template, "template"));
            return this;
        }

        public Builder constraint(Constraint constraint) {
            constraints.add(Objects.requireNonNull(constraint, "constraint"));
            return this;
        }

        /**
         * Adds everything loaded, keeping the load errors so that {@link #errors()} reports them all; the other
         * objects become parameter candidates for ValidatingAdmissionPolicy bindings.
         */
        public Builder load(dev.gatehouse.policy.constraint.LoadedConstraints loaded) {
            loaded.templates().forEach(this::template);
            loaded.constraints().forEach(this::constraint);
            loaded.expansionTemplates().forEach(this::expansionTemplate);
            loaded.admissionPolicies().policies().forEach(this::admissionPolicy);
            loaded.admissionPolicies().bindings().forEach(this::admissionPolicyBinding);
            paramObjects(loaded.otherObjects());
            errors.addAll(loaded.errors());
            return this;
        }

        public ConstraintEngine build() {
            return new ConstraintEngine(this);
        }
    }
}
