package dev.gatehouse.policy.vap;

import dev.gatehouse.policy.text.KubernetesNames;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.gatehouse.policy.cel.CelCompilationException;
import dev.gatehouse.policy.cel.CompiledExpression;
import dev.gatehouse.policy.cel.CompositedVariables;
import dev.gatehouse.policy.cel.KubernetesCelEnvironment;
import dev.gatehouse.policy.constraint.FailurePolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Validates a ValidatingAdmissionPolicy as the API server does on create and compiles every expression once:
 * variables in order (each sees only those before it), match conditions, validations and message expressions
 * (with the variables), audit annotation value expressions (string or null). Defaults are applied as the API
 * server applies them (failurePolicy Fail, matchPolicy Equivalent, empty selectors). Every error is reported.
 *
 * <p>Thread-safe: the environments are immutable and shared.
 */
public final class PolicyParser {
    private static final List<String> FAILURE_POLICIES = List.of("Fail", "Ignore");
    private static final List<String> REASONS = List.of("Forbidden", "Invalid", "RequestEntityTooLarge",
            "Unauthorized");
    private static final Pattern NEWLINE = Pattern.compile("[\\n\\r]");
    private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final int MAX_AUDIT_ANNOTATIONS = 20;
    private static final int MAX_VALUE_EXPRESSION_BYTES = 5 * 1024;
    private static final int MAX_MATCH_CONDITIONS = 64;

    private static final KubernetesCelEnvironment WITHOUT_PARAMS =
            KubernetesCelEnvironment.builder().admissionVariables(false).build();
    private static final KubernetesCelEnvironment WITH_PARAMS =
            KubernetesCelEnvironment.builder().admissionVariables(true).build();

    private PolicyParser() {}

    /** Whether the object is a ValidatingAdmissionPolicy of a version this parser reads (v1, v1beta1). */
    public static boolean isPolicy(JsonNode object) {
        return object.path("kind").asString("").equals(ValidatingAdmissionPolicy.KIND) && isAdmissionRegistration(
                object.path("apiVersion").asString(""));
    }

    static boolean isAdmissionRegistration(String apiVersion) {
        return apiVersion.equals("admissionregistration.k8s.io/v1")
                || apiVersion.equals("admissionregistration.k8s.io/v1beta1");
    }

    /**
     * Validates and compiles a policy.
     *
     * @throws VapException listing every field the API server would reject
     */
    public static ValidatingAdmissionPolicy parse(JsonNode object) throws VapException {
        FieldErrors errors = new FieldErrors();
        String name = ObjectNames.metadataName(object, errors);
        JsonNode spec = object.path("spec");
        if (!spec.isObject()) {
            errors.required("spec", "");
            throw VapException.of(errors);
        }
        FailurePolicy failurePolicy = FailurePolicy.FAIL;
        if (spec.hasNonNull("failurePolicy")) {
            String fp = spec.path("failurePolicy").asString("");
            if (!FAILURE_POLICIES.contains(fp)) {
                errors.notSupported("spec.failurePolicy", fp, FAILURE_POLICIES);
            } else if (fp.equals("Ignore")) {
                failurePolicy = FailurePolicy.IGNORE;
            }
        }
        Optional<ParamKind> paramKind = Optional.empty();
        if (spec.hasNonNull("paramKind")) {
            paramKind = paramKind(spec.path("paramKind"), errors);
        }
        MatchResources matchConstraints = null;
        if (!spec.hasNonNull("matchConstraints")) {
            errors.required("spec.matchConstraints", "");
        } else {
            matchConstraints = MatchResourcesParser.parse(spec.path("matchConstraints"), "spec.matchConstraints",
                    errors);
            if (matchConstraints.resourceRules().isEmpty()) {
                // At least one rule gives the expressions their type information upstream.
                errors.required("spec.matchConstraints.resourceRules", "");
            }
        }
        KubernetesCelEnvironment base = paramKind.isPresent() ? WITH_PARAMS : WITHOUT_PARAMS;
        List<MatchCondition> conditions = matchConditions(array(spec, "matchConditions", errors), base, errors);
        CompositedVariables variables = variables(array(spec, "variables", errors), base, errors);
        KubernetesCelEnvironment env = variables.environment();
        List<JsonNode> validationList = array(spec, "validations", errors);
        List<JsonNode> annotationList = array(spec, "auditAnnotations", errors);
        List<Validation> validations = new ArrayList<>();
        List<AuditAnnotation> annotations = new ArrayList<>();
        if (validationList.size() == 0 && annotationList.size() == 0) {
            errors.required("spec.validations", "validations or auditAnnotations must contain at least one item");
            errors.required("spec.auditAnnotations",
                    "validations or auditAnnotations must contain at least one item");
        } else {
            for (int i = 0; i < validationList.size(); i++) {
                Validation v = validation(validationList.get(i), "spec.validations[" + i + "]", env, errors);
                if (v != null) {
                    validations.add(v);
                }
            }
            if (annotationList.size() > MAX_AUDIT_ANNOTATIONS) {
                errors.add("spec.auditAnnotations", "Invalid value: " + annotationList.size()
                        + " items: must not have more than " + MAX_AUDIT_ANNOTATIONS + " auditAnnotations");
            }
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < annotationList.size(); i++) {
                String field = "spec.auditAnnotations[" + i + "]";
                AuditAnnotation a = auditAnnotation(annotationList.get(i), field, name, env, errors);
                String key = annotationList.get(i).path("key").asString("");
                if (!keys.add(key)) {
                    errors.duplicate(field + ".key", key);
                }
                if (a != null) {
                    annotations.add(a);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw VapException.of(errors);
        }
        return new ValidatingAdmissionPolicy(name, paramKind, matchConstraints, failurePolicy, variables, conditions,
                validations, annotations, object);
    }

    /** {@code spec.<name>} as a list: absent or null is empty, anything but a list is an error. */
    private static List<JsonNode> array(JsonNode spec, String name, FieldErrors errors) {
        JsonNode node = spec.path(name);
        List<JsonNode> out = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            errors.invalidRendered("spec." + name, node.toString(), "must be a list");
            return out;
        }
        node.forEach(out::add);
        return out;
    }

