package dev.gatehouse.policy.constraint.driver.cel;

import dev.gatehouse.policy.cel.AdmissionRequestJson;
import dev.gatehouse.policy.cel.CelCompilationException;
import dev.gatehouse.policy.cel.CelEvaluationFailure;
import dev.gatehouse.policy.cel.CelValues;
import dev.gatehouse.policy.cel.CompiledExpression;
import dev.gatehouse.policy.cel.CompositedVariables;
import dev.gatehouse.policy.cel.EvaluationBudget;
import dev.gatehouse.policy.cel.KubernetesCelEnvironment;
import dev.gatehouse.policy.cel.OverlayMap;
import dev.gatehouse.policy.constraint.CelSource;
import dev.gatehouse.policy.constraint.Constraint;
import dev.gatehouse.policy.constraint.ConstraintException;
import dev.gatehouse.policy.constraint.ConstraintTemplate;
import dev.gatehouse.policy.constraint.FailurePolicy;
import dev.gatehouse.policy.constraint.TemplateParser;
import dev.gatehouse.policy.constraint.driver.CompiledTemplate;
import dev.gatehouse.policy.constraint.driver.ConstraintDriver;
import dev.gatehouse.policy.constraint.driver.ReviewContext;
import dev.gatehouse.policy.constraint.driver.Violation;
import dev.gatehouse.policy.review.Review;
import dev.cel.common.types.SimpleType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The {@code K8sNativeValidation} driver: ValidatingAdmissionPolicy-style CEL on {@link KubernetesCelEnvironment},
 * with Gatekeeper's conventions. {@code params} is the whole constraint; Gatekeeper's own variables come first
 * ({@code variables.params} = spec.parameters or null, {@code variables.anyObject} = the old object on a DELETE
 * without object, else the object), then the template's. Per (constraint, object): the match conditions (all
 * evaluated; any false skips the constraint), then the validations in order against one cost budget of 10,000,000;
 * a false validation is a violation with the message expression's result, else the message, else
 * {@code failed expression: <expression>}. Runtime errors are violations under failurePolicy Fail and dropped
 * under Ignore.
 *
 * <p>Thread-safe; compiled templates are shared by concurrent reviews.
 */
public final class CelDriver implements ConstraintDriver {
    /** The engine name templates use. */
    public static final String ENGINE = TemplateParser.CEL_ENGINE;
    /** Kubernetes' runtime cost budget for one (policy, binding, param). */
    public static final long VALIDATION_BUDGET = 10_000_000;
    /** Kubernetes' budget for the match conditions. */
    public static final long MATCH_CONDITION_BUDGET = 2_500_000;

    static final String BUDGET_MESSAGE =
            "validation failed due to running out of cost budget, no further validation rules will be run";
    private static final int MAX_MESSAGE_BYTES = 5 * 1024;
    private static final JsonNodeFactory NODES = JsonMapper.builder().build().getNodeFactory();
    private static final JsonNode NO_DETAILS = NODES.objectNode();

    private static final List<Map.Entry<String, String>> GATEKEEPER_VARIABLES = List.of(
            Map.entry("params",
                    "!has(params.spec) ? null : !has(params.spec.parameters) ? null : params.spec.parameters"),
            Map.entry("anyObject",
                    "has(request.operation) && request.operation == \"DELETE\" && object == null ? oldObject : object"));

    /** A driver with Kubernetes' per-expression cost limit. */
    public CelDriver() {
        // The environment is built on first compile: a Rego-only run never loads the CEL classes at all.
    }

    /** The admission environment every template compiles against; built once, on first use. */
    private static final class Base {
        static final KubernetesCelEnvironment ENVIRONMENT =
                KubernetesCelEnvironment.builder().admissionVariables(true).build();
    }

    @Override
    public String engine() {
        return ENGINE;
    }

    @Override
    public boolean supports(ConstraintTemplate template) {
        return template.cel().isPresent();
    }

    @Override
    public CompiledTemplate compile(ConstraintTemplate template) throws ConstraintException {
        CelSource source = template.cel().orElseThrow(() -> new ConstraintException("spec.targets[0].code",
                "the template has no " + ENGINE + " code"));
        String field = "spec.targets[0].code[" + ENGINE + "].source";
        List<Map.Entry<String, String>> definitions = new ArrayList<>(GATEKEEPER_VARIABLES);
        for (CelSource.NamedExpression v : source.variables()) {
            definitions.add(Map.entry(v.name(), v.expression()));
        }
        CompositedVariables variables;
        try {
            variables = CompositedVariables.compile(Base.ENVIRONMENT, definitions);
        } catch (CelCompilationException e) {
            throw new ConstraintException(field + ".variables", e.getMessage());
        }
        KubernetesCelEnvironment env = variables.environment();
        List<CompiledExpression> conditions = new ArrayList<>();
        List<String> conditionNames = new ArrayList<>();
        for (int i = 0; i < source.matchConditions().size(); i++) {
            CelSource.NamedExpression c = source.matchConditions().get(i);
            conditions.add(compile(env, c.expression(), field + ".matchCondition[" + i + "].expression", true));
            conditionNames.add(c.name());
        }
        List<CelCompiledTemplate.CompiledValidation> validations = new ArrayList<>();
        for (int i = 0; i < source.validations().size(); i++) {
            CelSource.Validation v = source.validations().get(i);
            String f = field + ".validations[" + i + "]";
            CompiledExpression expression = compile(env, v.expression(), f + ".expression", true);
            CompiledExpression message = v.messageExpression().isEmpty() ? null
                    : compile(env, v.messageExpression(), f + ".messageExpression", false);
            if (v.message().contains("\n")) {
                throw new ConstraintException(f + ".message", "message must not contain line breaks");
            }
            validations.add(new CelCompiledTemplate.CompiledValidation(expression, v.message().strip(), message));
        }
        return new CelCompiledTemplate(template, variables, conditions, conditionNames, validations,
                source.failurePolicy());
    }

