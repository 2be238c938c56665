package dev.gatehouse.policy.document;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class ManifestReaderTest {

    @Test
    void multiDocumentYamlGivesEachObjectWithItsStartLine() {
        ManifestSet set = ManifestReader.readString("a.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: one}
                ---
                # a comment-only document is skipped
                ---
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: two
                """);
        assertThat(set.errors()).isEmpty();
        assertThat(set.manifests()).extracting(Manifest::kind, Manifest::name, Manifest::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Pod", "one", 1),
                        org.assertj.core.groups.Tuple.tuple("Namespace", "two", 7));
    }

    @Test
    void brokenDocumentIsReportedWithFileLineAndTheRestIsStillRead() {
        ManifestSet set = ManifestReader.readString("b.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: good}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: [unclosed
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: after}
                """);
        assertThat(set.manifests()).extracting(Manifest::name).containsExactly("good", "after");
        assertThat(set.errors()).hasSize(1);
        ManifestError error = set.errors().get(0);
        assertThat(error.source()).isEqualTo("b.yaml");
        assertThat(error.line()).isBetween(7, 8);
        assertThat(error.message()).startsWith("invalid YAML: ");
    }

    @Test
    void listItemsBecomeSeparateManifests() {
        ManifestSet set = ManifestReader.readString("l.yaml", """
                apiVersion: v1
                kind: List
                items:
                - {apiVersion: v1, kind: Pod, metadata: {name: p1}}
                - {apiVersion: v1, kind: Pod, metadata: {name: p2}}
                """);
        assertThat(set.manifests()).extracting(Manifest::name).containsExactly("p1", "p2");
    }

    @Test
    void documentsWithoutKindOrNotObjectsAreErrors() {
        ManifestSet set = ManifestReader.readString("c.yaml", "just a string\n---\nmetadata: {name: x}\n---\nkind: Pod\n");
        assertThat(set.manifests()).isEmpty();
        assertThat(set.errors()).extracting(ManifestError::message)
                .containsExactly("document is not an object (a Kubernetes manifest is a mapping with apiVersion and kind)",
                        "document has no kind", "document has no apiVersion (kind Pod)");
        assertThat(set.errors()).extracting(ManifestError::line).containsExactly(1, 3, 5);
    }

    @Test
    void directoriesAreReadRecursivelyAndStdinByDash(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/p.yml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: fromdir}\n");
        Files.writeString(dir.resolve("n.json"), "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"js\"}}");
        Files.writeString(dir.resolve("README.md"), "not a manifest");
        var stdin = new ByteArrayInputStream("apiVersion: v1\nkind: Pod\nmetadata: {name: piped}\n".getBytes(StandardCharsets.UTF_8));
        ManifestSet set = ManifestReader.read(List.of(dir.toString(), "-", dir.resolve("missing.yaml").toString()), stdin);
        assertThat(set.manifests()).extracting(Manifest::name).containsExactly("js", "fromdir", "piped");
        assertThat(set.manifests().get(2).source()).isEqualTo(ManifestReader.STDIN);
        assertThat(set.errors()).extracting(ManifestError::message).containsExactly("no such file or directory");
    }

    @Test
    void invalidUtf8IsAnErrorNotACrash(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("bad.yaml"), new byte[] {'k', 'i', 'n', 'd', ':', ' ', (byte) 0xC3, (byte) 0x28});
        ManifestSet set = ManifestReader.read(List.of(dir.resolve("bad.yaml").toString()), java.io.InputStream.nullInputStream());
        assertThat(set.errors()).extracting(ManifestError::message).containsExactly("file is not valid UTF-8");
    }

    @Test
    void wrongFieldTypeNamesTheLineAndField() {
        ManifestSet set = ManifestReader.readString("t.yaml", """
                apiVersion: v1
                kind: Namespace
                metadata: {name: ns}
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: typed
                spec:
                  hostNetwork: [1, 2]
                  containers: []
                """);
        Manifest pod = set.manifests().get(1);
        try {
            ManifestReader.decode(pod, Pod.class, JsonMapper.builder().build());
            org.junit.jupiter.api.Assertions.fail("expected a decode error");
        } catch (ManifestReader.ManifestDecodeException e) {
            assertThat(e.error().source()).isEqualTo("t.yaml");
            assertThat(e.error().line()).isEqualTo(10);
            assertThat(e.error().message()).contains("spec.hostNetwork");
        }
    }
}