    private static Optional<ParamKind> paramKind(JsonNode node, FieldErrors errors) {
        String apiVersion = node.path("apiVersion").asString("");
        String kind = node.path("kind").asString("");
        int before = errors.entries().size();
        if (apiVersion.isEmpty()) {
            errors.required("spec.paramKind.apiVersion", "");
        } else {
            long slashes = apiVersion.chars().filter(c -> c == '/').count();
            if (slashes > 1) {
                errors.invalid("spec.paramKind.apiVersion", apiVersion, "unexpected GroupVersion string: "
                        + apiVersion);
            } else {
                int slash = apiVersion.indexOf('/');
                String group = slash < 0 ? "" : apiVersion.substring(0, slash);
                String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
                if (!group.isEmpty()) {
                    List<String> groupErrors = KubernetesNames.subdomainErrors(group);
                    if (!groupErrors.isEmpty()) {
                        errors.invalid("spec.paramKind.apiVersion", group, String.join(",", groupErrors));
                    }
                }
                if (version.isEmpty()) {
                    errors.invalid("spec.paramKind.apiVersion", apiVersion, "version must be specified");
                } else if (!DNS1035_LABEL.matcher(version).matches() || version.length() > 63) {
                    errors.invalid("spec.paramKind.apiVersion", version, "a DNS-1035 label must consist of lower "
                            + "case alphanumeric characters or '-', start with an alphabetic character, and end with"
                            + " an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation"
                            + " is '[a-z]([-a-z0-9]*[a-z0-9])?')");
                }
            }
        }
        if (kind.isEmpty()) {
            errors.required("spec.paramKind.kind", "");
        }
        return errors.entries().size() == before ? Optional.of(new ParamKind(apiVersion, kind)) : Optional.empty();
    }

    private static List<MatchCondition> matchConditions(List<JsonNode> list, KubernetesCelEnvironment env,
            FieldErrors errors) {
        List<MatchCondition> out = new ArrayList<>();
        if (list.size() > MAX_MATCH_CONDITIONS) {
            errors.tooMany("spec.matchConditions", list.size(), MAX_MATCH_CONDITIONS);
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            String field = "spec.matchConditions[" + i + "]";
            String name = c.path("name").asString("");
            String expression = c.path("expression").asString("");
            CompiledExpression compiled = null;
            if (expression.strip().isEmpty()) {
                errors.required(field + ".expression", "");
            } else {
                compiled = compile(env, expression, field + ".expression", errors, SimpleType.BOOL);
            }
            if (name.isEmpty()) {
                errors.required(field + ".name", "");
            } else {
                ObjectNames.qualifiedNameErrors(name).forEach(m -> errors.invalid(field + ".name", name, m));
                if (!names.add(name)) {
                    errors.duplicate(field + ".name", name);
                }
            }
            if (compiled != null) {
                out.add(new MatchCondition(name, compiled));
            }
        }
        return out;
    }

