package dev.gatehouse.policy.vap;

import dev.gatehouse.policy.constraint.match.LabelSelector;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Validates a ValidatingAdmissionPolicyBinding as the API server does on create: policyName (a DNS subdomain),
 * paramRef (name or selector, not both; parameterNotFoundAction Allow or Deny required), matchResources and
 * validationActions (a non-empty set of Deny, Warn, Audit without both Deny and Warn). Every error is reported.
 * Stateless and thread-safe.
 */
public final class BindingParser {
    private static final List<String> ACTIONS = List.of("Audit", "Deny", "Warn");
    private static final List<String> NOT_FOUND_ACTIONS = List.of("Deny", "Allow");

    private BindingParser() {}

    /** Whether the object is a ValidatingAdmissionPolicyBinding of a version this parser reads (v1, v1beta1). */
    public static boolean isBinding(JsonNode object) {
        return object.path("kind").asString("").equals(ValidatingAdmissionPolicyBinding.KIND)
                && PolicyParser.isAdmissionRegistration(object.path("apiVersion").asString(""));
    }

    /**
     * Validates a binding.
     *
     * @throws VapException listing every field the API server would reject
     */
    public static ValidatingAdmissionPolicyBinding parse(JsonNode object) throws VapException {
        FieldErrors errors = new FieldErrors();
        String name = ObjectNames.metadataName(object, errors);
        JsonNode spec = object.path("spec");
        if (!spec.isObject()) {
            errors.required("spec", "");
            throw VapException.of(errors);
        }
        String policyName = spec.path("policyName").asString("");
        if (policyName.isEmpty()) {
            errors.required("spec.policyName", "");
        } else {
            ObjectNames.subdomain("spec.policyName", policyName, errors);
        }
        Optional<ParamRef> paramRef = spec.hasNonNull("paramRef")
                ? Optional.of(paramRef(spec.path("paramRef"), errors)) : Optional.empty();
        // Upstream names this field "spec.matchResouces" in its errors (a typo); the real field name is used here.
        Optional<MatchResources> matchResources = spec.hasNonNull("matchResources")
                ? Optional.of(MatchResourcesParser.parse(spec.path("matchResources"), "spec.matchResources", errors))
                : Optional.empty();
        List<ValidationAction> actions = actions(spec.path("validationActions"), errors);
        if (!errors.isEmpty()) {
            throw VapException.of(errors);
        }
        return new ValidatingAdmissionPolicyBinding(name, policyName, paramRef, matchResources, actions, object);
    }

    private static ParamRef paramRef(JsonNode node, FieldErrors errors) {
        String name = node.path("name").asString("");
        String namespace = node.path("namespace").asString("");
        boolean hasSelector = node.hasNonNull("selector");
        if (!name.isEmpty()) {
            if (name.equals(".") || name.equals("..")) {
                errors.invalid("spec.paramRef.name", name, "may not be '" + name + "'");
            } else if (name.contains("/") || name.contains("%")) {
                errors.invalid("spec.paramRef.name", name, "may not contain '" + (name.contains("/") ? "/" : "%")
                        + "'");
            }
            if (hasSelector) {
                errors.forbidden("spec.paramRef.name", "name and selector are mutually exclusive");
            }
        }
        Optional<LabelSelector> selector = Optional.empty();
        if (hasSelector) {
            selector = Optional.of(MatchResourcesParser.selector(node.path("selector"), "spec.paramRef.selector",
                    errors));
            if (!name.isEmpty()) {
                errors.forbidden("spec.paramRef.selector", "name and selector are mutually exclusive");
            }
        }
        if (name.isEmpty() && !hasSelector) {
            errors.required("spec.paramRef", "one of name or selector must be specified");
        }
        String action = node.path("parameterNotFoundAction").asString("");
        ParameterNotFoundAction notFound = ParameterNotFoundAction.DENY;
        if (action.isEmpty()) {
            errors.required("spec.paramRef.parameterNotFoundAction", "");
        } else if (!NOT_FOUND_ACTIONS.contains(action)) {
            errors.notSupported("spec.paramRef.parameterNotFoundAction", action, NOT_FOUND_ACTIONS);
        } else if (action.equals("Allow")) {
            notFound = ParameterNotFoundAction.ALLOW;
        }
        return new ParamRef(name, namespace, selector, notFound);
    }

    private static List<ValidationAction> actions(JsonNode list, FieldErrors errors) {
        String field = "spec.validationActions";
        List<String> values = MatchResourcesParser.strings(list, field, errors);
        Set<String> seen = new LinkedHashSet<>();
        List<ValidationAction> actions = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            Optional<ValidationAction> action = ValidationAction.parse(v);
            if (action.isEmpty()) {
                errors.notSupported(field + "[" + i + "]", v, ACTIONS);
            }
            if (!seen.add(v)) {
                errors.duplicate(field + "[" + i + "]", v);
            } else {
                action.ifPresent(actions::add);
            }
        }
        if (seen.contains("Deny") && seen.contains("Warn")) {
            errors.invalidRendered(field, MatchResourcesParser.json(values), "must not contain both Deny and Warn "
                    + "(repeating the same validation failure information in the API response and headers serves no"
                    + " purpose)");
        }
        if (seen.isEmpty()) {
            errors.required(field, "at least one validation action is required");
        }
        return actions;
    }
}
