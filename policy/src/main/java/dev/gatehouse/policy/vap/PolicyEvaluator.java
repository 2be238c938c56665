package dev.gatehouse.policy.vap;

import dev.cel.common.values.NullValue;
import dev.gatehouse.policy.cel.CelEvaluationFailure;
import dev.gatehouse.policy.cel.CompiledExpression;
import dev.gatehouse.policy.cel.EvaluationBudget;
import dev.gatehouse.policy.constraint.FailurePolicy;
import dev.gatehouse.policy.review.Review;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Evaluates requests against ValidatingAdmissionPolicies and their bindings, in the API server's order: per policy
 * (in load order) its match constraints, then per binding its match resources and parameters, then per parameter
 * the match conditions (budget 2,500,000, no namespaceObject), the validations (one budget of 10,000,000 shared
 * with the message expressions, which run after every validation) and the audit annotations (a fresh budget).
 * Composited variables are evaluated lazily, at most once per pass. Each expression is also capped at 1,000,000
 * cost units by the CEL environment.
 *
 * <p>Errors: under failurePolicy Fail an expression error denies through the binding's validationActions, and a
 * configuration error (unknown namespace for a selector, parameters not found with Deny, a namespaced parameter
 * kind for a cluster-scoped request) denies regardless of them; under Ignore both are dropped.
 *
 * <p>Not supported here: the {@code authorizer} variable (the CEL environment has no authorizer library, so an
 * expression using it does not compile), conversion to an equivalent resource version for
 * {@code matchPolicy: Equivalent}.
 *
 * <p>Immutable and thread-safe: every expression was compiled at load time.
 *
 * <pre>{@code
 * LoadedPolicies loaded = VapLoader.load(manifests.manifests(), errors);
 * PolicyEvaluator evaluator = new PolicyEvaluator(loaded.policies(), loaded.bindings());
 * PolicyOutcome outcome = evaluator.evaluate(review, namespaces::get, ParamObjects.of(otherObjects));
 * Decision decision = outcome.decision();
 * }</pre>
 */
public final class PolicyEvaluator {
    /** Kubernetes' runtime budget for one (policy, binding, parameter). */
    static final long VALIDATION_BUDGET = 10_000_000;
    /** Kubernetes' budget for the match conditions. */
    static final long MATCH_CONDITION_BUDGET = 2_500_000;
    static final String BUDGET_MESSAGE =
            "validation failed due to running out of cost budget, no further validation rules will be run";
    private static final int MAX_MESSAGE_BYTES = 5 * 1024;
    private static final int MAX_ANNOTATION_VALUE_BYTES = 10 * 1024;

    /** No policies. */
    public static final PolicyEvaluator EMPTY = new PolicyEvaluator(List.of(), List.of());

    private final List<ValidatingAdmissionPolicy> policies;
    private final List<ValidatingAdmissionPolicyBinding> bindings;
    private final Map<String, List<ValidatingAdmissionPolicyBinding>> bindingsByPolicy;

    /** The policies and bindings, in evaluation order; bindings of unknown policies are kept but do nothing. */
    public PolicyEvaluator(List<ValidatingAdmissionPolicy> policies, List<ValidatingAdmissionPolicyBinding> bindings) {
        this.policies = List.copyOf(policies);
        this.bindings = List.copyOf(bindings);
        Map<String, List<ValidatingAdmissionPolicyBinding>> byPolicy = new HashMap<>();
        for (ValidatingAdmissionPolicyBinding b : this.bindings) {
            byPolicy.computeIfAbsent(b.policyName(), k -> new ArrayList<>()).add(b);
        }
        byPolicy.replaceAll((k, v) -> List.copyOf(v));
        this.bindingsByPolicy = Map.copyOf(byPolicy);
    }

    public List<ValidatingAdmissionPolicy> policies() {
        return policies;
    }

    public List<ValidatingAdmissionPolicyBinding> bindings() {
        return bindings;
    }

    /** Whether there is nothing to evaluate (no policy has a binding). */
    public boolean isEmpty() {
        return bindings.isEmpty() || policies.isEmpty();
    }

