package dev.gatehouse.auth.tokens;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The user a service account token authenticates as, shaped like kube-apiserver's user.Info for service accounts:
 * username {@code system:serviceaccount:<ns>:<name>}, the service account's uid, groups
 * {@code system:serviceaccounts}, {@code system:serviceaccounts:<ns>}, {@code system:authenticated}, and extra
 * {@code authentication.kubernetes.io/pod-name|pod-uid} (pod-bound), {@code node-name} (+ {@code node-uid}),
 * {@code credential-id} ({@code JTI=<jti>}). Immutable; extra keys are sorted.
 */
public record Identity(String username, String uid, List<String> groups, Map<String, List<String>> extra) {

    public static final String POD_NAME_KEY = "authentication.kubernetes.io/pod-name";
    public static final String POD_UID_KEY = "authentication.kubernetes.io/pod-uid";
    public static final String NODE_NAME_KEY = "authentication.kubernetes.io/node-name";
    public static final String NODE_UID_KEY = "authentication.kubernetes.io/node-uid";
    public static final String CREDENTIAL_ID_KEY = "authentication.kubernetes.io/credential-id";

    public Identity {
        Objects.requireNonNull(username, "username");
        uid = uid == null ? "" : uid;
        groups = List.copyOf(groups);
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        extra.forEach((k, v) -> sorted.put(k, List.copyOf(v)));
        extra = Collections.unmodifiableMap(sorted);
    }

    /** The identity of a service account token, per upstream ServiceAccountInfo.UserInfo. */
    static Identity serviceAccount(String namespace, String name, String uid, String podName, String podUid,
                                   String nodeName, String nodeUid, String jti) {
        TreeMap<String, List<String>> extra = new TreeMap<>();
        if (!podName.isEmpty() && !podUid.isEmpty()) {
            extra.put(POD_NAME_KEY, List.of(podName));
            extra.put(POD_UID_KEY, List.of(podUid));
        }
        if (jti != null && !jti.isEmpty()) {
            extra.put(CREDENTIAL_ID_KEY, List.of("JTI=" + jti));
        }
        if (!nodeName.isEmpty()) {
            extra.put(NODE_NAME_KEY, List.of(nodeName));
            if (!nodeUid.isEmpty()) {
                extra.put(NODE_UID_KEY, List.of(nodeUid));
            }
        }
        return new Identity("system:serviceaccount:" + namespace + ":" + name, uid,
                List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated"), extra);
    }
}
