package dev.gatehouse.policy.vap;

import dev.gatehouse.policy.constraint.ConstraintException;
import dev.gatehouse.policy.constraint.match.LabelSelector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code matchConstraints} / {@code matchResources} with the API server's defaults (matchPolicy Equivalent,
 * empty selectors, scope {@code *}) and rule validation. Stateless and thread-safe.
 */
final class MatchResourcesParser {
    private static final List<String> OPERATIONS = List.of("*", "CONNECT", "CREATE", "DELETE", "UPDATE");
    private static final List<String> SCOPES = List.of("*", "Cluster", "Namespaced");
    private static final List<String> MATCH_POLICIES = List.of("Equivalent", "Exact");
    private static final LabelSelector EVERYTHING = new LabelSelector(Map.of(), List.of());

    private MatchResourcesParser() {}

    /** Parses a present node; problems go to {@code errors} and the result is then meaningless. */
    static MatchResources parse(JsonNode node, String field, FieldErrors errors) {
        if (!node.isObject()) {
            errors.invalidRendered(field, node.toString(), "must be an object");
            return new MatchResources(EVERYTHING, EVERYTHING, List.of(), List.of(), "");
        }
        String matchPolicy = node.path("matchPolicy").asString("");
        if (node.hasNonNull("matchPolicy") && !MATCH_POLICIES.contains(matchPolicy)) {
            errors.notSupported(field + ".matchPolicy", matchPolicy, MATCH_POLICIES);
        }
        LabelSelector namespaceSelector = selector(node.path("namespaceSelector"), field + ".namespaceSelector",
                errors);
        LabelSelector objectSelector = selector(node.path("objectSelector"), field + ".objectSelector", errors);
        List<ResourceRule> rules = rules(node.path("resourceRules"), field + ".resourceRules", errors);
        List<ResourceRule> excluded = rules(node.path("excludeResourceRules"), field + ".excludeResourceRules",
                errors);
        return new MatchResources(namespaceSelector, objectSelector, rules, excluded, matchPolicy);
    }

    /** A label selector; absent or null = everything. */
    static LabelSelector selector(JsonNode node, String field, FieldErrors errors) {
        if (node.isMissingNode() || node.isNull()) {
            return EVERYTHING;
        }
        try {
            return LabelSelector.parse(node, field);
        } catch (ConstraintException e) {
            errors.add(e.field(), e.getMessage());
            return EVERYTHING;
        } catch (RuntimeException e) {
            // The shared selector parser assumes lists where the schema has them; anything else is invalid here.
            errors.invalidRendered(field, node.toString(), "must be a label selector");
            return EVERYTHING;
        }
    }