    /**
     * Evaluates one request.
     *
     * @param namespaces returns the Namespace object of a name, or null when it does not exist or is unknown
     * @param params     where parameter objects are looked up
     */
    public PolicyOutcome evaluate(Review review, Function<String, JsonNode> namespaces, ParamObjects params) {
        Objects.requireNonNull(review, "review");
        Objects.requireNonNull(namespaces, "namespaces");
        Objects.requireNonNull(params, "params");
        if (isEmpty()) {
            return PolicyOutcome.EMPTY;
        }
        Pass pass = new Pass(RequestAttributes.of(review), namespaces, params);
        for (ValidatingAdmissionPolicy policy : policies) {
            List<ValidatingAdmissionPolicyBinding> bound = bindingsByPolicy.getOrDefault(policy.name(), List.of());
            if (!bound.isEmpty()) {
                pass.policy(policy, bound);
            }
        }
        return pass.failures.isEmpty() && pass.annotations.isEmpty() ? PolicyOutcome.EMPTY
                : new PolicyOutcome(pass.failures, pass.annotations);
    }

    /** The state of one request's evaluation. Not thread-safe. */
    private static final class Pass {
        final RequestAttributes request;
        final Function<String, JsonNode> namespaceLookup;
        final ParamObjects params;
        final Map<String, JsonNode> namespaces = new HashMap<>();
        final List<PolicyFailure> failures = new ArrayList<>();
        final Map<String, String> annotations = new LinkedHashMap<>();
        JsonNode requestValue;
        JsonNode namespaceObject;
        boolean namespaceResolved;

        Pass(RequestAttributes request, Function<String, JsonNode> namespaceLookup, ParamObjects params) {
            this.request = request;
            this.namespaceLookup = namespaceLookup;
            this.params = params;
        }

        JsonNode namespace(String name) {
            return namespaces.computeIfAbsent(name, namespaceLookup);
        }

        void policy(ValidatingAdmissionPolicy policy, List<ValidatingAdmissionPolicyBinding> bound) {
            try {
                if (!policy.matchConstraints().matches(request, this::namespace)) {
                    return;
                }
            } catch (MatchResources.MatchError e) {
                configurationError(policy, null, e.getMessage());
                return;
            }
            Map<String, List<String>> published = new LinkedHashMap<>();
            for (ValidatingAdmissionPolicyBinding binding : bound) {
                try {
                    if (binding.matchResources().isPresent()
                            && !binding.matchResources().get().matches(request, this::namespace)) {
                        continue;
                    }
                } catch (MatchResources.MatchError e) {
                    configurationError(policy, binding, e.getMessage());
                    continue;
                }
                List<JsonNode> paramList;
                try {
                    paramList = params.collect(policy.paramKind(), binding.paramRef(), request.namespace());
                } catch (ParamObjects.ParamsUnavailable e) {
                    configurationError(policy, binding, e.getMessage());
                    continue;
                }
                for (JsonNode param : paramList) {
                    evaluate(policy, binding, param, published);
                }
            }
            published.forEach((key, values) -> annotations.put(policy.name() + "/" + key,
                    String.join(", ", values)));
        }

        private void configurationError(ValidatingAdmissionPolicy policy, ValidatingAdmissionPolicyBinding binding,
                String message) {
            if (policy.failurePolicy() == FailurePolicy.IGNORE) {
                return;
            }
            failures.add(new PolicyFailure(policy.name(), binding == null ? "" : binding.name(),
                    (binding == null ? "failed to configure policy: " : "failed to configure binding: ") + message,
                    "", 0, List.of(ValidationAction.DENY), PolicyFailure.Kind.CONFIGURATION));
        }

        private Map<String, Object> base(ValidatingAdmissionPolicy policy, JsonNode param) {
            if (requestValue == null) {
                requestValue = RequestObject.request(request);
            }
            if (!namespaceResolved) {
                namespaceResolved = true;
                boolean isNamespaceKind = request.review().kind().group().isEmpty()
                        && request.review().kind().kind().equals("Namespace");
                if (!request.namespace().isEmpty() && !isNamespaceKind && !request.isNamespace()) {
                    namespaceObject = RequestObject.namespace(namespace(request.namespace()));
                }
            }
            Map<String, Object> base = new HashMap<>();
            base.put("object", request.object());
            base.put("oldObject", request.oldObject());
            base.put("request", requestValue);
            base.put("namespaceObject", namespaceObject);
            if (policy.paramKind().isPresent()) {
                base.put("params", param);
            }
            return base;
        }

