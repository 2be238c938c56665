package dev.gatehouse.policy.constraint.verify;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.gatehouse.policy.cluster.StaticClusterState;
import dev.gatehouse.policy.constraint.Constraint;
import dev.gatehouse.policy.constraint.ConstraintException;
import dev.gatehouse.policy.constraint.ConstraintParser;
import dev.gatehouse.policy.constraint.ConstraintTemplate;
import dev.gatehouse.policy.constraint.EnforcementPoint;
import dev.gatehouse.policy.constraint.LoadError;
import dev.gatehouse.policy.constraint.TemplateParser;
import dev.gatehouse.policy.constraint.driver.ConstraintDriver;
import dev.gatehouse.policy.constraint.driver.Inventory;
import dev.gatehouse.policy.constraint.engine.ConstraintEngine;
import dev.gatehouse.policy.constraint.engine.ConstraintViolation;
import dev.gatehouse.policy.constraint.engine.EnginePreference;
import dev.gatehouse.policy.constraint.engine.ReviewOutcome;
import dev.gatehouse.policy.constraint.expansion.Expander;
import dev.gatehouse.policy.constraint.expansion.ExpansionTemplate;
import dev.gatehouse.policy.constraint.expansion.ExpansionTemplateParser;
import dev.gatehouse.policy.document.Manifest;
import dev.gatehouse.policy.document.ManifestReader;
import dev.gatehouse.policy.document.ManifestSet;
import dev.gatehouse.policy.review.GroupVersionKind;
import dev.gatehouse.policy.review.GroupVersionResource;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.policy.review.Review;
import io.fabric8.kubernetes.api.model.Namespace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs gator suites ({@code gator verify} semantics): for each test, load the template and the constraint (a test
 * marked {@code invalid} passes only when the constraint fails its parameter schema), then review each case's
 * object with the case's inventory (which Rego templates read as {@code data.inventory}) and check every assertion.
 * A test's {@code expansion} file holds ExpansionTemplates: plain objects are reviewed with the objects they would
 * create, as gator verify does (AdmissionReview cases are not expanded, as in gator). Objects of kind AdmissionReview are reviewed as that
 * request (operation, old object, user); other objects as a CREATE. Each case sees only its own inventory. Cases
 * whose template cannot be evaluated with the chosen engine are skipped with the reason, never passed.
 *
 * <p>Immutable and thread-safe.
 */
public final class SuiteRunner {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final List<ConstraintDriver> drivers;
    private final EnginePreference preference;
    private final TestFilter filter;

    public SuiteRunner(List<ConstraintDriver> drivers, EnginePreference preference, TestFilter filter) {
        this.drivers = List.copyOf(drivers);
        this.preference = Objects.requireNonNull(preference, "preference");
        this.filter = Objects.requireNonNull(filter, "filter");
    }

    /** Runs every test of the suite. */
    public SuiteResult run(Suite suite) {
        long start = System.nanoTime();
        if (suite.skip()) {
            return new SuiteResult(suite.path(), true, List.of(), System.nanoTime() - start);
        }
        Path dir = suite.path().toAbsolutePath().getParent();
        List<TestResult> results = new ArrayList<>();
        for (Suite.Test test : suite.tests()) {
            if (test.skip() || !filter.matchesTest(test)) {
                results.add(new TestResult(test.name(), true, "", List.of(), test.cases().size(), 0));
                continue;
            }
            results.add(runTest(dir, test));
        }
        return new SuiteResult(suite.path(), false, results, System.nanoTime() - start);
    }

