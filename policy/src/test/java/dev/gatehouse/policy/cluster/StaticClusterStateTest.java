package dev.gatehouse.policy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StaticClusterStateTest {

    @Test
    void load_readsDirectoriesRecursively_yamlMultiDocJsonAndLists(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("namespaces.yaml"), """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: web
                  labels:
                    pod-security.kubernetes.io/enforce: baseline
                ---
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: db
                ---
                """);
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.writeString(dir.resolve("sub/deeper/pods.json"), """
                {"apiVersion": "v1", "kind": "List", "items": [
                  {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a", "namespace": "web"}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}},
                  {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "b", "namespace": "web"}},
                  {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d", "namespace": "web"}}
                ]}
                """);
        Files.writeString(dir.resolve("sub/default.yml"), """
                kind: PodList
                apiVersion: v1
                items:
                - kind: Pod
                  apiVersion: v1
                  metadata: {name: loose}
                """);
        Files.writeString(dir.resolve("README.md"), "not a manifest: {");

        StaticClusterState state = StaticClusterState.load(dir);
        assertThat(state.namespaces()).containsOnlyKeys("web", "db");
        assertThat(state.namespace("web").orElseThrow().getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "baseline");
        assertThat(state.namespace("nope")).isEmpty();
        assertThat(state.pods("web")).extracting(p -> p.getMetadata().getName()).containsExactly("a", "b");
        assertThat(state.pods("web").getFirst().getSpec().getContainers().getFirst().getImage()).isEqualTo("nginx");
        assertThat(state.pods("default")).extracting(p -> p.getMetadata().getName()).containsExactly("loose");
        assertThat(state.pods("db")).isEmpty();
        assertThat(state.pods("web")).isUnmodifiable();
    }

    static Stream<Arguments> badManifests() {
        return Stream.of(
                Arguments.of("malformed YAML names file and line", "apiVersion: v1\nkind: Namespace\nmetadata: {name: a\n",
                        "bad.yaml: line 3: invalid YAML: while parsing a flow mapping"),
                Arguments.of("a document without kind", "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\nmetadata: {name: b}\n",
                        "bad.yaml: line 5: document has no kind"),
                Arguments.of("a scalar document", "just text\n", "bad.yaml: line 1: document is not an object"),
                Arguments.of("a pod that does not decode", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: 5}\n",
                        "bad.yaml: line 4: field spec.containers: "),
                Arguments.of("a namespace without name", "apiVersion: v1\nkind: Namespace\nmetadata: {}\n",
                        "bad.yaml:1: Namespace has no metadata.name"),
                Arguments.of("a duplicate namespace",
                        "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n",
                        "bad.yaml:5: Namespace \"a\" is already defined at bad.yaml:1"),
                Arguments.of("a duplicate pod in a list",
                        "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod, metadata: {name: p}}\n- {apiVersion: v1, kind: Pod, metadata: {name: p}}\n",
                        "bad.yaml:1: Pod \"default/p\" is already defined at bad.yaml:1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badManifests")
    void badManifests_nameFileAndDocument(String name, String content, String message) {
        assertThatThrownBy(() -> StaticClusterState.parse(content, "bad.yaml"))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(((ManifestException) e).file()).startsWith("bad.yaml"));
    }

    @Test
    void load_missingPath_isAClearError(@TempDir Path dir) {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> StaticClusterState.load(missing))
                .isInstanceOf(ManifestException.class)
                .hasMessage(missing + ": no such file or directory");
    }

    @Test
    void with_returnsNewSnapshotsAndLeavesTheOriginalAlone() {
        StaticClusterState empty = StaticClusterState.EMPTY;
        Pod pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").endMetadata().build();
        StaticClusterState one = empty.withNamespace(new NamespaceBuilder().withNewMetadata().withName("ns").endMetadata().build())
                .withPod(pod);
        assertThat(empty.namespace("ns")).isEmpty();
        assertThat(one.namespace("ns")).isPresent();
        assertThat(one.pods("ns")).containsExactly(pod);
        Pod replacement = new PodBuilder(pod).editMetadata().addToLabels("v", "2").endMetadata().build();
        assertThat(one.withPod(replacement).pods("ns")).containsExactly(replacement);
        assertThat(one.pods("ns")).containsExactly(pod);
    }

    @Test
    void of_rejectsDuplicates() {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").endMetadata().build();
        assertThatThrownBy(() -> StaticClusterState.of(List.of(), List.of(pod, pod)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Pod \"default/p\" is already defined");
    }
}
