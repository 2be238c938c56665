package dev.gatehouse.bench;

/**
 * {@link ConstraintBenchmark}'s review with the pod as the API server sends it to a webhook: the same spec, plus the
 * {@code metadata.managedFields} of a few field managers and a {@code status}, which no pod-security template reads.
 * What a review pays for the parts of an object that policies do not look at is the difference between the two.
 *
 * <p>Run: {@code java -Dgatehouse.gatekeeperLibrary=/path/to/gatekeeper-library -jar bench/target/benchmarks.jar
 * ApiServerPodBenchmark}
 */
public class ApiServerPodBenchmark extends ConstraintBenchmark {

    @Override
    protected String podYaml() {
        StringBuilder yaml = new StringBuilder(POD.replace("metadata:\n", "metadata:\n  managedFields:\n"
                + managedFields()));
        yaml.append("""
                status:
                  phase: Running
                  podIP: 10.244.1.17
                  conditions:
                  - {type: Ready, status: "True", lastTransitionTime: "2026-11-26T10:00:00Z"}
                  - {type: ContainersReady, status: "True", lastTransitionTime: "2026-11-26T10:00:00Z"}
                  containerStatuses:
                  - name: nginx
                    ready: true
                    restartCount: 0
                    image: "nginx:1.27"
                    state: {running: {startedAt: "2026-11-26T10:00:00Z"}}
                  - name: sidecar
                    ready: true
                    restartCount: 0
                    image: "envoyproxy/envoy:v1.31"
                    state: {running: {startedAt: "2026-11-26T10:00:00Z"}}
                """);
        return yaml.toString();
    }

    /** Three managers' entries, each listing the fields it owns, as server-side apply records them. */
    private static String managedFields() {
        StringBuilder fields = new StringBuilder();
        for (String manager : new String[] {"kubectl-client-side-apply", "kube-controller-manager", "kubelet"}) {
            fields.append("  - manager: ").append(manager).append('\n')
                    .append("    operation: Update\n    apiVersion: v1\n    time: \"2026-11-26T10:00:00Z\"\n")
                    .append("    fieldsType: FieldsV1\n    fieldsV1:\n");
            for (String field : new String[] {"metadata", "spec", "status"}) {
                fields.append("      f:").append(field).append(":\n");
                for (int i = 0; i < 12; i++) {
                    fields.append("        f:field").append(i).append(":\n");
                    for (int j = 0; j < 3; j++) {
                        fields.append("          f:sub").append(j).append(": {}\n");
                    }
                }
            }
        }
        return fields.toString();
    }
}