    private TestResult runTest(Path dir, Suite.Test test) {
        long start = System.nanoTime();
        try {
            if (test.template().isEmpty()) {
                throw new SuiteException("missing template");
            }
            if (test.constraint().isEmpty()) {
                throw new SuiteException("missing constraint");
            }
            ConstraintTemplate template = readTemplate(dir.resolve(test.template()).normalize());
            JsonNode constraintObject = single(dir.resolve(test.constraint()).normalize(), "constraint");
            Constraint constraint;
            try {
                constraint = ConstraintParser.parse(constraintObject, template);
            } catch (ConstraintException e) {
                if (test.invalid() && e.field().startsWith("spec.parameters")) {
                    return new TestResult(test.name(), false, "", List.of(), test.cases().size(),
                            System.nanoTime() - start);
                }
                throw new SuiteException("adding constraint " + test.constraint() + ": " + e.describe());
            }
            if (test.invalid()) {
                throw new SuiteException("constraint " + test.constraint() + " is valid but the test expects a"
                        + " schema error");
            }
            // As gator, the expansion file is read once the constraint is known to be valid, before any case.
            List<ExpansionTemplate> expansions = test.expansion().isEmpty() ? List.of()
                    : readExpansions(dir.resolve(test.expansion()).normalize());
            ConstraintEngine.Builder builder = ConstraintEngine.builder().preference(preference).template(template)
                    .constraint(constraint).drivers(drivers);
            expansions.forEach(builder::expansionTemplate);
            ConstraintEngine engine = builder.build();
            if (!engine.errors().isEmpty()) {
                LoadError e = engine.errors().get(0);
                throw new SuiteException("adding template " + test.template() + ": "
                        + (e.field().isEmpty() ? "" : e.field() + ": ") + e.message());
            }
            String unavailable = engine.unavailable().get(template.kind());
            List<CaseResult> cases = new ArrayList<>();
            for (Suite.Case c : test.cases()) {
                if (c.skip() || !filter.matchesCase(test.name(), c.name())) {
                    cases.add(new CaseResult(c.name(), CaseResult.Status.SKIP, c.skip() ? "skip: true" : "filtered",
                            0));
                } else if (unavailable != null) {
                    cases.add(new CaseResult(c.name(), CaseResult.Status.SKIP, "template " + template.name() + " "
                            + unavailable + " (--engine " + preference + ")", 0));
                } else {
                    cases.add(runCase(dir, engine, c));
                }
            }
            return new TestResult(test.name(), false, "", cases, test.cases().size(), System.nanoTime() - start);
        } catch (SuiteException e) {
            return new TestResult(test.name(), false, e.getMessage(), List.of(), test.cases().size(),
                    System.nanoTime() - start);
        }
    }

    private CaseResult runCase(Path dir, ConstraintEngine engine, Suite.Case c) {
        long start = System.nanoTime();
        try {
            if (c.object().isEmpty()) {
                throw new SuiteException("must define object");
            }
            if (c.assertions().isEmpty()) {
                throw new SuiteException("assertions must be non-empty");
            }
            JsonNode object = single(dir.resolve(c.object()).normalize(), "object");
            StaticClusterState state = StaticClusterState.EMPTY;
            List<JsonNode> inventoryObjects = new ArrayList<>();
            for (String inventory : c.inventory()) {
                for (JsonNode item : objects(dir.resolve(inventory).normalize(), "inventory")) {
                    inventoryObjects.add(item);
                    if (item.path("kind").asString("").equals("Namespace")
                            && item.path("apiVersion").asString("").equals("v1")) {
                        state = state.withNamespace(JSON.treeToValue(item, Namespace.class));
                    }
                }
            }
            Review review = review(object);
            // gator verify expands plain objects only, not the object of an AdmissionReview case.
            ConstraintEngine reviewing = isAdmissionReview(object) ? engine.withoutExpansion() : engine;
            ReviewOutcome outcome = reviewing.withClusterState(state)
                    .withInventory(inventoryObjects.isEmpty() ? null : Inventory.of(inventoryObjects))
                    .evaluate(review, EnforcementPoint.GATOR);
            if (!outcome.errors().isEmpty()) {
                throw new SuiteException("expanding resource " + review.name() + ": "
                        + String.join("; ", outcome.errors()));
            }
            if (!outcome.skipped().isEmpty()) {
                return new CaseResult(c.name(), CaseResult.Status.SKIP, outcome.skipped().get(0).reason(),
                        System.nanoTime() - start);
            }
            List<String> messages = outcome.violations().stream().map(ConstraintViolation::message).toList();
            for (Suite.Assertion assertion : c.assertions()) {
                String failure = check(assertion, messages);
                if (failure != null) {
                    return new CaseResult(c.name(), CaseResult.Status.FAIL, failure, System.nanoTime() - start);
                }
            }
            return new CaseResult(c.name(), CaseResult.Status.PASS, "", System.nanoTime() - start);
        } catch (SuiteException e) {
            return new CaseResult(c.name(), CaseResult.Status.FAIL, e.getMessage(), System.nanoTime() - start);
        } catch (RuntimeException e) {
            return new CaseResult(c.name(), CaseResult.Status.FAIL, "cannot run case: " + e.getMessage(),
                    System.nanoTime() - start);
        }
    }

