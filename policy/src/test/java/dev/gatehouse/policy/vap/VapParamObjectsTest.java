package dev.gatehouse.policy.vap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.policy.constraint.driver.Inventory;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Where parameter objects are found, and whether their kind is taken to be namespaced. */
class VapParamObjectsTest {
    private static JsonNode object(String apiVersion, String kind, String namespace, String name, String value) {
        return VapFixtures.yaml("apiVersion: " + apiVersion + "\nkind: " + kind + "\nmetadata: {name: " + name
                + (namespace.isEmpty() ? "" : ", namespace: " + namespace) + "}\ndata: {v: " + value + "}\n");
    }

    private static final JsonNode LIMITS = object("example.com/v1", "Limits", "", "global", "a");
    private static final JsonNode CONFIG_MAP = object("v1", "ConfigMap", "shop", "rules", "b");

    static Stream<Arguments> scopes() {
        return Stream.of(
                Arguments.of("a built-in cluster-scoped kind is cluster-scoped", new ParamKind("v1", "Namespace"),
                        List.of(), false),
                Arguments.of("a kind whose objects name no namespace is cluster-scoped",
                        new ParamKind("example.com/v1", "Limits"), List.of(LIMITS), false),
                Arguments.of("a kind whose objects name a namespace is namespaced", new ParamKind("v1", "ConfigMap"),
                        List.of(CONFIG_MAP), true),
                Arguments.of("a kind without loaded objects is taken as namespaced",
                        new ParamKind("example.com/v1", "Other"), List.of(LIMITS), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scopes")
    void scope(String description, ParamKind kind, List<JsonNode> objects, boolean namespaced) {
        assertThat(ParamObjects.of(objects).namespaced(kind)).isEqualTo(namespaced);
    }

    @Test
    void laterObjectsWithTheSameNameReplaceEarlierOnesInPlace() {
        JsonNode first = object("v1", "ConfigMap", "shop", "a", "1");
        JsonNode second = object("v1", "ConfigMap", "shop", "b", "2");
        JsonNode replacement = object("v1", "ConfigMap", "shop", "a", "3");
        ParamObjects params = ParamObjects.of(List.of(first, second, replacement,
                object("v1", "ConfigMap", "other", "a", "4")));
        ParamKind kind = new ParamKind("v1", "ConfigMap");
        assertThat(params.list(kind, "shop")).containsExactly(replacement, second);
        assertThat(params.get(kind, "shop", "a")).isSameAs(replacement);
        assertThat(params.get(kind, "shop", "missing")).isNull();
    }

    @Test
    void inventoryObjectsAreFoundInBothScopes() {
        ParamObjects params = ParamObjects.of(List.of(), Inventory.of(List.of(LIMITS, CONFIG_MAP)));
        assertThat(params.get(new ParamKind("example.com/v1", "Limits"), "", "global")).isEqualTo(LIMITS);
        assertThat(params.get(new ParamKind("v1", "ConfigMap"), "shop", "rules")).isEqualTo(CONFIG_MAP);
    }
}
