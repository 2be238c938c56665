package dev.gatehouse.policy.review;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The resource guessed for a kind without discovery, as apimachinery's UnsafeGuessKindToResource guesses it. */
class GroupVersionResourceTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "Pod, pods",
        "Deployment, deployments",
        "Ingress, ingresses",
        "NetworkPolicy, networkpolicies",
        "Gateway, gatewaies",
        "Namespace, namespaces",
    })
    void guessFor_lowerCasesAndPluralisesTheKind(String kind, String resource) {
        assertThat(GroupVersionResource.guessFor(new GroupVersionKind("apps", "v1", kind)))
                .isEqualTo(new GroupVersionResource("apps", "v1", resource));
    }
}
