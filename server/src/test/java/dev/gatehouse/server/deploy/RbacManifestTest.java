package dev.gatehouse.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The RBAC in deploy/ (as kustomization.yaml applies it) lets the gatehouse service account list and watch what its
 * informers read, and nothing more: an informer without list permission never syncs, and then /readyz never passes
 * (admission) or every token is "lookup failed" (token mode).
 */
class RbacManifestTest {

    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> READ_VERBS = Set.of("get", "list", "watch");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            admission reads namespace labels (InformerClusterState)                  | namespaces
            admission dry-runs enforce levels against pods; pod-bound tokens         | pods
            tokens name their service account (InformerTokenObjects)                  | serviceaccounts
            secret-bound tokens need their Secret (metadata only is kept)            | secrets
            node-bound tokens need their Node                                         | nodes
            """)
    void theServiceAccount_canListAndWatch(String why, String resource) {
        List<JsonNode> rules = rulesBoundToGatehouse();
        assertThat(rules).as("rules bound to gatehouse-system/gatehouse").isNotEmpty();
        assertThat(rules.stream().filter(rule -> contains(rule.path("apiGroups"), "")
                        && contains(rule.path("resources"), resource))
                .anyMatch(rule -> contains(rule.path("verbs"), "list") && contains(rule.path("verbs"), "watch")))
                .as("list and watch on %s", resource).isTrue();
    }

    @Test
    void everyGrantedVerb_onlyReads() {
        for (JsonNode rule : rulesBoundToGatehouse()) {
            for (JsonNode verb : rule.path("verbs")) {
                assertThat(verb.asString()).as("verb in %s", rule).isIn(READ_VERBS);
            }
            for (JsonNode resource : rule.path("resources")) {
                assertThat(resource.asString()).as("resource in %s", rule).doesNotContain("*");
            }
        }
    }

    @Test
    void kustomization_listsEveryManifestInDeploy() throws IOException {
        List<String> listed = new ArrayList<>();
        YAML.readTree(Files.readString(DEPLOY.resolve("kustomization.yaml"))).path("resources")
                .forEach(r -> listed.add(r.asString()));
        try (Stream<Path> files = Files.list(DEPLOY)) {
            List<String> manifests = files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml")).toList();
            assertThat(listed).containsExactlyInAnyOrderElementsOf(manifests);
        }
    }

    private static List<JsonNode> rulesBoundToGatehouse() {
        List<JsonNode> documents = new ArrayList<>();
        YAML.readTree(read(DEPLOY.resolve("kustomization.yaml"))).path("resources")
                .forEach(r -> documents.addAll(documents(DEPLOY.resolve(r.asString()))));
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode binding : documents) {
            if (!binding.path("kind").asString().equals("ClusterRoleBinding") || !bindsGatehouse(binding)) {
                continue;
            }
            String role = binding.path("roleRef").path("name").asString();
            documents.stream()
                    .filter(doc -> doc.path("kind").asString().equals("ClusterRole")
                            && doc.path("metadata").path("name").asString().equals(role))
                    .forEach(doc -> doc.path("rules").forEach(rules::add));
        }
        return rules;
    }

    private static boolean bindsGatehouse(JsonNode binding) {
        for (JsonNode subject : binding.path("subjects")) {
            if (subject.path("kind").asString().equals("ServiceAccount") && subject.path("name").asString().equals("gatehouse")
                    && subject.path("namespace").asString().equals("gatehouse-system")) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode element : array) {
            if (element.asString().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> documents(Path file) {
        try {
            return YAML.readValues(YAML.createParser(Files.readString(file)), JsonNode.class).readAll().stream()
                    .filter(doc -> doc != null && !doc.isMissingNode() && !doc.isNull()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
