package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** {@code gatehouse test -f}: gator test through the real command line. */
class GatorTestModeTest {

    static final String TEMPLATE = """
            apiVersion: templates.gatekeeper.sh/v1
            kind: ConstraintTemplate
            metadata:
              name: k8srequiredlabels
            spec:
              crd:
                spec:
                  names:
                    kind: K8sRequiredLabels
                  validation:
                    openAPIV3Schema:
                      type: object
                      properties:
                        label:
                          type: string
              targets:
              - target: admission.k8s.gatekeeper.sh
                rego: |
                  package k8srequiredlabels
                  violation[{"msg": msg, "details": {"missing": input.parameters.label}}] {
                    not input.review.object.metadata.labels[input.parameters.label]
                    msg := sprintf("you must provide label %v", [input.parameters.label])
                  }
            """;

    static String constraint(String name, String action) {
        return """
                apiVersion: constraints.gatekeeper.sh/v1beta1
                kind: K8sRequiredLabels
                metadata:
                  name: %s
                spec:
                  enforcementAction: %s
                  match:
                    kinds:
                    - apiGroups: [""]
                      kinds: ["Pod"]
                  parameters:
                    label: owner
                """.formatted(name, action);
    }

    static final String UNLABELLED_POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: nginx
              namespace: shop
            spec:
              hostNetwork: true
              containers:
              - name: nginx
                image: nginx:1.27
            """;

    static final String LABELLED_POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: owned
              namespace: shop
              labels: {owner: me}
            spec:
              containers:
              - name: nginx
                image: nginx:1.27
            """;

    @TempDir
    Path dir;

    private CliRun run(String... args) {
        return CliRun.execute(Main.commandLine(), CliRun.prepend("test", args));
    }

    private CliRun runWithStdin(InputStream stdin, String... args) {
        return CliRun.execute(Main.commandLine(), stdin, CliRun.prepend("test", args));
    }