    private static List<ResourceRule> rules(JsonNode list, String field, FieldErrors errors) {
        List<ResourceRule> rules = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return rules;
        }
        if (!list.isArray()) {
            errors.invalidRendered(field, list.toString(), "must be a list");
            return rules;
        }
        for (int i = 0; i < list.size(); i++) {
            rules.add(rule(list.get(i), field + "[" + i + "]", errors));
        }
        return rules;
    }

    private static ResourceRule rule(JsonNode node, String field, FieldErrors errors) {
        List<String> names = strings(node.path("resourceNames"), field + ".resourceNames", errors);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n.equals(".") || n.equals("..")) {
                errors.invalid(field + ".resourceNames[" + i + "]", n, "may not be '" + n + "'");
            } else if (n.contains("/") || n.contains("%")) {
                errors.invalid(field + ".resourceNames[" + i + "]", n, "may not contain '" + (n.contains("/") ? "/"
                        : "%") + "'");
            }
            if (!seen.add(n)) {
                errors.duplicate(field + ".resourceNames[" + i + "]", n);
            }
        }
        List<String> operations = strings(node.path("operations"), field + ".operations", errors);
        if (operations.isEmpty()) {
            errors.required(field + ".operations", "");
        } else if (operations.size() > 1 && operations.contains("*")) {
            errors.invalidRendered(field + ".operations", json(operations),
                    "if '*' is present, must not specify other operations");
        }
        for (int i = 0; i < operations.size(); i++) {
            if (!OPERATIONS.contains(operations.get(i))) {
                errors.notSupported(field + ".operations[" + i + "]", operations.get(i), OPERATIONS);
            }
        }
        List<String> groups = strings(node.path("apiGroups"), field + ".apiGroups", errors);
        if (groups.isEmpty()) {
            errors.required(field + ".apiGroups", "");
        } else if (groups.size() > 1 && groups.contains("*")) {
            errors.invalidRendered(field + ".apiGroups", json(groups),
                    "if '*' is present, must not specify other API groups");
        }
        List<String> versions = strings(node.path("apiVersions"), field + ".apiVersions", errors);
        if (versions.isEmpty()) {
            errors.required(field + ".apiVersions", "");
        } else if (versions.size() > 1 && versions.contains("*")) {
            errors.invalidRendered(field + ".apiVersions", json(versions),
                    "if '*' is present, must not specify other API versions");
        }
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).isEmpty()) {
                errors.required(field + ".apiVersions[" + i + "]", "");
            }
        }
        List<String> resources = strings(node.path("resources"), field + ".resources", errors);
        resources(resources, field + ".resources", errors);
        String scope = node.path("scope").asString("");
        if (node.hasNonNull("scope") && !SCOPES.contains(scope)) {
            errors.notSupported(field + ".scope", scope, SCOPES);
        }
        return new ResourceRule(operations, groups, versions, resources, scope, names);
    }

    private static void resources(List<String> resources, String field, FieldErrors errors) {
        if (resources.isEmpty()) {
            errors.required(field, "");
            return;
        }
        Set<String> wildcardSub = new HashSet<>();
        Set<String> wildcardRes = new HashSet<>();
        boolean doubleWildcard = false;
        boolean singleWildcard = false;
        boolean plain = false;
        for (int i = 0; i < resources.size(); i++) {
            String entry = resources.get(i);
            if (entry.isEmpty()) {
                errors.required(field + "[" + i + "]", "");
                continue;
            }
            doubleWildcard |= entry.equals("*/*");
            singleWildcard |= entry.equals("*");
            int slash = entry.indexOf('/');
            if (slash < 0) {
                plain |= !entry.equals("*");
                continue;
            }
            String res = entry.substring(0, slash);
            String sub = entry.substring(slash + 1);
            if (wildcardSub.contains(res)) {
                errors.invalid(field + "[" + i + "]", entry, "if '" + res + "/*' is present, must not specify "
                        + entry);
            }
            if (wildcardRes.contains(sub)) {
                errors.invalid(field + "[" + i + "]", entry, "if '*/" + sub + "' is present, must not specify "
                        + entry);
            }
            if (sub.equals("*")) {
                wildcardSub.add(res);
            }
            if (res.equals("*")) {
                wildcardRes.add(sub);
            }
        }
        if (resources.size() > 1 && doubleWildcard) {
            errors.invalidRendered(field, json(resources), "if '*/*' is present, must not specify other resources");
        }
        if (singleWildcard && plain) {
            errors.invalidRendered(field, json(resources),
                    "if '*' is present, must not specify other resources without subresources");
        }
    }

    /** A list of strings; anything else is an error. Absent or null = empty. */
    static List<String> strings(JsonNode list, String field, FieldErrors errors) {
        List<String> out = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            errors.invalidRendered(field, list.toString(), "must be a list of strings");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isString()) {
                errors.invalidRendered(field + "[" + i + "]", list.get(i).toString(), "must be a string");
            } else {
                out.add(list.get(i).asString());
            }
        }
        return out;
    }

    static String json(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(values.get(i)).toString());
        }
        return out.append(']').toString();
    }
}
