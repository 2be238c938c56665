package dev.gatehouse.policy.vap;

import java.util.List;

/**
 * One {@code resourceRules} or {@code excludeResourceRules} entry (NamedRuleWithOperations), matched as the API
 * server's rule matcher does: operation, API group, version, resource with sub-resource ({@code pods},
 * {@code pods/status}, {@code pods/*}, {@code * /status}, {@code *} = every main resource, {@code * /*} =
 * everything), scope, then resource names when listed.
 *
 * @param scope         {@code Cluster}, {@code Namespaced} or {@code *} (default)
 * @param resourceNames empty = any name
 */
public record ResourceRule(List<String> operations, List<String> apiGroups, List<String> apiVersions,
        List<String> resources, String scope, List<String> resourceNames) {

    public ResourceRule {
        operations = List.copyOf(operations);
        apiGroups = List.copyOf(apiGroups);
        apiVersions = List.copyOf(apiVersions);
        resources = List.copyOf(resources);
        scope = scope == null || scope.isEmpty() ? "*" : scope;
        resourceNames = List.copyOf(resourceNames);
    }

    boolean matches(RequestAttributes request) {
        return operation(request) && anyOrEqual(apiGroups, request.resource().group())
                && anyOrEqual(apiVersions, request.resource().version()) && resource(request) && scope(request)
                && (resourceNames.isEmpty() || resourceNames.contains(request.name()));
    }

    private boolean operation(RequestAttributes request) {
        return anyOrEqual(operations, request.operation().name());
    }

    private static boolean anyOrEqual(List<String> values, String actual) {
        for (String v : values) {
            if (v.equals("*") || v.equals(actual)) {
                return true;
            }
        }
        return false;
    }

    private boolean resource(RequestAttributes request) {
        String resource = request.resource().resource();
        String sub = request.subResource();
        for (String entry : resources) {
            int slash = entry.indexOf('/');
            String res = slash < 0 ? entry : entry.substring(0, slash);
            String entrySub = slash < 0 ? "" : entry.substring(slash + 1);
            if ((res.equals("*") || res.equals(resource)) && (entrySub.equals("*") || entrySub.equals(sub))) {
                return true;
            }
        }
        return false;
    }

    private boolean scope(RequestAttributes request) {
        return switch (scope) {
            case "Namespaced" -> !request.isNamespace() && !request.namespace().isEmpty();
            case "Cluster" -> request.isNamespace() || request.namespace().isEmpty();
            default -> true;
        };
    }
}
