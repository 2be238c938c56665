package dev.gatehouse.auth.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticTokenObjectsTest {

    @TempDir
    Path dir;

    @Test
    void directoryOfManifests_withMultiDocumentYamlListsAndJson_isLoaded() throws Exception {
        Files.writeString(dir.resolve("sa.yaml"), """
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: builder, namespace: ci, uid: sa-1}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: ignored}
                ---
                apiVersion: v1
                kind: List
                items:
                - apiVersion: v1
                  kind: Secret
                  metadata: {name: s, namespace: ci, uid: secret-1}
                """);
        Files.createDirectories(dir.resolve("nodes"));
        Files.writeString(dir.resolve("nodes/node.json"), "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\",\"uid\":\"node-1\"}}");
        Files.writeString(dir.resolve("README.md"), "not a manifest");
        StaticTokenObjects objects = StaticTokenObjects.load(dir);
        assertThat(objects.serviceAccount("ci", "builder")).get().extracting(sa -> sa.getMetadata().getUid()).isEqualTo("sa-1");
        assertThat(objects.secret("ci", "s")).isPresent();
        assertThat(objects.node("n1")).get().extracting(n -> n.getMetadata().getUid()).isEqualTo("node-1");
        assertThat(objects.serviceAccount("default", "builder")).isEmpty();
        assertThat(objects.pod("ci", "x")).isEmpty();
    }

    @Test
    void objectWithoutNamespace_isInDefault() throws Exception {
        Files.writeString(dir.resolve("sa.yaml"), "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: builder, uid: u}\n");
        assertThat(StaticTokenObjects.load(dir).serviceAccount("default", "builder")).isPresent();
    }

    @Test
    void brokenManifest_isAnErrorNamingFileAndLine() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "apiVersion: v1\nkind: Pod\nmetadata: {name: ok, uid: u}\n---\napiVersion: v1\nkind: Pod\nmetadata: {uid: u}\n");
        assertThatThrownBy(() -> StaticTokenObjects.load(dir)).isInstanceOf(IOException.class)
                .hasMessage(file + ":5: Pod without metadata.name");
        Files.writeString(file, "a: [unclosed\n");
        assertThatThrownBy(() -> StaticTokenObjects.load(dir)).isInstanceOf(IOException.class).hasMessageStartingWith(file.toString());
        assertThatThrownBy(() -> StaticTokenObjects.load(dir.resolve("missing"))).hasMessageContaining("no such file or directory");
    }
}
