package dev.gatehouse.policy.vap;

import java.util.List;

/** The valid ValidatingAdmissionPolicies and bindings {@link VapLoader} read, in input order. Immutable. */
public record LoadedPolicies(List<ValidatingAdmissionPolicy> policies,
        List<ValidatingAdmissionPolicyBinding> bindings) {
    /** Nothing loaded. */
    public static final LoadedPolicies EMPTY = new LoadedPolicies(List.of(), List.of());

    public LoadedPolicies {
        policies = List.copyOf(policies);
        bindings = List.copyOf(bindings);
    }
}
