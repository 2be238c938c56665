package dev.gatehouse.policy.podsecurity.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PodSecurityConfigurationLoaderTest {

    @ParameterizedTest(name = "YAML {0}")
    @ValueSource(strings = {"v1", "v1beta1", "v1alpha1"})
    void everyApiVersion_yaml(String version) throws Exception {
        PodSecurityConfiguration config = PodSecurityConfigurationLoader.parse("""
                apiVersion: pod-security.admission.config.k8s.io/%s
                kind: PodSecurityConfiguration
                defaults:
                  enforce: baseline
                  enforce-version: v1.7
                  audit: restricted
                  warn: ""
                exemptions:
                  usernames: ["alice", "bob"]
                  namespaces: [kube-system]
                  runtimeClasses: [special.example.com]
                """.formatted(version), "psa.yaml");
        assertThat(config.defaults().enforce()).hasToString("baseline:v1.7");
        assertThat(config.defaults().audit()).hasToString("restricted:latest");
        assertThat(config.defaults().warn()).hasToString("privileged:latest");
        assertThat(config.exemptions().usernames()).containsExactly("alice", "bob");
        assertThat(config.exemptions().exemptNamespace("kube-system")).isTrue();
        assertThat(config.exemptions().exemptRuntimeClass("special.example.com")).isTrue();
        assertThat(config.exemptions().exemptUsername("carol")).isFalse();
    }

    @ParameterizedTest(name = "JSON {0}")
    @ValueSource(strings = {"v1", "v1beta1", "v1alpha1"})
    void everyApiVersion_json(String version) throws Exception {
        PodSecurityConfiguration config = PodSecurityConfigurationLoader.parse("""
                {"apiVersion":"pod-security.admission.config.k8s.io/%s",
                 "kind":"PodSecurityConfiguration",
                 "defaults":{"enforce":"baseline"}}""".formatted(version), "psa.json");
        assertThat(config.defaults().enforce()).hasToString("baseline:latest");
        assertThat(config.defaults().audit()).hasToString("privileged:latest");
        assertThat(config.exemptions()).isEqualTo(Exemptions.NONE);
    }

    @ParameterizedTest(name = "empty content {index}")
    @ValueSource(strings = {"", "   \n", "# only a comment\n", "---\n"})
    void emptyContent_isTheDefaultConfiguration(String content) throws Exception {
        assertThat(PodSecurityConfigurationLoader.parse(content, "psa.yaml")).isEqualTo(PodSecurityConfiguration.DEFAULT);
    }

    @Test
    void nullSections_areDefaulted() throws Exception {
        PodSecurityConfiguration config = PodSecurityConfigurationLoader.parse("""
                apiVersion: pod-security.admission.config.k8s.io/v1
                kind: PodSecurityConfiguration
                defaults:
                exemptions:
                  usernames:
                """, "psa.yaml");
        assertThat(config).isEqualTo(PodSecurityConfiguration.DEFAULT);
    }

    static Stream<Arguments> badFiles() {
        String header = "apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\n";
        return Stream.of(
                Arguments.of("missing apiVersion", "kind: PodSecurityConfiguration\n",
                        List.of("psa.yaml:1: Object 'apiVersion' is missing")),
                Arguments.of("missing kind", "apiVersion: pod-security.admission.config.k8s.io/v1\n",
                        List.of("psa.yaml:1: Object 'Kind' is missing")),
                Arguments.of("unknown version", "apiVersion: pod-security.admission.config.k8s.io/v99\nkind: PodSecurityConfiguration\n",
                        List.of("psa.yaml:1: no kind \"PodSecurityConfiguration\" is registered for version "
                                + "\"pod-security.admission.config.k8s.io/v99\"")),
                Arguments.of("unknown group", "apiVersion: apps/v1alpha1\nkind: PodSecurityConfiguration\n",
                        List.of("registered for version \"apps/v1alpha1\"")),
                Arguments.of("unknown kind", "apiVersion: pod-security.admission.config.k8s.io/v1\nkind: SomeConfiguration\n",
                        List.of("no kind \"SomeConfiguration\"")),
                Arguments.of("unknown top-level field", header + "deflaults:\n  enforce: baseline\n",
                        List.of("psa.yaml:3: unknown field \"deflaults\"")),
                Arguments.of("unknown default field", header + "defaults:\n  enforce: baseline\n  enfroce-version: v1.2\n",
                        List.of("psa.yaml:5: unknown field \"defaults.enfroce-version\"")),
                Arguments.of("unknown exemption field", header + "exemptions:\n  users: [a]\n",
                        List.of("psa.yaml:4: unknown field \"exemptions.users\"")),
                Arguments.of("duplicate field", header + "defaults:\n  enforce: baseline\n  enforce: restricted\n",
                        List.of("psa.yaml:5: duplicate field \"defaults.enforce\"")),
                Arguments.of("number instead of a string", header + "defaults:\n  enforce-version: 1.25\n",
                        List.of("psa.yaml:4: defaults.enforce-version: expected a string, got a number")),
                Arguments.of("string instead of a list", header + "exemptions:\n  namespaces: kube-system\n",
                        List.of("psa.yaml:4: exemptions.namespaces: expected a list of strings, got a string")),
                Arguments.of("list instead of an object", header + "defaults: [baseline]\n",
                        List.of("psa.yaml:3: defaults: expected an object, got a list")),
                Arguments.of("invalid levels and versions, in upstream order", header
                                + "defaults:\n  audit: loud\n  enforce: strict\n  warn-version: v1.x\n",
                        List.of("psa.yaml:5: defaults.enforce: Invalid value: \"strict\": must be one of privileged, baseline, restricted",
                                "psa.yaml:6: defaults.warn-version: Invalid value: \"v1.x\": must be \"latest\" or \"v1.x\"",
                                "psa.yaml:4: defaults.audit: Invalid value: \"loud\": must be one of privileged, baseline, restricted")),
                Arguments.of("invalid and duplicate exemptions", header + """
                                exemptions:
                                  usernames: ["", alice, alice]
                                  namespaces:
                                  - kube-system
                                  - Kube_System
                                  - kube-system
                                  - a.b
                                  runtimeClasses: [gvisor, gvisor, -bad]
                                """,
                        List.of("psa.yaml:7: exemptions.namespaces[1]: Invalid value: \"Kube_System\": a lowercase RFC 1123 label must consist "
                                        + "of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character "
                                        + "(e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
                                "psa.yaml:8: exemptions.namespaces[2]: Duplicate value: \"kube-system\"",
                                "psa.yaml:9: exemptions.namespaces[3]: Invalid value: \"a.b\": must not contain dots",
                                "psa.yaml:10: exemptions.runtimeClasses[1]: Duplicate value: \"gvisor\"",
                                "psa.yaml:10: exemptions.runtimeClasses[2]: Invalid value: \"-bad\": a lowercase RFC 1123 subdomain must "
                                        + "consist of lower case alphanumeric characters, '-' or '.', and must start and end with an "
                                        + "alphanumeric character (e.g. 'example.com', regex used for validation is "
                                        + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
                                "psa.yaml:4: exemptions.usernames[0]: Required value",
                                "psa.yaml:4: exemptions.usernames[2]: Duplicate value: \"alice\"")),
                Arguments.of("too long namespace", header + "exemptions:\n  namespaces: [" + "a".repeat(64) + "]\n",
                        List.of("psa.yaml:4: exemptions.namespaces[0]: Invalid value: \"" + "a".repeat(64)
                                + "\": must be no more than 63 characters")),
                Arguments.of("malformed YAML", header + "defaults:\n  enforce: \"unterminated\n",
                        List.of("psa.yaml:", "malformed content")),
                Arguments.of("malformed JSON", "{\"apiVersion\": \"pod-security.admission.config.k8s.io/v1\",\n \"kind\": }",
                        List.of("psa.yaml:2: malformed content")),
                Arguments.of("not an object", "- a\n- b\n",
                        List.of("psa.yaml:1: expected a PodSecurityConfiguration object, got a list")),
                Arguments.of("two documents", header + "---\n" + header,
                        List.of("psa.yaml:4: expected a single document")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void badFiles_reportFileLineAndField(String name, String content, List<String> expected) {
        assertThatThrownBy(() -> PodSecurityConfigurationLoader.parse(content, "psa.yaml"))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> {
                    String message = e.getMessage();
                    if (expected.size() > 1 && expected.stream().allMatch(s -> s.startsWith("psa.yaml:") && s.contains(": "))
                            && !name.startsWith("malformed")) {
                        assertThat(message.split("\n")).containsExactlyElementsOf(expected);
                    } else {
                        for (String part : expected) {
                            assertThat(message).contains(part);
                        }
                    }
                });
    }

    @Test
    void load_namesTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("psa.yaml");
        Files.writeString(file, "apiVersion: pod-security.admission.config.k8s.io/v1beta1\nkind: PodSecurityConfiguration\n"
                + "defaults:\n  enforce: restricted\n");
        assertThat(PodSecurityConfigurationLoader.load(file).defaults().enforce()).hasToString("restricted:latest");

        Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> PodSecurityConfigurationLoader.load(missing))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(missing + ": cannot read file");

        Files.writeString(file, "apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\n"
                + "defaults:\n  warn: loud\n");
        assertThatThrownBy(() -> PodSecurityConfigurationLoader.load(file))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.source()).isEqualTo(file.toString());
                    assertThat(e.problems()).containsExactly(new ConfigurationException.Problem(4, "defaults.warn",
                            "Invalid value: \"loud\": must be one of privileged, baseline, restricted"));
                });
    }
}
