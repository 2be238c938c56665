package dev.gatehouse.policy.constraint.driver.rego;

import dev.gatehouse.policy.constraint.Constraint;
import dev.gatehouse.policy.constraint.ConstraintException;
import dev.gatehouse.policy.constraint.ConstraintTemplate;
import dev.gatehouse.policy.constraint.EnforcementPoint;
import dev.gatehouse.policy.constraint.RegoSource;
import dev.gatehouse.policy.constraint.driver.CompiledTemplate;
import dev.gatehouse.policy.constraint.driver.ConstraintDriver;
import dev.gatehouse.policy.constraint.driver.ReviewContext;
import dev.gatehouse.policy.constraint.driver.Violation;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.policy.review.Review;
import dev.gatehouse.rego.PreparedQuery;
import dev.gatehouse.rego.Rego;
import dev.gatehouse.rego.RegoException;
import dev.gatehouse.rego.ast.Module;
import dev.gatehouse.rego.ast.RegoVersion;
import dev.gatehouse.rego.eval.EvalOptions;
import dev.gatehouse.rego.parser.Parser;
import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The Rego constraint driver: Gatekeeper's Rego contract on the native engine.
 *
 * <p>Compile: the template's {@code rego} and {@code libs} are parsed (Rego v0 unless the source says {@code v1}),
 * checked as Gatekeeper checks them (a {@code violation} rule, libraries under {@code lib.}, only {@code data.lib}
 * and {@code future} imports, only {@code data.inventory} and {@code data.lib} read) and compiled with the query for
 * the template package's {@code violation} set. Each template is compiled on its own, so two templates using the
 * same package name do not see each other (Gatekeeper mounts each under its own path for the same reason).
 *
 * <p>Evaluate: {@code input} is {@code {"review": <review>, "parameters": <constraint spec.parameters>}} and
 * {@code data.inventory} the context's inventory. Each member of {@code violation} gives one violation with its
 * {@code msg} and {@code details} ({@code {}} when absent); identical members collapse, since {@code violation} is a
 * set. An evaluation error, including running past the deadline, is one violation whose message is the error text.
 *
 * <p>Thread-safe: compiled templates are immutable and evaluations share nothing.
 */
public final class RegoDriver implements ConstraintDriver {
    /** The code engine name of Rego sources. */
    public static final String ENGINE = "Rego";
    /** The default deadline of one evaluation: Gatekeeper's webhook timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final StringValue MSG = StringValue.of("msg");
    private static final StringValue DETAILS = StringValue.of("details");
    private static final StringValue REVIEW = StringValue.of("review");
    private static final StringValue PARAMETERS = StringValue.of("parameters");
    private static final StringValue INVENTORY = StringValue.of("inventory");
    private static final Value NO_INVENTORY = ObjectValue.of("inventory", ObjectValue.EMPTY);

    private final EvalOptions options;

    /** A driver with the default deadline per evaluation. */
    public RegoDriver() {
        this(DEFAULT_TIMEOUT);
    }

    /** A driver with the given deadline per evaluation (zero for none). */
    public RegoDriver(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        this.options = EvalOptions.DEFAULT.withTimeout(timeout.isZero() ? null : timeout);
    }

    @Override
    public String engine() {
        return ENGINE;
    }

    @Override
    public boolean supports(ConstraintTemplate template) {
        return template.rego().isPresent();
    }

    @Override
    public CompiledTemplate compile(ConstraintTemplate template) throws ConstraintException {
        RegoSource source = template.rego().orElseThrow(() -> new ConstraintException("spec.targets[0]",
                "the template has no Rego code"));
        RegoVersion version = source.v1() ? RegoVersion.V1 : RegoVersion.V0;
        String field = "spec.targets[0].rego";
        Module main = parse(field, template.name() + ".rego", source.rego(), version);
        TemplateRules.checkTemplate(main, field);
        Rego.Builder builder = Rego.builder().regoVersion(version).module(main);
        for (int i = 0; i < source.libs().size(); i++) {
            String libField = "spec.targets[0].libs[" + i + "]";
            Module lib = parse(libField, template.name() + ".lib" + i + ".rego", source.libs().get(i), version);
            TemplateRules.checkLibrary(lib, libField);
            builder.module(lib);
        }
        PreparedQuery query;
        try {
            query = builder.query(main.packagePath() + "." + TemplateRules.VIOLATION).options(options).build();
        } catch (RegoException e) {
            throw new ConstraintException(field, e.getMessage());
        }
        return new RegoCompiledTemplate(template, query);
    }

    private static Module parse(String field, String file, String source, RegoVersion version)
            throws ConstraintException {
        try {
            return Parser.parseModule(file, source, version);
        } catch (RegoException e) {
            throw new ConstraintException(field, e.getMessage());
        }
    }