    /**
     * Compiles the variables in order. Each is first checked alone against the variables before it, so that an
     * error names its own index; a variable that does not compile is left out, so its users fail to compile too.
     */
    private static CompositedVariables variables(List<JsonNode> list, KubernetesCelEnvironment base, FieldErrors errors) {
        KubernetesCelEnvironment env = base;
        List<Map.Entry<String, String>> valid = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode v = list.get(i);
            String field = "spec.variables[" + i + "]";
            String name = v.path("name").asString("");
            String expression = v.path("expression").asString("");
            boolean ok = true;
            if (name.strip().isEmpty()) {
                errors.required(field + ".name", "name is not specified");
                ok = false;
            } else if (!ObjectNames.isCelIdentifier(name)) {
                errors.invalid(field + ".name", name, "name is not a valid CEL identifier");
                ok = false;
            } else if (!names.add(name)) {
                errors.duplicate(field + ".name", name);
                ok = false;
            }
            if (expression.strip().isEmpty()) {
                errors.required(field + ".expression", "expression is not specified");
                continue;
            }
            CompiledExpression compiled = compile(env, expression, field + ".expression", errors);
            if (compiled != null && ok) {
                env = env.withCompositedVariable(name, compiled.outputType());
                valid.add(Map.entry(name, expression));
            }
        }
        try {
            return CompositedVariables.compile(base, valid);
        } catch (CelCompilationException e) {
            // Each variable compiled above against the same declarations; this cannot fail independently.
            errors.add("spec.variables", "Internal error: " + e.getMessage());
            try {
                return CompositedVariables.compile(base, List.of());
            } catch (CelCompilationException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    private static Validation validation(JsonNode node, String field, KubernetesCelEnvironment env,
            FieldErrors errors) {
        String expression = node.path("expression").asString("");
        String message = node.path("message").asString("");
        String messageExpression = node.path("messageExpression").asString("");
        CompiledExpression compiled = null;
        if (expression.strip().isEmpty()) {
            errors.required(field + ".expression", "expression is not specified");
        } else {
            compiled = compile(env, expression, field + ".expression", errors, SimpleType.BOOL);
        }
        CompiledExpression compiledMessage = null;
        if (!messageExpression.isEmpty() && messageExpression.strip().isEmpty()) {
            errors.invalid(field + ".messageExpression", messageExpression, "must be non-empty if specified");
        } else if (!messageExpression.isEmpty()) {
            compiledMessage = compile(env, messageExpression, field + ".messageExpression", errors,
                    SimpleType.STRING);
        }
        if (!message.isEmpty() && message.strip().isEmpty()) {
            errors.invalid(field + ".message", message, "message must be non-empty if specified");
        } else if (NEWLINE.matcher(message.strip()).find()) {
            errors.invalid(field + ".message", message, "message must not contain line breaks");
        }
        String reason = node.path("reason").asString("");
        if (node.hasNonNull("reason") && !REASONS.contains(reason)) {
            errors.notSupported(field + ".reason", reason, REASONS);
        }
        return compiled == null ? null : new Validation(compiled, message, compiledMessage, reason);
    }

    private static AuditAnnotation auditAnnotation(JsonNode node, String field, String policyName,
            KubernetesCelEnvironment env, FieldErrors errors) {
        String key = node.path("key").asString("");
        String valueExpression = node.path("valueExpression").asString("");
        if (policyName.isEmpty()) {
            errors.invalid(field + ".key", key, "requires metadata.name be non-empty");
        } else {
            String qualified = policyName + "/" + key;
            ObjectNames.qualifiedNameErrors(qualified).forEach(m -> errors.invalid(field + ".key", qualified, m));
        }
        String trimmed = valueExpression.strip();
        if (trimmed.isEmpty()) {
            errors.required(field + ".valueExpression", "valueExpression is not specified");
            return null;
        }
        if (trimmed.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_VALUE_EXPRESSION_BYTES) {
            errors.required(field + ".valueExpression", "must not exceed " + MAX_VALUE_EXPRESSION_BYTES
                    + " bytes in length");
            return null;
        }
        CompiledExpression compiled = compile(env, trimmed, field + ".valueExpression", errors, SimpleType.STRING,
                SimpleType.NULL_TYPE);
        return compiled == null ? null : new AuditAnnotation(key, compiled);
    }

    private static CompiledExpression compile(KubernetesCelEnvironment env, String expression, String field,
            FieldErrors errors, CelType... types) {
        try {
            return env.compile(expression, types);
        } catch (CelCompilationException e) {
            boolean typeError = e.issues().size() == 1 && e.issues().get(0).line() == 0;
            errors.invalid(field, expression, typeError ? e.getMessage() : "compilation failed: " + e.getMessage());
            return null;
        }
    }
}
