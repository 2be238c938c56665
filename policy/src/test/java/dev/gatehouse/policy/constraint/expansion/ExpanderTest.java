package dev.gatehouse.policy.constraint.expansion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.policy.constraint.ConstraintException;
import dev.gatehouse.policy.review.GroupVersionKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class ExpanderTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final GroupVersionKind DEPLOYMENT = new GroupVersionKind("apps", "v1", "Deployment");
    private static final GroupVersionKind CRONJOB = new GroupVersionKind("batch", "v1", "CronJob");

    static ExpansionTemplate template(String name, String applyTo, String source, String generated) {
        try {
            return ExpansionTemplateParser.parse(YAML.readTree("""
                    apiVersion: expansion.gatekeeper.sh/v1alpha1
                    kind: ExpansionTemplate
                    metadata: {name: %s}
                    spec:
                      applyTo: [%s]
                      templateSource: %s
                      generatedGVK: %s
                    """.formatted(name, applyTo, source, generated)));
        } catch (ConstraintException e) {
            throw new AssertionError(e.describe(), e);
        }
    }

    static final ExpansionTemplate DEPLOYMENTS = template("expand-deployments",
            "{groups: [apps], versions: [v1], kinds: [Deployment, StatefulSet]}", "spec.template",
            "{group: '', version: v1, kind: Pod}");
    static final ExpansionTemplate JOBS = template("expand-jobs", "{groups: [batch], versions: [v1], kinds: [Job]}",
            "spec.template", "{group: '', version: v1, kind: Pod}");
    static final ExpansionTemplate CRONJOBS = template("expand-cronjobs",
            "{groups: [batch], versions: [v1], kinds: [CronJob]}", "spec.jobTemplate",
            "{group: batch, version: v1, kind: Job}");

    private static final JsonNode NGINX = YAML.readTree("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: Nginx, namespace: shop, labels: {app: nginx}}
            spec:
              replicas: 3
              template:
                metadata:
                  labels: {app: nginx}
                  namespace: elsewhere
                  ownerReferences: [{apiVersion: v1, kind: Other, name: x}]
                spec:
                  containers: [{name: nginx, image: nginx:1.27}]
            """);

    @Test
    void expand_deployment_podFromTemplateWithGeneratedMetadata() throws ExpansionException {
        List<Resultant> out = Expander.of(List.of(DEPLOYMENTS)).expand(NGINX, DEPLOYMENT, "shop");
        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.template()).isSameAs(DEPLOYMENTS);
            assertThat(r.kind()).isEqualTo(new GroupVersionKind("", "v1", "Pod"));
            assertThat(r.object()).isEqualTo(YAML.readTree("""
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      labels: {app: nginx}
                      namespace: shop
                      ownerReferences:
                      - {apiVersion: v1, kind: Other, name: x}
                      - {apiVersion: apps/v1, kind: Deployment, name: Nginx}
                      name: nginx-pod
                    spec:
                      containers: [{name: nginx, image: nginx:1.27}]
                    """));
            assertThat(r.messagePrefix()).isEqualTo("[Implied by expand-deployments] ");
            assertThat(r.review().resource().resource()).isEqualTo("pods");
            assertThat(r.review().namespace()).isEqualTo("shop");
        });
        // The parent is left as it was.
        assertThat(NGINX.path("spec").path("template").path("metadata").path("namespace").asString())
                .isEqualTo("elsewhere");
    }

    @Test
    void expand_clusterScopedParent_childHasNoNamespace() throws ExpansionException {
        List<Resultant> out = Expander.of(List.of(DEPLOYMENTS)).expand(NGINX, DEPLOYMENT, "");
        assertThat(out.get(0).object().path("metadata").has("namespace")).isFalse();
    }

    @Test
    void expand_cronJob_twoTemplatesRecursivelyDeepestFirst() throws ExpansionException {
        JsonNode cronJob = YAML.readTree("""
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: nightly, namespace: ops}
                spec:
                  schedule: "0 2 * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          containers: [{name: report, image: busybox}]
                """);
        List<Resultant> out = Expander.of(List.of(JOBS, CRONJOBS)).expand(cronJob, CRONJOB, "ops");
        assertThat(out).extracting(Resultant::name).containsExactly("nightly-job-pod", "nightly-job");
        assertThat(out).extracting(r -> r.template().name()).containsExactly("expand-jobs", "expand-cronjobs");
        assertThat(out.get(0).object().path("metadata").path("ownerReferences").get(0).path("kind").asString())
                .isEqualTo("Job");
        assertThat(out.get(0).object().path("spec").path("containers").get(0).path("name").asString())
                .isEqualTo("report");
    }

    @Test
    void expand_kindNoTemplateAppliesTo_nothing() throws ExpansionException {
        assertThat(Expander.of(List.of(DEPLOYMENTS)).expand(NGINX, new GroupVersionKind("apps", "v1", "DaemonSet"),
                "shop")).isEmpty();
        assertThat(Expander.NONE.expand(NGINX, DEPLOYMENT, "shop")).isEmpty();
    }

    @Test
    void expand_sourceFieldMissing_errorNamesFieldAndResource() {
        JsonNode bare = YAML.readTree("{apiVersion: apps/v1, kind: Deployment, metadata: {name: bare}, spec: {}}");
        assertThatThrownBy(() -> Expander.of(List.of(DEPLOYMENTS)).expand(bare, DEPLOYMENT, ""))
                .isInstanceOf(ExpansionException.class)
                .hasMessage("could not find source field \"spec.template\" in resource bare");
    }

    @Test
    void expand_sourceFieldNotAnObject_error() {
        JsonNode odd = YAML.readTree("{apiVersion: apps/v1, kind: Deployment, metadata: {name: odd},"
                + " spec: {template: [1]}}");
        assertThatThrownBy(() -> Expander.of(List.of(DEPLOYMENTS)).expand(odd, DEPLOYMENT, ""))
                .isInstanceOf(ExpansionException.class)
                .hasMessage("could not extract source field from unstructured: .spec.template accessor error: found"
                        + " array, expected an object");
    }

    @Test
    void of_templatesExpandingEachOther_cycleRejectedOthersKept() {
        ExpansionTemplate podsToJobs = template("pods-to-jobs", "{groups: [''], versions: [v1], kinds: [Pod]}",
                "spec", "{group: batch, version: v1, kind: Job}");
        Expander expander = Expander.of(List.of(DEPLOYMENTS, JOBS, podsToJobs));
        assertThat(expander.templates()).containsExactly(DEPLOYMENTS);
        assertThat(expander.rejected()).extracting(r -> r.template().name() + ": " + r.message()).containsExactly(
                "expand-jobs: template forms expansion cycle with ExpansionTemplates expand-jobs, pods-to-jobs",
                "pods-to-jobs: template forms expansion cycle with ExpansionTemplates expand-jobs, pods-to-jobs");
    }

    @Test
    void of_sameNameTwice_secondRejected() {
        ExpansionTemplate again = template("expand-deployments", "{groups: [apps], versions: [v1], kinds: [DaemonSet]}",
                "spec.template", "{group: '', version: v1, kind: Pod}");
        Expander expander = Expander.of(List.of(DEPLOYMENTS, again));
        assertThat(expander.templates()).containsExactly(DEPLOYMENTS);
        assertThat(expander.rejected()).singleElement().satisfies(r -> {
            assertThat(r.template()).isSameAs(again);
            assertThat(r.message()).isEqualTo("Duplicate value: another ExpansionTemplate is named expand-deployments");
        });
    }

    @Test
    void expand_chainOfThirtyTemplates_stopsAtTheDepthLimit() {
        List<ExpansionTemplate> chain = new ArrayList<>();
        for (int i = 0; i <= Expander.MAX_DEPTH; i++) {
            chain.add(template("t" + i, "{groups: [x], versions: [v1], kinds: [K" + i + "]}", "spec",
                    "{group: x, version: v1, kind: K" + (i + 1) + "}"));
        }
        ObjectNode object = (ObjectNode) YAML.readTree("{apiVersion: x/v1, kind: K0, metadata: {name: deep}}");
        // Each generated object is the spec of its parent and has a spec of its own, so the chain goes on.
        ObjectNode nested = object;
        for (int i = 0; i < 40; i++) {
            nested = nested.putObject("spec");
        }
        assertThatThrownBy(() -> Expander.of(chain).expand(object, new GroupVersionKind("x", "v1", "K0"), ""))
                .isInstanceOf(ExpansionException.class)
                .hasMessage("maximum recursion depth of 30 reached");
    }
}
