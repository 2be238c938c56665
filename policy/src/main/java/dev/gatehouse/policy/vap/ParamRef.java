package dev.gatehouse.policy.vap;

import dev.gatehouse.policy.constraint.match.LabelSelector;
import java.util.Objects;
import java.util.Optional;

/**
 * A binding's {@code spec.paramRef}: which parameter objects to evaluate the policy with, by name or by label
 * selector (exactly one), optionally in a fixed namespace (else the request's, for a namespaced parameter kind).
 *
 * @param name      empty when a selector is used
 * @param namespace empty for "the request's namespace" (namespaced kinds) or for cluster-scoped kinds
 */
public record ParamRef(String name, String namespace, Optional<LabelSelector> selector,
        ParameterNotFoundAction parameterNotFoundAction) {
    public ParamRef {
        name = name == null ? "" : name;
        namespace = namespace == null ? "" : namespace;
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(parameterNotFoundAction, "parameterNotFoundAction");
    }
}
