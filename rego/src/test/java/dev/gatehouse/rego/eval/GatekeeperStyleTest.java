package dev.gatehouse.rego.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.rego.PreparedQuery;
import dev.gatehouse.rego.Rego;
import dev.gatehouse.rego.ast.RegoVersion;
import dev.gatehouse.rego.value.ValueJson;
import org.junit.jupiter.api.Test;

/** The shapes of the public Gatekeeper library (Rego v0): violation sets of objects, helper rule families. */
class GatekeeperStyleTest {

    private static final String TEMPLATE = """
            package k8spspprivileged

            violation[{"msg": "privileged container is not allowed", "details": {"container": c.name}}] {
                c := input_containers[_]
                not is_exempt(c)
                c.securityContext.privileged
            }

            input_containers[c] {
                c := input.review.object.spec.containers[_]
            }

            input_containers[c] {
                c := input.review.object.spec.initContainers[_]
            }

            is_exempt(container) {
                exempt := object_get(input.parameters, "exemptImages", [])
                exempt[_] == container.image
            }

            object_get(obj, key, default_value) = value {
                value := obj[key]
            }

            object_get(obj, key, default_value) = default_value {
                not has_key(obj, key)
            }

            has_key(obj, key) {
                _ = obj[key]
            }
            """;

    @Test
    void violations_areReportedPerOffendingContainer_andExemptionsApply() {
        PreparedQuery q = Rego.builder().regoVersion(RegoVersion.V0).module("template.rego", TEMPLATE)
                .query("data.k8spspprivileged.violation").build();
        String input = """
                {"parameters": {"exemptImages": ["safe:1"]},
                 "review": {"object": {"spec": {
                   "containers": [
                     {"name": "a", "image": "app:1", "securityContext": {"privileged": true}},
                     {"name": "b", "image": "safe:1", "securityContext": {"privileged": true}},
                     {"name": "c", "image": "app:1"}],
                   "initContainers": [
                     {"name": "init", "image": "busybox", "securityContext": {"privileged": true}}]}}}}
                """;
        var rs = q.evaluate(ValueJson.parse(input));
        assertThat(ValueJson.toJson(rs.get(0).expressions().get(0))).isEqualTo(
                "[{\"details\":{\"container\":\"a\"},\"msg\":\"privileged container is not allowed\"},"
                        + "{\"details\":{\"container\":\"init\"},\"msg\":\"privileged container is not allowed\"}]");
    }

    @Test
    void noParameters_usesTheDefault() {
        PreparedQuery q = Rego.builder().regoVersion(RegoVersion.V0).module("template.rego", TEMPLATE)
                .query("data.k8spspprivileged.violation").build();
        var rs = q.evaluate(ValueJson.parse("""
                {"parameters": {}, "review": {"object": {"spec": {"containers": [
                  {"name": "a", "image": "x", "securityContext": {"privileged": true}}]}}}}
                """));
        assertThat(ValueJson.toJson(rs.get(0).expressions().get(0))).contains("\"container\":\"a\"");
    }
}
