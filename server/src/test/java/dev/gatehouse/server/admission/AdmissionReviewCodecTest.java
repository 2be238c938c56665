package dev.gatehouse.server.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.policy.review.Decision;
import dev.gatehouse.policy.review.GroupVersionKind;
import dev.gatehouse.policy.review.GroupVersionResource;
import dev.gatehouse.policy.review.Operation;
import dev.gatehouse.policy.review.Review;
import dev.gatehouse.server.testing.Reviews;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdmissionReviewCodecTest {

    private final AdmissionReviewCodec codec = new AdmissionReviewCodec();

    @Test
    void decode_v1Pod_readsEveryRequestField() throws Exception {
        DecodedReview decoded = codec.decode(bytes(Reviews.pod("admission.k8s.io/v1", "705ab4f5", "web")));

        assertThat(decoded.apiVersion()).isEqualTo(AdmissionApiVersion.V1);
        Review review = decoded.review();
        assertThat(review.uid()).isEqualTo("705ab4f5");
        assertThat(review.kind()).isEqualTo(new GroupVersionKind("", "v1", "Pod"));
        assertThat(review.resource()).isEqualTo(new GroupVersionResource("", "v1", "pods"));
        assertThat(review.subResource()).isEmpty();
        assertThat(review.name()).isEqualTo("web");
        assertThat(review.namespace()).isEqualTo("team-a");
        assertThat(review.operation()).isEqualTo(Operation.CREATE);
        assertThat(review.userInfo().username()).isEqualTo("system:serviceaccount:team-a:deployer");
        assertThat(review.userInfo().groups()).containsExactly("system:serviceaccounts", "system:authenticated");
        assertThat(review.userInfo().extra()).containsEntry("authentication.kubernetes.io/pod-name", List.of("deployer-7d9"));
        assertThat(review.object().get("spec").get("containers").get(0).get("image").stringValue()).isEqualTo("nginx");
        assertThat(review.oldObject()).isNull();
        assertThat(review.dryRun()).isFalse();
    }

    @Test
    void decode_v1beta1_keepsTheVersionForTheAnswer() throws Exception {
        DecodedReview decoded = codec.decode(bytes(Reviews.pod("admission.k8s.io/v1beta1", "u", "web")));

        assertThat(decoded.apiVersion()).isEqualTo(AdmissionApiVersion.V1BETA1);
        assertThat(new String(codec.encode(decoded, Decision.allow()), StandardCharsets.UTF_8)).isEqualTo(
                "{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":\"AdmissionReview\","
                        + "\"response\":{\"uid\":\"u\",\"allowed\":true}}");
    }

    @Test
    void encode_denial_writesMetav1Status() throws Exception {
        DecodedReview decoded = codec.decode(bytes(Reviews.pod("admission.k8s.io/v1", "u", "web")));
        Decision denied = new Decision(false, 403, "Forbidden", "pods \"web\" is forbidden: violates PodSecurity",
                List.of(), List.of("w1"), Map.of("enforce-policy", "restricted:latest"));

        assertThat(new String(codec.encode(decoded, denied), StandardCharsets.UTF_8)).isEqualTo(
                "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"response\":{\"uid\":\"u\","
                        + "\"allowed\":false,\"status\":{\"metadata\":{},\"status\":\"Failure\","
                        + "\"message\":\"pods \\\"web\\\" is forbidden: violates PodSecurity\",\"reason\":\"Forbidden\","
                        + "\"code\":403},\"warnings\":[\"w1\"],\"auditAnnotations\":{\"enforce-policy\":\"restricted:latest\"}}}");
    }

    @Test
    void decode_deeplyNestedObject_isABadRequestNotAStackOverflow() {
        String deep = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\","
                + "\"object\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}}";

        assertThatThrownBy(() -> codec.decode(bytes(deep)))
                .isInstanceOf(AdmissionRequestException.class)
                .hasMessageStartingWith("request body is not valid JSON");
    }

    @Test
    void decode_hugeApiVersion_isQuotedShortInTheMessage() {
        String body = "{\"apiVersion\":\"" + "v".repeat(10_000) + "\",\"kind\":\"AdmissionReview\"}";

        assertThatThrownBy(() -> codec.decode(bytes(body)))
                .isInstanceOf(AdmissionRequestException.class)
                .message().hasSizeLessThan(300);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