    @Override
    public List<Violation> evaluate(CompiledTemplate compiled, Constraint constraint, ReviewContext context) {
        if (!(compiled instanceof RegoCompiledTemplate template)) {
            throw new IllegalArgumentException("not compiled by the Rego driver: " + compiled.engine());
        }
        // Two distinct keys: no builder to check them for duplicates for every constraint of every review.
        Value input = ObjectValue.ofDistinct(new Value[] {PARAMETERS, REVIEW},
                new Value[] {InputCache.parameters(constraint), InputCache.review(context)});
        Value data = context.inventory() == null ? NO_INVENTORY
                : ObjectValue.of(INVENTORY.value(), InputCache.inventory(context.inventory()));
        Value result;
        try {
            result = template.violations().evaluateValue(input, data, options);
        } catch (RegoException e) {
            return List.of(new Violation(e.getMessage(), NODES.objectNode()));
        } catch (StackOverflowError e) {
            return List.of(new Violation("evaluation failed: policy recursion too deep", NODES.objectNode()));
        }
        if (!(result instanceof SetValue set) || set.isEmpty()) {
            return List.of();
        }
        List<Violation> violations = new ArrayList<>(set.size());
        for (Value member : set) {
            violations.add(violation(member));
        }
        return violations;
    }

    private static Violation violation(Value member) {
        if (!(member instanceof ObjectValue object) || !(object.get(MSG) instanceof StringValue msg)) {
            // Gatekeeper cannot decode such a result either; the template is at fault, so say so loudly.
            return new Violation("invalid violation " + ValueJson.toJson(member)
                    + ": a violation must be an object with a string msg", NODES.objectNode());
        }
        Value details = object.get(DETAILS);
        JsonNode detailsNode = details == null ? NODES.objectNode() : JsonValues.toJson(details);
        return new Violation(msg.value(), detailsNode);
    }

    /**
     * {@code input.review} as Gatekeeper builds it: at the webhook (and for admission requests reviewed offline)
     * the AdmissionRequest fields plus {@code namespaceObject}, with {@code object} set to the old object on DELETE;
     * for plain objects in audit and offline only kind, name, namespace and object (plus namespaceObject).
     */
    static Value review(ReviewContext context) {
        // Built as values directly rather than as a Jackson tree converted afterwards: this runs for every review.
        // The envelope is small; its object, old object and namespace are converted lazily (JsonValues).
        Review review = context.review();
        JsonNode object = review.object() != null ? review.object()
                : review.operation() == Operation.DELETE ? review.oldObject() : null;
        ObjectValue.Builder node = ObjectValue.builder();
        Value kind = groupVersion(review.kind().group(), review.kind().version(), "kind", review.kind().kind());
        node.put("kind", kind);
        if (!review.name().isEmpty()) {
            node.put("name", StringValue.of(review.name()));
        }
        if (!review.namespace().isEmpty()) {
            node.put("namespace", StringValue.of(review.namespace()));
        }
        if (object != null) {
            node.put("object", JsonValues.fromJson(object));
        }
        if (isAdmissionRequest(context)) {
            node.put("uid", StringValue.of(review.uid()));
            Value resource = groupVersion(review.resource().group(), review.resource().version(), "resource",
                    review.resource().resource());
            node.put("resource", resource);
            if (!review.subResource().isEmpty()) {
                node.put("subResource", StringValue.of(review.subResource()));
                node.put("requestSubResource", StringValue.of(review.subResource()));
            }
            node.put("requestKind", kind);
            node.put("requestResource", resource);
            node.put("operation", StringValue.of(review.operation().name()));
            ObjectValue.Builder user = ObjectValue.builder()
                    .put("username", StringValue.of(review.userInfo().username()));
            if (!review.userInfo().uid().isEmpty()) {
                user.put("uid", StringValue.of(review.userInfo().uid()));
            }
            if (!review.userInfo().groups().isEmpty()) {
                user.put("groups", strings(review.userInfo().groups()));
            }
            if (!review.userInfo().extra().isEmpty()) {
                ObjectValue.Builder extra = ObjectValue.builder();
                review.userInfo().extra().forEach((k, v) -> extra.put(k, strings(v)));
                user.put("extra", extra.build());
            }
            node.put("userInfo", user.build());
            if (review.oldObject() != null) {
                node.put("oldObject", JsonValues.fromJson(review.oldObject()));
            }
            node.put("dryRun", BooleanValue.of(review.dryRun()));
        }
        if (context.namespaceObject() != null) {
            node.put("namespaceObject", JsonValues.fromJson(context.namespaceObject()));
        }
        return node.build();
    }

    /** {@code {"group": …, "version": …, <name>: …}}, as a kind or a resource. */
    private static Value groupVersion(String group, String version, String name, String value) {
        return ObjectValue.builder().put("group", StringValue.of(group)).put("version", StringValue.of(version))
                .put(name, StringValue.of(value)).build();
    }

    private static Value strings(List<String> list) {
        Value[] out = new Value[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = StringValue.of(list.get(i));
        }
        return ArrayValue.of(out);
    }

    /**
     * Whether the review is an admission request rather than an object on its own: always at the webhook; in audit
     * and offline when it carries what only a request has (gator reviews an AdmissionReview as its request).
     */
    private static boolean isAdmissionRequest(ReviewContext context) {
        if (context.generated()) {
            // Upstream reviews expanded objects as plain objects, at the webhook too.
            return false;
        }
        if (context.point() == EnforcementPoint.VALIDATION) {
            return true;
        }
        Review review = context.review();
        return !review.uid().isEmpty() || review.operation() != Operation.CREATE || review.oldObject() != null
                || !review.userInfo().username().isEmpty() || !review.userInfo().groups().isEmpty();
    }
}