        /** One (policy, binding, parameter) triple. */
        private void evaluate(ValidatingAdmissionPolicy policy, ValidatingAdmissionPolicyBinding binding,
                JsonNode param, Map<String, List<String>> published) {
            boolean fail = policy.failurePolicy() == FailurePolicy.FAIL;
            List<ValidationAction> actions = binding.validationActions();
            Map<String, Object> base = base(policy, param);
            if (!policy.matchConditions().isEmpty()) {
                String error = matchConditions(policy, base);
                if (error == null) {
                    return;
                }
                if (!error.isEmpty()) {
                    if (fail) {
                        failures.add(new PolicyFailure(policy.name(), binding.name(), error, "", 0, actions,
                                PolicyFailure.Kind.ERROR));
                    }
                    return;
                }
            }
            EvaluationBudget budget = EvaluationBudget.of(VALIDATION_BUDGET);
            Map<String, Object> activation = policy.variables().activation(base, budget);
            List<Validation> validations = policy.validations();
            // Per validation: null = passed, a Validation = false, a String = error message.
            Object[] results = new Object[validations.size()];
            for (int i = 0; i < validations.size(); i++) {
                CompiledExpression expression = validations.get(i).expression();
                try {
                    if (!expression.evaluateBoolean(activation, budget)) {
                        results[i] = validations.get(i);
                    }
                } catch (CelEvaluationFailure e) {
                    if (e.kind() == CelEvaluationFailure.Kind.COST_LIMIT_EXCEEDED && budget.exhausted()) {
                        // The whole pass fails as one error; its other results are discarded, as upstream does.
                        if (fail) {
                            failures.add(new PolicyFailure(policy.name(), binding.name(), BUDGET_MESSAGE, "", 0,
                                    actions, PolicyFailure.Kind.ERROR));
                        }
                        return;
                    }
                    results[i] = "expression '" + expression.expression() + "' resulted in error: " + e.getMessage();
                }
            }
            // Message expressions run after every validation, with what is left of the budget. Should it run out,
            // upstream's message pass fails as a whole and every failed validation reports that instead.
            String[] messages = new String[validations.size()];
            boolean messageBudgetExhausted = false;
            for (int i = 0; i < validations.size() && !messageBudgetExhausted; i++) {
                if (results[i] instanceof Validation v && v.messageExpression() != null) {
                    try {
                        messages[i] = messageOf(v.messageExpression().evaluate(activation, budget));
                    } catch (CelEvaluationFailure e) {
                        messageBudgetExhausted = e.kind() == CelEvaluationFailure.Kind.COST_LIMIT_EXCEEDED
                                && budget.exhausted();
                    }
                }
            }
            List<PolicyFailure> found = new ArrayList<>();
            for (int i = 0; i < validations.size(); i++) {
                if (results[i] instanceof String error) {
                    if (fail) {
                        found.add(new PolicyFailure(policy.name(), binding.name(), error, "", i, actions,
                                PolicyFailure.Kind.ERROR));
                    }
                } else if (results[i] instanceof Validation v) {
                    String message = messageBudgetExhausted ? "failed messageExpression: " + BUDGET_MESSAGE
                            : messages[i] != null ? messages[i]
                            : v.message().isEmpty() ? v.defaultMessage() : v.message();
                    found.add(new PolicyFailure(policy.name(), binding.name(), message, v.reason(), i, actions,
                            PolicyFailure.Kind.VALIDATION));
                }
            }
            List<PolicyFailure> annotationErrors = auditAnnotations(policy, binding, base, published, fail);
            if (annotationErrors == null) {
                return;
            }
            failures.addAll(found);
            failures.addAll(annotationErrors);
        }

