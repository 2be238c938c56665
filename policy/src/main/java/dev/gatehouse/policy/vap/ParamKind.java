package dev.gatehouse.policy.vap;

import java.util.Objects;

/**
 * A policy's {@code spec.paramKind}: the kind of the objects bindings name as parameters.
 *
 * @param apiVersion {@code v1} for core, {@code group/version} otherwise
 */
public record ParamKind(String apiVersion, String kind) {
    public ParamKind {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(kind, "kind");
    }

    /** The API group: empty for core. */
    public String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** As upstream prints a GroupVersionKind in messages: {@code group/version, Kind=kind}. */
    @Override
    public String toString() {
        return apiVersion + ", Kind=" + kind;
    }
}