    /** Checks one assertion; returns the failure in gator's words, or null when it holds. */
    static String check(Suite.Assertion assertion, List<String> messages) throws SuiteException {
        Pattern regex = null;
        if (assertion.message().isPresent()) {
            try {
                regex = Pattern.compile(assertion.message().get());
            } catch (PatternSyntaxException e) {
                throw new SuiteException("invalid regex: " + e.getMessage());
            }
        }
        int matching = 0;
        for (String m : messages) {
            if (regex == null || regex.matcher(m).find()) {
                matching++;
            }
        }
        String containing = assertion.message().map(m -> " containing \"" + m + "\"").orElse("");
        String got = "got " + matching + " violations" + containing;
        String failure;
        switch (assertion.violations()) {
            case "yes" -> failure = matching == 0 ? got + " but want at least 1" : null;
            case "no" -> failure = matching > 0 ? got + " but want none" : null;
            default -> {
                int want;
                try {
                    want = Integer.parseInt(assertion.violations());
                } catch (NumberFormatException e) {
                    want = -1;
                }
                if (want < 0) {
                    throw new SuiteException("assertion.violation, if set, must be a nonnegative integer, \"yes\","
                            + " or \"no\"");
                }
                failure = matching != want ? got + " but want exactly " + want : null;
            }
        }
        return failure == null ? null : failure + ": got messages [" + String.join(" ", messages) + "]";
    }

    /** The review gator makes of a case object: an AdmissionReview's request, or a CREATE of the object. */
    static Review review(JsonNode object) throws SuiteException {
        if (isAdmissionReview(object)) {
            JsonNode request = object.path("request");
            if (!request.isObject()) {
                throw new SuiteException("request did not actually pass in an AdmissionRequest");
            }
            JsonNode obj = request.hasNonNull("object") ? request.path("object") : null;
            JsonNode old = request.hasNonNull("oldObject") ? request.path("oldObject") : null;
            if (obj == null && old == null) {
                throw new SuiteException("AdmissionRequest does not contain an \"object\" or \"oldObject\" to review");
            }
            String op = request.path("operation").asString("CREATE");
            Operation operation;
            try {
                operation = Operation.valueOf(op);
            } catch (IllegalArgumentException e) {
                throw new SuiteException("unknown operation \"" + op + "\" in AdmissionReview");
            }
            JsonNode source = obj != null ? obj : old;
            GroupVersionKind kind = request.has("kind")
                    ? new GroupVersionKind(request.path("kind").path("group").asString(""),
                            request.path("kind").path("version").asString(""),
                            request.path("kind").path("kind").asString(""))
                    : GroupVersionKind.ofObject(source);
            JsonNode user = request.path("userInfo");
            List<String> groups = new ArrayList<>();
            user.path("groups").forEach(g -> groups.add(g.asString("")));
            return new Review(request.path("uid").asString(""), kind, resource(kind, request),
                    request.path("subResource").asString(""),
                    request.path("name").asString(source.path("metadata").path("name").asString("")),
                    request.path("namespace").asString(source.path("metadata").path("namespace").asString("")),
                    operation, new Review.UserInfo(user.path("username").asString(""),
                            user.path("uid").asString(""), groups, null),
                    obj, old, request.path("dryRun").asBoolean(false));
        }
        GroupVersionKind kind = GroupVersionKind.ofObject(object);
        return new Review("", kind, resource(kind, null), "", object.path("metadata").path("name").asString(""),
                object.path("metadata").path("namespace").asString(""), Operation.CREATE, null, object, null, false);
    }

