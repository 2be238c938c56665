package dev.gatehouse.policy.review;

import java.util.Locale;

/** A Kubernetes resource (plural, lower case) with its group and version; the core group is the empty string. */
public record GroupVersionResource(String group, String version, String resource) {
    public GroupVersionResource {
        group = group == null ? "" : group;
        version = version == null ? "" : version;
        resource = resource == null ? "" : resource;
    }

    /**
     * The resource of a kind where there is no discovery to ask (offline reviews, generated objects): the
     * conventional plural, by apimachinery's {@code UnsafeGuessKindToResource} rules as gator applies them —
     * {@code Pod} is {@code pods}, {@code Ingress} {@code ingresses}, {@code NetworkPolicy} {@code networkpolicies}.
     */
    public static GroupVersionResource guessFor(GroupVersionKind kind) {
        String singular = kind.kind().toLowerCase(Locale.ROOT);
        String plural;
        if (singular.isEmpty()) {
            plural = "";
        } else if (singular.endsWith("s")) {
            plural = singular + "es";
        } else if (singular.endsWith("y")) {
            plural = singular.substring(0, singular.length() - 1) + "ies";
        } else {
            plural = singular + "s";
        }
        return new GroupVersionResource(kind.group(), kind.version(), plural);
    }
}
