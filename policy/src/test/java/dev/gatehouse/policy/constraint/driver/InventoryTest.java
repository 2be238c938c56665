package dev.gatehouse.policy.constraint.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class InventoryTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    @Test
    void of_placesClusterScopedAndNamespacedObjectsByGroupVersionKindAndName() {
        JsonNode namespace = YAML.readTree("{apiVersion: v1, kind: Namespace, metadata: {name: prod}}");
        JsonNode ingress = YAML.readTree(
                "{apiVersion: networking.k8s.io/v1, kind: Ingress, metadata: {name: web, namespace: prod}}");
        JsonNode inventory = Inventory.of(List.of(namespace, ingress));
        assertThat(inventory.path("cluster").path("v1").path("Namespace").path("prod")).isEqualTo(namespace);
        assertThat(inventory.path("namespace").path("prod").path("networking.k8s.io/v1").path("Ingress").path("web"))
                .isEqualTo(ingress);
    }

    @Test
    void of_leavesOutObjectsWithoutCoordinates_laterObjectReplacesEarlier() {
        JsonNode first = YAML.readTree("{apiVersion: v1, kind: ConfigMap, metadata: {name: a, namespace: n}, data: {v: '1'}}");
        JsonNode second = YAML.readTree("{apiVersion: v1, kind: ConfigMap, metadata: {name: a, namespace: n}, data: {v: '2'}}");
        JsonNode nameless = YAML.readTree("{apiVersion: v1, kind: ConfigMap, metadata: {namespace: n}}");
        JsonNode inventory = Inventory.of(List.of(first, second, nameless));
        assertThat(inventory.path("namespace").path("n").path("v1").path("ConfigMap").size()).isEqualTo(1);
        assertThat(inventory.path("namespace").path("n").path("v1").path("ConfigMap").path("a")).isEqualTo(second);
        assertThat(inventory.path("cluster").isEmpty()).isTrue();
    }
}