        /**
         * Evaluates every match condition. Null when one is false (the policy does not apply), empty when all are
         * true, else the error text (one error alone, several as {@code [e1, e2]}).
         */
        private static String matchConditions(ValidatingAdmissionPolicy policy, Map<String, Object> base) {
            Map<String, Object> conditionBase = new HashMap<>(base);
            conditionBase.put("namespaceObject", null);
            EvaluationBudget budget = EvaluationBudget.of(MATCH_CONDITION_BUDGET);
            Map<String, Object> activation = policy.variables().activation(conditionBase, budget);
            List<String> errors = new ArrayList<>();
            for (MatchCondition condition : policy.matchConditions()) {
                try {
                    if (!condition.expression().evaluateBoolean(activation, budget)) {
                        return null;
                    }
                } catch (CelEvaluationFailure e) {
                    String error = "expression '" + condition.expression().expression() + "' resulted in error: "
                            + e.getMessage();
                    if (!errors.contains(error)) {
                        errors.add(error);
                    }
                }
            }
            if (errors.isEmpty()) {
                return "";
            }
            return errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
        }

        /**
         * Evaluates the audit annotations into {@code published} and returns their errors; null when the pass failed
         * as a whole (its budget ran out): its validation results are then dropped, as upstream drops them.
         */
        private List<PolicyFailure> auditAnnotations(ValidatingAdmissionPolicy policy, ValidatingAdmissionPolicyBinding binding,
                Map<String, Object> base, Map<String, List<String>> published, boolean fail) {
            if (policy.auditAnnotations().isEmpty()) {
                return List.of();
            }
            EvaluationBudget budget = EvaluationBudget.of(VALIDATION_BUDGET);
            Map<String, Object> activation = policy.variables().activation(base, budget);
            List<PolicyFailure> errors = new ArrayList<>();
            for (AuditAnnotation annotation : policy.auditAnnotations()) {
                CompiledExpression expression = annotation.valueExpression();
                Object value;
                try {
                    value = expression.evaluate(activation, budget);
                } catch (CelEvaluationFailure e) {
                    if (e.kind() == CelEvaluationFailure.Kind.COST_LIMIT_EXCEEDED && budget.exhausted()) {
                        if (fail) {
                            failures.add(new PolicyFailure(policy.name(), binding.name(), BUDGET_MESSAGE, "", 0,
                                    binding.validationActions(), PolicyFailure.Kind.ERROR));
                        }
                        return null;
                    }
                    if (fail) {
                        errors.add(annotationError(policy, binding, "expression '" + expression.expression()
                                + "' resulted in error: " + e.getMessage()));
                    }
                    continue;
                }
                if (value instanceof String s) {
                    String trimmed = s.strip();
                    if (!trimmed.isEmpty()) {
                        List<String> values = published.computeIfAbsent(annotation.key(), k -> new ArrayList<>());
                        String truncated = truncate(trimmed);
                        if (!values.contains(truncated)) {
                            values.add(truncated);
                        }
                    }
                } else if (!(value instanceof NullValue) && value != null) {
                    errors.add(annotationError(policy, binding, "valueExpression '" + expression.expression()
                            + "' resulted in unsupported return type: " + celTypeName(value)
                            + ". Return type must be either string or null."));
                }
            }
            return errors;
        }

        private static PolicyFailure annotationError(ValidatingAdmissionPolicy policy,
                ValidatingAdmissionPolicyBinding binding, String message) {
            return new PolicyFailure(policy.name(), binding.name(), message, "", 0, List.of(ValidationAction.DENY),
                    PolicyFailure.Kind.ERROR);
        }
    }

    /** The message a message expression gave, or null when it gives none Kubernetes would use. */
    private static String messageOf(Object result) {
        if (!(result instanceof String s)) {
            return null;
        }
        String m = s.strip();
        if (m.isEmpty() || m.contains("\n") || m.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
            return null;
        }
        return m;
    }

    /** At most 10 KiB of UTF-8, cut as Go slices bytes (a split character is dropped rather than mangled). */
    private static String truncate(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_ANNOTATION_VALUE_BYTES) {
            return value;
        }
        int end = MAX_ANNOTATION_VALUE_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** cel-go's name of a value's type, for the unsupported return type message. */
    private static String celTypeName(Object value) {
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Long || value instanceof Integer) {
            return "int";
        }
        if (value instanceof Double) {
            return "double";
        }
        if (value instanceof List<?>) {
            return "list";
        }
        if (value instanceof Map<?, ?>) {
            return "map";
        }
        if (value instanceof java.util.Optional<?>) {
            return "optional_type";
        }
        return value.getClass().getSimpleName();
    }
}
