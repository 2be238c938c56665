package dev.gatehouse.policy.podsecurity.namespace;

/** The namespace labels that select a namespace's Pod Security policy, and the messages for bad values. */
public final class PolicyLabels {

    public static final String PREFIX = "pod-security.kubernetes.io/";
    public static final String ENFORCE = PREFIX + "enforce";
    public static final String ENFORCE_VERSION = PREFIX + "enforce-version";
    public static final String AUDIT = PREFIX + "audit";
    public static final String AUDIT_VERSION = PREFIX + "audit-version";
    public static final String WARN = PREFIX + "warn";
    public static final String WARN_VERSION = PREFIX + "warn-version";

    /** Upstream's detail for a level that is not one of the three. */
    public static final String INVALID_LEVEL = "must be one of privileged, baseline, restricted";
    /** Upstream's detail for a version that is neither {@code latest} nor {@code v1.N}. */
    public static final String INVALID_VERSION = "must be \"latest\" or \"v1.x\"";

    private PolicyLabels() {
    }

    /** The field path of a label in a namespace: {@code metadata.labels[<key>]}. */
    public static String fieldPath(String label) {
        return "metadata.labels[" + label + "]";
    }
}