    private static CompiledExpression compile(KubernetesCelEnvironment env, String expression, String field,
            boolean bool) throws ConstraintException {
        try {
            return bool ? env.compile(expression, SimpleType.BOOL) : env.compile(expression, SimpleType.STRING);
        } catch (CelCompilationException e) {
            throw new ConstraintException(field, "compilation failed: " + e.getMessage());
        }
    }

    @Override
    public List<Violation> evaluate(CompiledTemplate compiled, Constraint constraint, ReviewContext context) {
        if (!(compiled instanceof CelCompiledTemplate template)) {
            throw new IllegalArgumentException("not compiled by the CEL driver: " + compiled.engine());
        }
        ReviewInput input = ReviewInput.of(context);
        ConstraintConstants.Kept kept = template.constants().of(constraint);
        Map<String, Object> base = new OverlayMap(input.values(), "params", kept.params());
        CompositedVariables.ConstantResults constants = kept.results();

        if (!template.matchConditions().isEmpty()) {
            // Match conditions see no namespaceObject and have their own budget, as in Kubernetes.
            Map<String, Object> conditionBase = new OverlayMap(base, "namespaceObject", CelValues.adapt(null));
            EvaluationBudget budget = EvaluationBudget.of(MATCH_CONDITION_BUDGET);
            Map<String, Object> activation = template.variables().activation(conditionBase, budget, input.shared(),
                    constants);
            List<String> errors = new ArrayList<>();
            for (int i = 0; i < template.matchConditions().size(); i++) {
                try {
                    if (!template.matchConditions().get(i).evaluateBoolean(activation, budget)) {
                        return List.of();
                    }
                } catch (CelEvaluationFailure e) {
                    errors.add("failed to evaluate match condition \"" + template.matchConditionNames().get(i)
                            + "\": " + e.getMessage());
                }
            }
            if (!errors.isEmpty()) {
                return template.failurePolicy() == FailurePolicy.FAIL
                        ? List.of(new Violation(String.join(", ", errors), NO_DETAILS))
                        : List.of();
            }
        }

        EvaluationBudget budget = EvaluationBudget.of(VALIDATION_BUDGET);
        Map<String, Object> activation = template.variables().activation(base, budget, input.shared(), constants);
        // Violations keep the validations' order; messages of false validations are filled in afterwards. Most
        // passes find none: then no list is made.
        List<Object> outcomes = List.of();
        for (CelCompiledTemplate.CompiledValidation validation : template.validations()) {
            Object outcome = null;
            boolean last = false;
            try {
                if (!validation.expression().evaluateBoolean(activation, budget)) {
                    outcome = validation;
                }
            } catch (CelEvaluationFailure e) {
                if (e.kind() != CelEvaluationFailure.Kind.ERROR) {
                    outcome = new Violation(e.kind() == CelEvaluationFailure.Kind.COST_LIMIT_EXCEEDED
                            && budget.exhausted() ? BUDGET_MESSAGE : "expression '"
                            + validation.expression().expression() + "' resulted in error: " + e.getMessage(),
                            NO_DETAILS);
                    last = true;
                } else if (template.failurePolicy() == FailurePolicy.FAIL) {
                    outcome = new Violation("expression '" + validation.expression().expression()
                            + "' resulted in error: " + e.getMessage(), NO_DETAILS);
                }
            }
            if (outcome != null) {
                if (outcomes.isEmpty()) {
                    outcomes = new ArrayList<>(2);
                }
                outcomes.add(outcome);
            }
            if (last) {
                break;
            }
        }
        if (outcomes.isEmpty()) {
            return List.of();
        }
        // Messages are evaluated after every validation, with what is left of the budget, as Kubernetes does.
        List<Violation> violations = new ArrayList<>(outcomes.size());
        for (Object outcome : outcomes) {
            violations.add(outcome instanceof Violation v ? v
                    : new Violation(message((CelCompiledTemplate.CompiledValidation) outcome, activation, budget),
                            NO_DETAILS));
        }
        return violations;
    }

    private static String message(CelCompiledTemplate.CompiledValidation validation, Map<String, Object> activation,
            EvaluationBudget budget) {
        if (validation.messageExpression() != null) {
            try {
                String m = validation.messageExpression().evaluateString(activation, budget).strip();
                if (!m.isEmpty() && !m.contains("\n") && m.getBytes(StandardCharsets.UTF_8).length <= MAX_MESSAGE_BYTES) {
                    return m;
                }
            } catch (CelEvaluationFailure e) {
                // Kubernetes falls back to the static message when the message expression fails.
            }
        }
        if (!validation.message().isEmpty()) {
            return validation.message();
        }
        return "failed expression: " + validation.expression().expression();
    }

    /** The admission request as CEL's {@code request} sees it. */
    static JsonNode request(Review review) {
        return AdmissionRequestJson.of(review, review.resource(), review.name(), review.namespace());
    }
}
