package dev.gatehouse.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The shipped Deployment sets every field the restricted Pod Security level asks for, so Gatehouse can run in a
 * namespace that enforces restricted (its own namespace does). Field list from the restricted checks in
 * shared/spec/pod-security.md; once the policy engine lands this can evaluate the pod template with it instead.
 */
class DeploymentManifestTest {

    private static final Path DEPLOYMENT = Path.of("..", "deploy", "30-deployment.yaml");
    private static final Set<String> RESTRICTED_VOLUME_SOURCES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "image", "persistentVolumeClaim", "projected", "secret");

    @Test
    void deployment_setsEveryRestrictedLevelField() throws Exception {
        JsonNode deployment = new YAMLMapper().readValues(new YAMLMapper().createParser(Files.readString(DEPLOYMENT)),
                JsonNode.class).readAll().stream().filter(doc -> doc.path("kind").asString().equals("Deployment"))
                .findFirst().orElseThrow();
        JsonNode spec = deployment.path("spec").path("template").path("spec");
        JsonNode pod = spec.path("securityContext");

        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(pod.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("runAsUser").asInt()).isPositive();
        assertThat(pod.path("seccompProfile").path("type").asString()).isEqualTo("RuntimeDefault");
        assertThat(spec.has("hostNetwork") || spec.has("hostPID") || spec.has("hostIPC")).isFalse();
        for (JsonNode volume : spec.path("volumes")) {
            List<String> sources = volume.propertyNames().stream().filter(name -> !name.equals("name")).toList();
            assertThat(sources).hasSize(1).allMatch(RESTRICTED_VOLUME_SOURCES::contains);
        }
        assertThat(spec.path("containers").size()).isPositive();
        for (JsonNode container : spec.path("containers")) {
            JsonNode context = container.path("securityContext");
            assertThat(context.path("allowPrivilegeEscalation").isBoolean()).isTrue();
            assertThat(context.path("allowPrivilegeEscalation").asBoolean()).isFalse();
            assertThat(context.path("readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(context.path("capabilities").path("drop").toString()).isEqualTo("[\"ALL\"]");
            assertThat(context.path("capabilities").has("add")).isFalse();
            assertThat(context.has("privileged")).isFalse();
            assertThat(context.path("seccompProfile").path("type").asString()).isEqualTo("RuntimeDefault");
            for (JsonNode port : container.path("ports")) {
                assertThat(port.has("hostPort")).isFalse();
            }
        }
    }
}
