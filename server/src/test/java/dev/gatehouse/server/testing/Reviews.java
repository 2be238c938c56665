package dev.gatehouse.server.testing;

/** AdmissionReview bodies as the API server sends them. */
public final class Reviews {

    private Reviews() {}

    public static String pod(String apiVersion, String uid, String name) {
        return """
                {
                  "apiVersion": "%s",
                  "kind": "AdmissionReview",
                  "request": {
                    "uid": "%s",
                    "kind": {"group": "", "version": "v1", "kind": "Pod"},
                    "resource": {"group": "", "version": "v1", "resource": "pods"},
                    "requestKind": {"group": "", "version": "v1", "kind": "Pod"},
                    "requestResource": {"group": "", "version": "v1", "resource": "pods"},
                    "name": "%s",
                    "namespace": "team-a",
                    "operation": "CREATE",
                    "userInfo": {
                      "username": "system:serviceaccount:team-a:deployer",
                      "uid": "b6a8d3c1",
                      "groups": ["system:serviceaccounts", "system:authenticated"],
                      "extra": {"authentication.kubernetes.io/pod-name": ["deployer-7d9"]}
                    },
                    "object": {
                      "apiVersion": "v1",
                      "kind": "Pod",
                      "metadata": {"name": "%s", "namespace": "team-a"},
                      "spec": {"containers": [{"name": "c", "image": "nginx"}]}
                    },
                    "oldObject": null,
                    "dryRun": false,
                    "options": {"apiVersion": "meta.k8s.io/v1", "kind": "CreateOptions"}
                  }
                }
                """.formatted(apiVersion, uid, name, name);
    }

    public static String namespace(String uid, String name) {
        return """
                {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
                 "request": {"uid": "%s", "kind": {"group": "", "version": "v1", "kind": "Namespace"},
                   "resource": {"group": "", "version": "v1", "resource": "namespaces"}, "name": "%s",
                   "operation": "CREATE", "userInfo": {"username": "admin"},
                   "object": {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "%s",
                     "labels": {"pod-security.kubernetes.io/enforce": "strict"}}}}}
                """.formatted(uid, name, name);
    }
}
