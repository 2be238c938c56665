package dev.gatehouse.policy.constraint.driver;

import java.util.Collection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the {@code data.inventory} document Gatekeeper gives Rego templates from replicated objects:
 * cluster-scoped objects under {@code cluster[<groupVersion>][<kind>][<name>]}, namespaced ones under
 * {@code namespace[<namespace>][<groupVersion>][<kind>][<name>]} ({@code groupVersion} is the object's
 * {@code apiVersion}: {@code v1} for core, {@code apps/v1} otherwise). Offline, as in gator, an object is namespaced
 * when it names a namespace.
 *
 * <p>Stateless; the documents it returns are new and not shared.
 */
public final class Inventory {
    private Inventory() {}

    /**
     * The inventory document of the objects; objects without apiVersion, kind or name are left out (the API server
     * would not have stored them). A later object with the same coordinates replaces an earlier one.
     */
    public static JsonNode of(Collection<JsonNode> objects) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode cluster = root.putObject("cluster");
        ObjectNode namespaced = root.putObject("namespace");
        for (JsonNode object : objects) {
            String apiVersion = object.path("apiVersion").asString("");
            String kind = object.path("kind").asString("");
            String name = object.path("metadata").path("name").asString("");
            if (apiVersion.isEmpty() || kind.isEmpty() || name.isEmpty()) {
                continue;
            }
            String namespace = object.path("metadata").path("namespace").asString("");
            ObjectNode scope = namespace.isEmpty() ? cluster : child(namespaced, namespace);
            child(child(scope, apiVersion), kind).set(name, object);
        }
        return root;
    }

    private static ObjectNode child(ObjectNode parent, String key) {
        JsonNode existing = parent.get(key);
        return existing instanceof ObjectNode o ? o : parent.putObject(key);
    }
}