    private String write(String name, String... documents) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("---\n", documents));
        return file.toString();
    }

    /** The policy (template and a constraint) in one directory, the objects in another file. */
    private String[] policyAnd(String action, String objects) throws Exception {
        write("policy/template.yaml", TEMPLATE);
        write("policy/constraint.yaml", constraint("must-have-owner", action));
        return new String[] {"-f", dir.resolve("policy").toString(), "-f", write("objects.yaml", objects)};
    }

    @Test
    void denyViolationFailsTheRunAndNamesFileLineConstraintAndMessage() throws Exception {
        String[] args = policyAnd("deny", LABELLED_POD + "---\n" + UNLABELLED_POD);
        CliRun run = run(args);
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.out())
                .contains(args[3] + ":12: Pod shop/nginx violates Gatekeeper constraints")
                .contains("  - you must provide label owner [K8sRequiredLabels/must-have-owner]")
                .contains("details: {\"missing\":\"owner\"}")
                .contains("2 objects checked, 1 with violations, 1 violation")
                .doesNotContain("Pod shop/owned");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "a warn violation is reported but does not fail the run,     warn,   [warn]",
        "a dryrun violation is reported but does not fail the run,   dryrun, [dryrun]",
    })
    void nonDenyActionsNeverFailTheRun(String description, String action, String marker) throws Exception {
        CliRun run = run(policyAnd(action, UNLABELLED_POD));
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("  - " + marker + " you must provide label owner [K8sRequiredLabels/must-have-owner]")
                .contains("Pod shop/nginx has warnings under Gatekeeper constraints");
    }

    @Test
    void denyOnlyLeavesOutWarnings() throws Exception {
        write("policy/warn.yaml", constraint("should-have-owner", "warn"));
        CliRun run = run(policyAnd("deny", UNLABELLED_POD)[0], dir.resolve("policy").toString(),
                "-f", write("objects.yaml", UNLABELLED_POD), "--deny-only");
        assertThat(run.code()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.out()).contains("[K8sRequiredLabels/must-have-owner]")
                .doesNotContain("should-have-owner");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a template without a kind names the template and the field | spec:\\n  crd:\\n    spec:\\n      names:\\n        kind: K8sRequiredLabels| spec:\\n  crd:\\n    spec:\\n      names: {}| ConstraintTemplate/k8srequiredlabels: spec.crd.spec.names.kind",
        "Rego that does not compile names the template and its code | not input.review.object.metadata.labels[input.parameters.label]| not input.review.object.metadata.labels[| ConstraintTemplate/k8srequiredlabels",
        "a constraint violating the parameter schema names the field | msg := sprintf| msg := sprintf| K8sRequiredLabels/must-have-owner: spec.parameters.label",
    })
    void brokenPolicyExitsTwoNamingFileObjectAndFieldAndStillReportsTheRest(String description, String from, String to,
            String expected) throws Exception {
        String template = write("template.yaml", TEMPLATE.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n")));
        String constraint = write("constraint.yaml", description.contains("parameter")
                ? constraint("must-have-owner", "deny").replace("label: owner", "label: [owner]")
                : constraint("must-have-owner", "deny"));
        write("other/template.yaml", TEMPLATE.replace("k8srequiredlabels", "k8sotherlabels")
                .replace("K8sRequiredLabels", "K8sOtherLabels"));
        write("other/constraint.yaml", constraint("other", "deny").replace("K8sRequiredLabels", "K8sOtherLabels"));
        String objects = write("objects.yaml", UNLABELLED_POD);
        CliRun run = run("-f", template, "-f", constraint, "-f", dir.resolve("other").toString(), "-f", objects);
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        String located = description.contains("parameter") ? constraint : template;
        assertThat(run.out()).contains("error: " + located + ":1: " + expected)
                // The healthy template's constraint is still evaluated and reported.
                .contains("[K8sOtherLabels/other]");
    }

    @Test
    void compileErrorIsBlamedOnTheTemplateThatLoadedNotOnABrokenNamesake() throws Exception {
        write("a/broken.yaml", TEMPLATE.replace("kind: K8sRequiredLabels", "kind: K8sOther"));
        String rego = write("b/rego.yaml", TEMPLATE.replace("labels[input.parameters.label]", "labels["));
        CliRun run = run("-f", dir.resolve("a").toString(), "-f", dir.resolve("b").toString(),
                "-f", write("objects.yaml", UNLABELLED_POD), "--engine", "rego");
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(run.out()).contains("error: " + rego + ":1: ConstraintTemplate/k8srequiredlabels: spec.targets[0].rego: ")
                .contains("rego_parse_error");
    }

    @Test
    void constraintOfAKindNoTemplateDefinesIsAnError() throws Exception {
        String constraint = write("constraint.yaml", constraint("orphan", "deny"));
        CliRun run = run("-f", constraint, "-f", write("objects.yaml", UNLABELLED_POD));
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(run.out()).contains("error: " + constraint + ":1: K8sRequiredLabels/orphan: kind: no ConstraintTemplate defines kind K8sRequiredLabels");
    }

    @Test
    void unreadableDocumentExitsTwoAndTheOthersAreStillReviewed() throws Exception {
        String[] args = policyAnd("deny", UNLABELLED_POD + "---\nkind: [broken\n");
        CliRun run = run(args);
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(run.out()).contains("error: " + args[3] + ":12").contains("[K8sRequiredLabels/must-have-owner]");
    }

    @Test
    void jsonReportParsesBackWithEveryObjectAndTheViolation() throws Exception {
        CliRun run = run(append(policyAnd("deny", LABELLED_POD + "---\n" + UNLABELLED_POD), "-o", "json"));
        assertThat(run.code()).isEqualTo(ExitCodes.FINDINGS);
        JsonNode root = JsonMapper.builder().build().readTree(run.out());
        assertThat(root.path("results")).hasSize(2);
        JsonNode denied = root.path("results").get(1);
        assertThat(denied.path("allowed").asBoolean()).isFalse();
        assertThat(denied.path("line").asInt()).isEqualTo(12);
        assertThat(denied.path("violations").get(0).path("rule").asString()).isEqualTo("K8sRequiredLabels/must-have-owner");
        assertThat(denied.path("violations").get(0).path("enforcement").asString()).isEqualTo("deny");
        assertThat(root.path("summary").path("denied").asInt()).isEqualTo(1);
    }

    @Test
    void yamlReportIsTheSameDocumentAsJson() throws Exception {
        String[] args = policyAnd("warn", UNLABELLED_POD.replace("name: nginx", "name: \"yes\"") + "---\n" + LABELLED_POD);
        CliRun json = run(append(args, "-o", "json"));
        CliRun yaml = run(append(args, "-o", "yaml"));
        assertThat(yaml.code()).isEqualTo(ExitCodes.OK);
        assertThat(yaml.out()).doesNotStartWith("---").contains("rule: K8sRequiredLabels/must-have-owner");
        JsonNode fromYaml = YAMLMapper.builder().build().readTree(yaml.out());
        JsonNode fromJson = JsonMapper.builder().build().readTree(json.out());
        assertThat(fromYaml).isEqualTo(fromJson);
        assertThat(fromYaml.path("results").get(0).path("name").asString()).isEqualTo("yes");
    }

    @Test
    void sarifReportIsSarif210WithARuleAndALocatedResult() throws Exception {
        String[] args = policyAnd("deny", UNLABELLED_POD);
        CliRun run = run(append(args, "-o", "sarif"));
        JsonNode root = JsonMapper.builder().build().readTree(run.out());
        assertThat(root.path("version").asString()).isEqualTo("2.1.0");
        JsonNode sarifRun = root.path("runs").get(0);
        assertThat(sarifRun.path("tool").path("driver").path("rules").get(0).path("id").asString())
                .isEqualTo("K8sRequiredLabels/must-have-owner");
        JsonNode result = sarifRun.path("results").get(0);
        assertThat(result.path("level").asString()).isEqualTo("error");
        JsonNode location = result.path("locations").get(0).path("physicalLocation");
        assertThat(location.path("artifactLocation").path("uri").asString()).isEqualTo(args[3]);
        assertThat(location.path("region").path("startLine").asInt()).isEqualTo(1);
    }

    @Test
    void junitReportIsWellFormedXmlWithAFailurePerDeniedObject() throws Exception {
        CliRun run = run(append(policyAnd("deny", LABELLED_POD + "---\n" + UNLABELLED_POD), "-o", "junit"));
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(run.out())));
        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("name")).isEqualTo("gatehouse test");
        assertThat(suite.getAttribute("tests")).isEqualTo("2");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        NodeList failures = xml.getElementsByTagName("failure");
        assertThat(failures.getLength()).isEqualTo(1);
        assertThat(((Element) failures.item(0)).getAttribute("type")).isEqualTo("K8sRequiredLabels/must-have-owner");
        assertThat(failures.item(0).getTextContent()).contains("deny: you must provide label owner");
    }

    @Test
    void podSecurityLevelFindingsJoinTheConstraintFindingsOfTheSameObject() throws Exception {
        CliRun run = run(append(policyAnd("deny", UNLABELLED_POD), "--pod-security", "baseline:v1.30", "-o", "json"));
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCodes.FINDINGS);
        JsonNode root = JsonMapper.builder().build().readTree(run.out());
        assertThat(root.path("results")).hasSize(1);
        JsonNode pod = root.path("results").get(0);
        assertThat(pod.path("policy").asString())
                .isEqualTo("Gatekeeper constraints and PodSecurity \"baseline:v1.30\"");
        List<String> rules = new ArrayList<>();
        pod.path("violations").forEach(v -> rules.add(v.path("rule").asString()));
        assertThat(rules).containsExactly("K8sRequiredLabels/must-have-owner", "hostNamespaces");
    }

    @Test
    void podSecurityAloneFailsTheRunWithoutAnyConstraint() throws Exception {
        CliRun run = run("-f", write("pod.yaml", UNLABELLED_POD), "--pod-security", "baseline");
        assertThat(run.code()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.out()).contains("Pod shop/nginx violates Gatekeeper constraints and PodSecurity \"baseline:latest\"")
                .contains("  - host namespaces [hostNamespaces]");
    }

    @Test
    void namespaceLabelsAmongTheInputsTurnPodSecurityOnAsCheckDoes() throws Exception {
        String namespace = """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: shop
                  labels:
                    pod-security.kubernetes.io/enforce: baseline
                """;
        CliRun run = run(append(policyAnd("warn", namespace + "---\n" + UNLABELLED_POD), "-o", "json"));
        assertThat(run.code()).isEqualTo(ExitCodes.FINDINGS);
        JsonNode pod = JsonMapper.builder().build().readTree(run.out()).path("results").get(1);
        assertThat(pod.path("policy").asString()).startsWith("Gatekeeper constraints and PodSecurity enforce=\"baseline:latest\"");
        assertThat(pod.path("violations").get(0).path("enforcement").asString()).isEqualTo("warn");
        assertThat(pod.path("violations").get(1).path("rule").asString()).isEqualTo("hostNamespaces");
        assertThat(pod.path("violations").get(1).path("enforcement").asString()).isEqualTo("deny");
    }

    @Test
    void withoutPodSecurityOptionsOrLabelsOnlyConstraintsAreReported() throws Exception {
        CliRun run = run(policyAnd("warn", UNLABELLED_POD));
        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).doesNotContain("PodSecurity").doesNotContain("hostNamespaces");
    }

    @Test
    void standardInputIsReadWithDash() throws Exception {
        String input = TEMPLATE + "---\n" + constraint("must-have-owner", "deny") + "---\n" + UNLABELLED_POD;
        CliRun run = runWithStdin(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), "-f", "-");
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.out()).contains("<stdin>:38: Pod shop/nginx violates Gatekeeper constraints");
    }

    @Test
    void everyObjectIsInventoryForRegoTemplates() throws Exception {
        String template = """
                apiVersion: templates.gatekeeper.sh/v1
                kind: ConstraintTemplate
                metadata:
                  name: k8suniquename
                spec:
                  crd:
                    spec:
                      names:
                        kind: K8sUniqueName
                  targets:
                  - target: admission.k8s.gatekeeper.sh
                    rego: |
                      package k8suniquename
                      violation[{"msg": msg}] {
                        other := data.inventory.namespace[ns]["v1"]["ConfigMap"][name]
                        ns != input.review.object.metadata.namespace
                        name == input.review.object.metadata.name
                        msg := sprintf("also in namespace %v", [ns])
                      }
                """;
        String constraintText = """
                apiVersion: constraints.gatekeeper.sh/v1beta1
                kind: K8sUniqueName
                metadata:
                  name: unique
                spec:
                  match:
                    kinds: [{apiGroups: [""], kinds: [ConfigMap]}]
                """;
        String a = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: a}\n";
        String b = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: b}\n";
        CliRun run = run("-f", write("all.yaml", template, constraintText, a, b));
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.out()).contains("ConfigMap a/cfg violates").contains("also in namespace b")
                .contains("ConfigMap b/cfg violates").contains("also in namespace a");
    }

    @Test
    void templateTheChosenEngineCannotRunIsAWarningAndANoteNeverADroppedConstraint() throws Exception {
        CliRun run = run(append(policyAnd("deny", UNLABELLED_POD), "--engine", "cel", "-o", "json"));
        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).contains("warning: constraints of kind K8sRequiredLabels are not evaluated")
                .contains("--engine cel");
        JsonNode pod = JsonMapper.builder().build().readTree(run.out()).path("results").get(0);
        assertThat(pod.path("note").asString()).startsWith("K8sRequiredLabels/must-have-owner not evaluated:");
    }

    @Test
    void bundledExampleFailsOnTheWorkerDeployment() {
        Path example = Path.of("..", "examples", "gator");
        CliRun run = run("-f", example.toString());
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.out())
                .contains("Deployment shop/worker violates Gatekeeper constraints and PodSecurity enforce=\"baseline:latest\"")
                .contains("  - you must provide label owner [K8sRequiredLabels/must-have-owner]")
                .contains("  - [warn] container <worker> uses a disallowed tag <busybox:latest> [K8sDisallowedTags/no-latest-tag]")
                .contains("  - host namespaces [hostNamespaces]")
                .contains("  - [dryrun] label app=web is also used by Service shop/web-canary [K8sUniqueLabel/unique-app-label]")
                .doesNotContain("Deployment shop/web violates");
        CliRun rego = run("-f", example.toString(), "--engine", "rego");
        assertThat(rego.out()).contains("  - you must provide label owner [K8sRequiredLabels/must-have-owner]");
        assertThat(rego.err()).contains("K8sDisallowedTags are not evaluated");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-f with a Rego-test option is a usage error       | -f x.yaml --run foo            | --run cannot be used with -f: it belongs to Rego test mode",
        "-f with several Rego-test options lists them all  | -f x.yaml -v --v0-compatible   | --verbose, --v0-compatible cannot be used with -f",
        "-f with a PATH argument is a usage error          | -f x.yaml other.yaml           | PATH arguments (other.yaml) belong to Rego test mode",
        "a gator option without -f is a usage error        | -o json policy/                | --output needs -f FILE (gator test mode)",
        "neither PATH nor -f is a usage error              | --timeout 3                    | missing PATH (Rego test mode) or -f FILE (gator test mode)",
        "an unknown output format is a usage error         | -f x.yaml -o xml               | unknown output format 'xml' (expected text, json, yaml, sarif or junit)",
        "an unknown engine is a usage error                | -f x.yaml --engine wasm        | --engine must be rego, cel or auto",
        "an invalid Pod Security level is a usage error    | -f x.yaml --pod-security top   | invalid --pod-security 'top'",
        "an invalid Pod Security version is a usage error  | -f x.yaml --pod-security baseline:2 | invalid --pod-security 'baseline:2'",
    })
    void mixingModesOrBadOptionsIsAUsageError(String description, String args, String message) {
        CliRun run = run(args.strip().split("\\s+"));
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(run.err()).contains("gatehouse test: " + message).contains("Run 'gatehouse test --help' for usage.");
    }

    @Test
    void emptyInputIsAnError() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        CliRun run = run("-f", dir.resolve("empty").toString());
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE_OR_INPUT);
        assertThat(run.err()).contains("no input data identified");
    }

    @Test
    void helpExplainsBothModes() {
        CliRun run = run("--help");
        assertThat(run.code()).isZero();
        assertThat(run.out())
                .startsWith("Usage: gatehouse test [-v] [-r=REGEX]")
                .contains("\n       gatehouse test -f=FILE [-f=FILE]...")
                .contains("Rego test mode (test PATH...)", "gator test mode (test -f FILE...)")
                .contains("gatehouse test -f examples/gator")
                .contains("[gator] text, json, yaml, sarif or junit");
    }

    private static String[] append(String[] args, String... more) {
        String[] all = new String[args.length + more.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }
}
