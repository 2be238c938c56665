package dev.gatehouse.policy.vap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.policy.constraint.EnforcementAction;
import dev.gatehouse.policy.constraint.EnforcementPoint;
import dev.gatehouse.policy.constraint.engine.ConstraintEngine;
import dev.gatehouse.policy.constraint.engine.ConstraintViolation;
import dev.gatehouse.policy.constraint.engine.ReviewOutcome;
import dev.gatehouse.policy.review.Decision;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A policy, bindings and parameters loaded from YAML and applied to Deployments and Pods through the engine. */
class VapEndToEndTest {
    private static final String POLICIES = """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: replica-limit}
            spec:
              failurePolicy: Fail
              paramKind: {apiVersion: v1, kind: ConfigMap}
              matchConstraints:
                resourceRules:
                - apiGroups: [apps]
                  apiVersions: [v1]
                  operations: [CREATE, UPDATE]
                  resources: [deployments]
              variables:
              - name: replicas
                expression: "object.spec.replicas"
              validations:
              - expression: "variables.replicas <= int(params.data.maxReplicas)"
                messageExpression: "'replicas must be no greater than ' + params.data.maxReplicas"
                reason: Forbidden
              auditAnnotations:
              - key: replicas
                valueExpression: "'Deployment spec.replicas set to ' + string(variables.replicas)"
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicyBinding
            metadata: {name: replica-limit-prod}
            spec:
              policyName: replica-limit
              validationActions: [Deny]
              paramRef: {name: replica-limits, namespace: config, parameterNotFoundAction: Deny}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: replica-limits, namespace: config}
            data: {maxReplicas: "3"}
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: pod-needs-team}
            spec:
              matchConstraints:
                resourceRules:
                - {apiGroups: [""], apiVersions: [v1], operations: ["*"], resources: [pods]}
              validations:
              - expression: "has(object.metadata.labels) && 'team' in object.metadata.labels"
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicyBinding
            metadata: {name: pod-needs-team-warn}
            spec:
              policyName: pod-needs-team
              validationActions: [Warn, Audit]
            """;

    private static final String BIG_DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec: {replicas: 5}
            """;

    private static final String SMALL_DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec: {replicas: 2}
            """;

    private static final String POD_WITHOUT_TEAM = """
            apiVersion: v1
            kind: Pod
            metadata: {name: debug, namespace: shop}
            spec: {containers: [{name: c, image: busybox}]}
            """;

    @Test
    void deploymentOverTheParameterLimitIsDeniedWithTheUpstreamMessageAndReason() {
        Decision d = VapFixtures.engine(POLICIES).review(VapFixtures.create(BIG_DEPLOYMENT));
        assertThat(d.allowed()).isFalse();
        assertThat(d.code()).isEqualTo(403);
        assertThat(d.reason()).isEqualTo("Forbidden");
        assertThat(d.message()).isEqualTo("ValidatingAdmissionPolicy 'replica-limit' with binding "
                + "'replica-limit-prod' denied request: replicas must be no greater than 3");
    }

    @Test
    void deploymentWithinTheLimitIsAllowedAndCarriesThePolicyAuditAnnotation() {
        Decision d = VapFixtures.engine(POLICIES).review(VapFixtures.create(SMALL_DEPLOYMENT));
        assertThat(d.allowed()).isTrue();
        assertThat(d.auditAnnotations()).containsEntry("replica-limit/replicas",
                "Deployment spec.replicas set to 2");
    }

    @Test
    void podWithoutTeamIsAllowedWithAWarningAndTheValidationFailureAnnotation() {
        Decision d = VapFixtures.engine(POLICIES).review(VapFixtures.create(POD_WITHOUT_TEAM));
        assertThat(d.allowed()).isTrue();
        assertThat(d.warnings()).containsExactly("Validation failed for ValidatingAdmissionPolicy 'pod-needs-team' "
                + "with binding 'pod-needs-team-warn': failed expression: has(object.metadata.labels) && 'team' in "
                + "object.metadata.labels");
        assertThat(d.auditAnnotations()).containsEntry(PolicyOutcome.VALIDATION_FAILURE, "[{\"message\":\"failed "
                + "expression: has(object.metadata.labels) && 'team' in object.metadata.labels\",\"policy\":"
                + "\"pod-needs-team\",\"binding\":\"pod-needs-team-warn\",\"expressionIndex\":0,"
                + "\"validationActions\":[\"Warn\",\"Audit\"]}]");
    }