    private static boolean isAdmissionReview(JsonNode object) {
        return object.path("kind").asString("").equals("AdmissionReview")
                && object.path("apiVersion").asString("").startsWith("admission.k8s.io/");
    }

    /**
     * The ExpansionTemplates of a test's {@code expansion} file: every object must be one, valid, and together
     * they must not expand each other in a cycle.
     */
    private static List<ExpansionTemplate> readExpansions(Path file) throws SuiteException {
        List<ExpansionTemplate> templates = new ArrayList<>();
        for (JsonNode object : objects(file, "expansion")) {
            if (!ExpansionTemplateParser.isExpansionTemplate(object)) {
                throw new SuiteException("expansion " + file + ": not an ExpansionTemplate (kind "
                        + object.path("kind").asString("") + ", apiVersion " + object.path("apiVersion").asString("")
                        + ")");
            }
            try {
                templates.add(ExpansionTemplateParser.parse(object));
            } catch (ConstraintException e) {
                throw new SuiteException("expansion " + file + ": ExpansionTemplate/"
                        + object.path("metadata").path("name").asString("") + ": " + e.describe());
            }
        }
        Expander expander = Expander.of(templates);
        if (!expander.rejected().isEmpty()) {
            Expander.Rejection r = expander.rejected().get(0);
            throw new SuiteException("expansion " + file + ": error upserting template " + r.template().name() + ": "
                    + r.message());
        }
        return templates;
    }

    private static GroupVersionResource resource(GroupVersionKind kind, JsonNode request) {
        if (request != null && request.has("resource")) {
            JsonNode r = request.path("resource");
            return new GroupVersionResource(r.path("group").asString(""), r.path("version").asString(""),
                    r.path("resource").asString(""));
        }
        return GroupVersionResource.guessFor(kind);
    }

    private static ConstraintTemplate readTemplate(Path file) throws SuiteException {
        JsonNode object = single(file, "template");
        if (!TemplateParser.isTemplate(object)) {
            throw new SuiteException("adding template " + file + ": not a ConstraintTemplate (kind "
                    + object.path("kind").asString("") + ", apiVersion " + object.path("apiVersion").asString("") + ")");
        }
        try {
            return TemplateParser.parse(object);
        } catch (ConstraintException e) {
            throw new SuiteException("adding template " + file + ": " + e.describe());
        }
    }

    private static JsonNode single(Path file, String what) throws SuiteException {
        List<JsonNode> objects = objects(file, what);
        if (objects.size() != 1) {
            throw new SuiteException("\"" + file + "\" defines " + objects.size() + " objects");
        }
        return objects.get(0);
    }

    private static List<JsonNode> objects(Path file, String what) throws SuiteException {
        ManifestSet set = ManifestReader.read(List.of(file.toString()), java.io.InputStream.nullInputStream());
        if (!set.errors().isEmpty()) {
            // Parser messages run over several lines with a caret drawing; the first line says what and where.
            String error = set.errors().get(0).toString();
            int nl = error.indexOf('\n');
            throw new SuiteException("reading " + what + " " + (nl < 0 ? error : error.substring(0, nl)));
        }
        if (set.manifests().isEmpty()) {
            throw new SuiteException("path \"" + file + "\" defines no YAML objects");
        }
        return set.manifests().stream().map(Manifest::object).toList();
    }

    /** A test or case that cannot run as written. */
    static final class SuiteException extends Exception {
        private static final long serialVersionUID = 1L;

        SuiteException(String message) {
            super(message);
        }
    }
}
