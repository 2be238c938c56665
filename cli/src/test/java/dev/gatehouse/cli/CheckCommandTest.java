package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CheckCommandTest {

    static final String RESTRICTED_POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: good, namespace: apps}
            spec:
              securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
              containers:
              - name: app
                image: app:1
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities: {drop: [ALL]}
            """;

    static final String PRIVILEGED_POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: bad, namespace: apps}
            spec:
              hostNetwork: true
              containers:
              - name: app
                image: app:1
                securityContext: {privileged: true}
            """;

    @TempDir
    Path dir;

    private CliRun run(String... args) {
        return CliRun.execute(Main.commandLine(), CliRun.prepend("check", args));
    }

    private CliRun runWithStdin(InputStream stdin, String... args) {
        return CliRun.execute(Main.commandLine(), stdin, CliRun.prepend("check", args));
    }

    private String write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file.toString();
    }

    @Test
    void compliantPodExitsZero() throws Exception {
        CliRun run = run("--level", "restricted", write("good.yaml", RESTRICTED_POD));
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("1 object checked, 0 with violations, 0 violations");
    }

    @Test
    void violationsExitOneWithReasonDetailAndHint() throws Exception {
        String file = write("bad.yaml", PRIVILEGED_POD);
        CliRun run = run("--level", "baseline", file);
        assertThat(run.code()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.out())
                .contains(file + ":1: Pod apps/bad violates PodSecurity \"baseline:latest\"")
                .contains("  - host namespaces [hostNamespaces]\n      hostNetwork=true")
                .contains("container \"app\" must not set securityContext.privileged=true")
                .contains("fix: remove securityContext.privileged");
    }

    @Test
    void unreadableDocumentIsReportedWithLineAndTheOthersAreStillChecked() throws Exception {
        String file = write("mixed.yaml", PRIVILEGED_POD + "---\nkind: [broken\n---\n" + RESTRICTED_POD);
        CliRun run = run("--level", "baseline", file);
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(run.out()).contains("error: " + file + ":11").contains("Pod apps/bad violates")
                .contains("2 objects checked, 1 with violations");
    }

    @Test
    void wrongFieldTypeNamesFileLineAndField() throws Exception {
        String file = write("typed.yaml", RESTRICTED_POD.replace("runAsNonRoot: true", "runAsNonRoot: [yes]"));
        CliRun run = run("--level", "restricted", file);
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(run.out()).contains(file + ":5").contains("spec.securityContext.runAsNonRoot");
    }

    @Test
    void podKindInTheWrongApiGroupIsAnUnknownKind() throws Exception {
        String file = write("kind.yaml", PRIVILEGED_POD.replace("apiVersion: v1", "apiVersion: apps/v1"));
        CliRun run = run("--level", "baseline", file);
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(run.out()).contains("unknown kind Pod in apiVersion \"apps/v1\"");
    }

    @Test
    void namespaceManifestAmongTheInputsSetsTheLevels() throws Exception {
        write("ns.yaml", """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: apps
                  labels: {pod-security.kubernetes.io/enforce: privileged, pod-security.kubernetes.io/warn: baseline}
                """);
        write("pod.yaml", PRIVILEGED_POD);
        CliRun run = run(dir.toString());
        assertThat(run.code()).as(run.out()).isZero();
        assertThat(run.out()).contains("has warnings under PodSecurity enforce=\"privileged:latest\" warn=\"baseline:latest\"")
                .contains("  - [warn] host namespaces");
    }

    @Test
    void namespaceLabelsOptionAppliesToNamespacesNotAmongTheInputs() throws Exception {
        CliRun run = run("--namespace-labels", "pod-security.kubernetes.io/enforce=baseline", write("p.yaml", PRIVILEGED_POD));
        assertThat(run.code()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.out()).contains("violates PodSecurity enforce=\"baseline:latest\"");
    }

    @Test
    void invalidNamespaceLabelIsAnInputErrorAndEnforcesRestricted() throws Exception {
        CliRun run = run("--namespace-labels", "pod-security.kubernetes.io/enforce=strict", write("p.yaml", RESTRICTED_POD));
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(run.out()).contains("--namespace-labels").contains("must be one of privileged, baseline, restricted");
    }

    @Test
    void configurationExemptNamespaceIsNotEvaluated() throws Exception {
        String config = write("config.yaml", """
                apiVersion: pod-security.admission.config.k8s.io/v1
                kind: PodSecurityConfiguration
                defaults: {enforce: restricted}
                exemptions: {namespaces: [apps]}
                """);
        CliRun run = run("--config", config, "-o", "json", write("pods/p.yaml", PRIVILEGED_POD));
        assertThat(run.code()).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(run.out());
        assertThat(json.path("results").get(0).path("note").asString()).isEqualTo("namespace \"apps\" is exempt");
    }

    @Test
    void brokenConfigurationIsAUsageErrorNamingTheFile() throws Exception {
        String config = write("config.yaml", "apiVersion: pod-security.admission.config.k8s.io/v1\nkind: PodSecurityConfiguration\nbogus: 1\n");
        CliRun run = run("--config", config, write("p.yaml", RESTRICTED_POD));
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(run.err()).contains(config).contains("bogus");
    }

    @Test
    void standardInputIsReadFromDash() {
        var stdin = new ByteArrayInputStream(PRIVILEGED_POD.getBytes(StandardCharsets.UTF_8));
        CliRun run = runWithStdin(stdin, "--level", "baseline", "-");
        assertThat(run.code()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.out()).contains("<stdin>:1: Pod apps/bad violates");
    }

    @Test
    void jsonSarifAndJunitOutputsAreWellFormed() throws Exception {
        String file = write("bad.yaml", PRIVILEGED_POD);
        JsonMapper json = JsonMapper.builder().build();
        JsonNode report = json.readTree(run("--level", "baseline", "-o", "json", file).out());
        assertThat(report.path("results").get(0).path("violations").get(0).path("rule").asString()).isEqualTo("hostNamespaces");
        assertThat(report.path("summary").path("denied").asInt()).isEqualTo(1);

        JsonNode sarif = json.readTree(run("--level", "baseline", "-o", "sarif", file).out());
        assertThat(sarif.path("version").asString()).isEqualTo("2.1.0");
        JsonNode result = sarif.path("runs").get(0).path("results").get(0);
        assertThat(result.path("ruleId").asString()).isEqualTo("hostNamespaces");
        assertThat(result.path("locations").get(0).path("physicalLocation").path("artifactLocation").path("uri").asString()).isEqualTo(file);

        String junit = run("--level", "baseline", "-o", "junit", file).out();
        assertThat(junit).startsWith("<?xml").contains("<failure message=\"Pod apps/bad violates PodSecurity &quot;baseline:latest&quot;\"");
        var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new org.xml.sax.InputSource(new java.io.StringReader(junit)));
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(1);
    }

    @Test
    void badLevelVersionOrFormatAreUsageErrors() throws Exception {
        String file = write("good.yaml", RESTRICTED_POD);
        assertThat(run("--level", "strict", file).err()).contains("must be one of privileged, baseline, restricted");
        assertThat(run("--level", "baseline", "--version", "v1.01", file).err()).contains("must be \"latest\" or \"v1.x\"");
        assertThat(run("-o", "xml", file).err()).contains("unknown output format 'xml' (expected text, json, yaml, sarif or junit)");
        assertThat(run("-o", "yaml", file).code()).isEqualTo(ExitCodes.OK);
        assertThat(run("--version", "v1.20", file).err()).contains("--version needs --level");
    }

    @Test
    void missingFileIsAnInputError() {
        CliRun run = run("--level", "baseline", dir.resolve("nope.yaml").toString());
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(run.out()).contains("no such file or directory");
    }
}
