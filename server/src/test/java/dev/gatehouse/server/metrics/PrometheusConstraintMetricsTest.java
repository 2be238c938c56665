package dev.gatehouse.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.policy.constraint.ConstraintLoader;
import dev.gatehouse.policy.constraint.driver.cel.CelDriver;
import dev.gatehouse.policy.constraint.engine.ConstraintEngine;
import dev.gatehouse.policy.constraint.engine.ConstraintMetrics.AdmissionStatus;
import dev.gatehouse.policy.document.ManifestReader;
import dev.gatehouse.policy.review.Decision;
import dev.gatehouse.policy.review.GroupVersionKind;
import dev.gatehouse.policy.review.GroupVersionResource;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.policy.review.Review;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PrometheusConstraintMetricsTest {

    /**
     * A CEL template with a constraint for each action, and a Rego-only template, which the CEL-only engine cannot
     * run.
     */
    private static final String POLICIES = """
            apiVersion: templates.gatekeeper.sh/v1
            kind: ConstraintTemplate
            metadata: {name: k8sneedslabel}
            spec:
              crd:
                spec:
                  names: {kind: K8sNeedsLabel}
                  validation:
                    openAPIV3Schema: {type: object, properties: {label: {type: string}}}
              targets:
              - target: admission.k8s.gatekeeper.sh
                code:
                - engine: K8sNativeValidation
                  source:
                    validations:
                    - expression: "has(object.metadata.labels) && variables.params.label in object.metadata.labels"
                      messageExpression: "'missing label ' + variables.params.label"
            ---
            apiVersion: templates.gatekeeper.sh/v1
            kind: ConstraintTemplate
            metadata: {name: k8sregoonly}
            spec:
              crd: {spec: {names: {kind: K8sRegoOnly}}}
              targets:
              - target: admission.k8s.gatekeeper.sh
                rego: |
                  package k8sregoonly
                  violation[{"msg": "no"}] { true }
            ---
            apiVersion: constraints.gatekeeper.sh/v1beta1
            kind: K8sNeedsLabel
            metadata: {name: deny-team}
            spec: {parameters: {label: team}}
            ---
            apiVersion: constraints.gatekeeper.sh/v1beta1
            kind: K8sNeedsLabel
            metadata: {name: warn-owner}
            spec: {enforcementAction: warn, parameters: {label: owner}}
            ---
            apiVersion: constraints.gatekeeper.sh/v1beta1
            kind: K8sNeedsLabel
            metadata: {name: dryrun-cost}
            spec: {enforcementAction: dryrun, parameters: {label: cost}}
            ---
            apiVersion: constraints.gatekeeper.sh/v1beta1
            kind: K8sNeedsLabel
            metadata: {name: scoped-tier}
            spec:
              enforcementAction: scoped
              scopedEnforcementActions:
              - {action: warn, enforcementPoints: [{name: validation.gatekeeper.sh}]}
              - {action: deny, enforcementPoints: [{name: audit.gatekeeper.sh}]}
              parameters: {label: tier}
            ---
            apiVersion: constraints.gatekeeper.sh/v1beta1
            kind: K8sRegoOnly
            metadata: {name: rego-only}
            """;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ConstraintEngine loaded = ConstraintEngine.builder().driver(new CelDriver())
            .load(ConstraintLoader.load(ManifestReader.readString("policies.yaml", POLICIES))).build();
    private final PrometheusConstraintMetrics metrics = new PrometheusConstraintMetrics(registry, loaded);
    private final ConstraintEngine engine = loaded.withMetrics(metrics);

    private static Review pod(String labels, boolean dryRun) {
        return new Review("u", new GroupVersionKind("", "v1", "Pod"), new GroupVersionResource("", "v1", "pods"), "",
                "web", "shop", Operation.CREATE, null, JsonMapper.builder().build().readTree(
                        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\",\"labels\":" + labels
                                + "}}"), null, dryRun);
    }

    @Test
    void requests_countedByGatekeepersStatusAndDryRunLabels() throws Exception {
        Decision denied = engine.review(pod("{}", false));
        engine.review(pod("{\"team\":\"a\",\"owner\":\"b\",\"cost\":\"c\",\"tier\":\"d\"}", true));
        engine.review(pod("{\"team\":\"a\",\"owner\":\"b\",\"cost\":\"c\",\"tier\":\"d\"}", true));

        assertThat(denied.allowed()).isFalse();
        assertThat(scrape()).contains(
                "# HELP gatekeeper_validation_request_count_total The number of requests that are routed to validation webhook\n",
                "# TYPE gatekeeper_validation_request_count_total counter\n",
                "gatekeeper_validation_request_count_total{admission_dryrun=\"false\",admission_status=\"deny\"} 1.0\n",
                "gatekeeper_validation_request_count_total{admission_dryrun=\"true\",admission_status=\"allow\"} 2.0\n",
                "gatekeeper_validation_request_count_total{admission_dryrun=\"false\",admission_status=\"error\"} 0.0\n",
                "# HELP gatekeeper_validation_request_duration_seconds The response time in seconds\n",
                "# TYPE gatekeeper_validation_request_duration_seconds histogram\n",
                "gatekeeper_validation_request_duration_seconds_count{admission_status=\"allow\"} 2\n",
                "gatekeeper_validation_request_duration_seconds_count{admission_status=\"deny\"} 1\n",
                "gatekeeper_validation_request_duration_seconds_count{admission_status=\"error\"} 0\n");
    }

    @Test
    void duration_hasExactlyGatekeepersBuckets() throws Exception {
        metrics.recordRequest(AdmissionStatus.ALLOW, false, 2_500_000);

        Matcher bucket = Pattern.compile(
                "gatekeeper_validation_request_duration_seconds_bucket\\{admission_status=\"allow\",le=\"([^\"]+)\"} (\\d+)")
                .matcher(scrape());
        List<String> bounds = new ArrayList<>();
        List<String> counts = new ArrayList<>();
        while (bucket.find()) {
            bounds.add(bucket.group(1));
            counts.add(bucket.group(2));
        }
        assertThat(bounds).containsExactly("0.001", "0.002", "0.003", "0.004", "0.005", "0.006", "0.007", "0.008",
                "0.009", "0.01", "0.02", "0.03", "0.04", "0.05", "0.06", "0.07", "0.08", "0.09", "0.1", "0.2", "0.3",
                "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1.0", "1.5", "2.0", "2.5", "3.0", "+Inf");
        // 2.5 ms: above the 0.002 bucket, inside 0.003 (cumulative counts).
        assertThat(counts.subList(0, 3)).containsExactly("0", "0", "1");
        assertThat(counts.get(counts.size() - 1)).isEqualTo("1");
    }

    @Test
    void violations_countedPerConstraintAndAction_dryrunIncluded() throws Exception {
        engine.review(pod("{\"owner\":\"b\"}", false));

        assertThat(scrape()).contains(
                "# TYPE gatehouse_constraint_violations_total counter\n",
                "gatehouse_constraint_violations_total{enforcement_action=\"deny\",kind=\"K8sNeedsLabel\",name=\"deny-team\"} 1.0\n",
                "gatehouse_constraint_violations_total{enforcement_action=\"dryrun\",kind=\"K8sNeedsLabel\",name=\"dryrun-cost\"} 1.0\n",
                "gatehouse_constraint_violations_total{enforcement_action=\"warn\",kind=\"K8sNeedsLabel\",name=\"scoped-tier\"} 1.0\n",
                "gatehouse_constraint_violations_total{enforcement_action=\"warn\",kind=\"K8sNeedsLabel\",name=\"warn-owner\"} 0.0\n")
                // Scoped is resolved per enforcement point: no violation is ever counted as scoped.
                .doesNotContain("enforcement_action=\"scoped\",kind=");
    }

    @Test
    void loadGauges_constraintsBySpecActionAndTemplates_errorWhenTheEngineCannotRunThem() throws Exception {
        assertThat(scrape()).contains(
                "# HELP gatekeeper_constraints Current number of known constraints\n",
                "# TYPE gatekeeper_constraints gauge\n",
                "gatekeeper_constraints{enforcement_action=\"deny\",status=\"active\"} 1.0\n",
                "gatekeeper_constraints{enforcement_action=\"deny\",status=\"error\"} 1.0\n",
                "gatekeeper_constraints{enforcement_action=\"dryrun\",status=\"active\"} 1.0\n",
                "gatekeeper_constraints{enforcement_action=\"warn\",status=\"active\"} 1.0\n",
                "gatekeeper_constraints{enforcement_action=\"scoped\",status=\"active\"} 1.0\n",
                "gatekeeper_constraints{enforcement_action=\"warn\",status=\"error\"} 0.0\n",
                "# HELP gatekeeper_constraint_templates Number of observed constraint templates\n",
                "# TYPE gatekeeper_constraint_templates gauge\n",
                "gatekeeper_constraint_templates{status=\"active\"} 1.0\n",
                "gatekeeper_constraint_templates{status=\"error\"} 1.0\n");
    }

    @Test
    void violation_ofAConstraintNotLoaded_getsItsOwnSeries() throws Exception {
        ConstraintEngine other = ConstraintEngine.builder().driver(new CelDriver())
                .load(ConstraintLoader.load(ManifestReader.readString("other.yaml",
                        POLICIES.replace("name: deny-team", "name: elsewhere")))).build();
        other.withMetrics(metrics).review(pod("{}", false));

        assertThat(scrape()).contains("gatehouse_constraint_violations_total{enforcement_action=\"deny\","
                + "kind=\"K8sNeedsLabel\",name=\"elsewhere\"} 1.0\n");
    }

    private String scrape() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
