package dev.gatehouse.auth.tokens;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** metav1.Status failure bodies, as the API server returns them. */
final class KubeStatus {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static JsonResponse failure(int code, String reason, String message) {
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        status.put("code", code);
        return JsonResponse.json(code, JSON.writeValueAsBytes(status));
    }

    private KubeStatus() {}
}