    @Test
    void evaluateListsPolicyFailuresAsViolationsWithMappedActions() {
        ConstraintEngine engine = VapFixtures.engine(POLICIES);
        ReviewOutcome pod = engine.evaluate(VapFixtures.create(POD_WITHOUT_TEAM), EnforcementPoint.AUDIT);
        assertThat(pod.violations()).extracting(ConstraintViolation::action)
                .containsExactly(EnforcementAction.WARN, EnforcementAction.DRYRUN);
        ConstraintViolation first = pod.violations().get(0);
        assertThat(first.constraint().describe()).isEqualTo("ValidatingAdmissionPolicy/pod-needs-team");
        assertThat(first.details().path("binding").asString()).isEqualTo("pod-needs-team-warn");

        ReviewOutcome deployment = engine.evaluate(VapFixtures.create(BIG_DEPLOYMENT), EnforcementPoint.GATOR);
        assertThat(deployment.violations()).extracting(ConstraintViolation::describe)
                .containsExactly("[replica-limit] replicas must be no greater than 3");
        assertThat(deployment.withAction(EnforcementAction.DENY)).hasSize(1);
    }

    @Test
    void missingParameterWithDenyIsAConfigurationDenial() {
        String withoutConfigMap = POLICIES.replace("data: {maxReplicas: \"3\"}", "data: {}")
                .replace("name: replica-limits, namespace: config}", "name: replica-limits-gone, namespace: config}");
        Decision d = VapFixtures.engine(withoutConfigMap).review(VapFixtures.create(SMALL_DEPLOYMENT));
        assertThat(d.allowed()).isFalse();
        assertThat(d.code()).isEqualTo(422);
        assertThat(d.message()).isEqualTo("ValidatingAdmissionPolicy 'replica-limit' with binding "
                + "'replica-limit-prod' denied request: failed to configure binding: no params found for policy "
                + "binding with `Deny` parameterNotFoundAction");
    }

    @Test
    void theShippedExampleAdmitsItsPassingDeploymentAndDeniesItsFailingOne() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("../examples/vap");
        assertThat(dir).as("the shipped example").isDirectory();
        String policies = java.nio.file.Files.readString(dir.resolve("policy.yaml")) + "\n---\n"
                + java.nio.file.Files.readString(dir.resolve("binding.yaml"));
        ConstraintEngine engine = VapFixtures.engine(policies);
        Decision pass = engine.review(VapFixtures.create(java.nio.file.Files.readString(
                dir.resolve("deployment-pass.yaml"))));
        assertThat(pass.allowed()).isTrue();
        assertThat(pass.auditAnnotations()).containsExactly(java.util.Map.entry("replica-limit/replicas",
                "Deployment spec.replicas set to 2"));
        Decision fail = engine.review(VapFixtures.create(java.nio.file.Files.readString(
                dir.resolve("deployment-fail.yaml"))));
        assertThat(fail.allowed()).isFalse();
        assertThat(fail.message()).isEqualTo("ValidatingAdmissionPolicy 'replica-limit' with binding "
                + "'replica-limit-prod' denied request: spec.replicas must be no greater than 3");
        assertThat(fail.auditAnnotations()).containsEntry(PolicyOutcome.VALIDATION_FAILURE, "[{\"message\":"
                + "\"spec.replicas must be no greater than 3\",\"policy\":\"replica-limit\",\"binding\":"
                + "\"replica-limit-prod\",\"expressionIndex\":0,\"validationActions\":[\"Deny\",\"Audit\"]}]");
    }

    @Test
    void parametersAreFoundInTheInventory() {
        String withoutConfigMap = POLICIES.replace("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: replica-limits, namespace: config}
                data: {maxReplicas: "3"}
                ---
                """, "");
        ConstraintEngine engine = VapFixtures.engine(withoutConfigMap);
        assertThat(engine.review(VapFixtures.create(SMALL_DEPLOYMENT)).message()).endsWith("no params found for "
                + "policy binding with `Deny` parameterNotFoundAction");
        ConstraintEngine withInventory = engine.withInventory(dev.gatehouse.policy.constraint.driver.Inventory.of(
                List.of(VapFixtures.yaml("""
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: replica-limits, namespace: config}
                        data: {maxReplicas: "1"}
                        """))));
        assertThat(withInventory.review(VapFixtures.create(SMALL_DEPLOYMENT)).message()).endsWith(
                "denied request: replicas must be no greater than 1");
    }

    @Test
    void policyObjectsAreNotReportedAsOtherObjectsButParametersAre() {
        var loaded = VapFixtures.load(POLICIES);
        assertThat(loaded.admissionPolicies().policies()).hasSize(2);
        assertThat(loaded.admissionPolicies().bindings()).hasSize(2);
        assertThat(loaded.otherObjects()).extracting(o -> o.path("kind").asString()).containsExactly("ConfigMap");
        assertThat(List.of(VapFixtures.engine(POLICIES).mayBlock(VapFixtures.create(POD_WITHOUT_TEAM)))).containsExactly(true);
    }
}
