package dev.gatehouse.policy.vap;

import dev.gatehouse.policy.constraint.LoadError;
import dev.gatehouse.policy.document.Manifest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Loads ValidatingAdmissionPolicies and bindings from manifests: policies first (so a binding may come before its
 * policy), then bindings. Every object the API server would reject becomes one {@link LoadError} per field
 * (file, line, {@code Kind/name}, field, upstream message); the rest loads. Duplicate names are errors, and so is
 * a binding whose policy is not loaded (upstream it would silently do nothing, which is what offline tests are
 * meant to catch).
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * List<LoadError> errors = new ArrayList<>();
 * LoadedPolicies loaded = VapLoader.load(ManifestReader.read(paths, System.in).manifests(), errors);
 * }</pre>
 */
public final class VapLoader {
    private static final String GROUP = "admissionregistration.k8s.io";

    private VapLoader() {}

    /**
     * Whether the object is a ValidatingAdmissionPolicy or binding of any {@code admissionregistration.k8s.io}
     * version; versions other than v1 and v1beta1 are reported as errors by {@link #load}.
     */
    public static boolean isVapObject(JsonNode object) {
        String kind = object.path("kind").asString("");
        return (kind.equals(ValidatingAdmissionPolicy.KIND) || kind.equals(ValidatingAdmissionPolicyBinding.KIND))
                && object.path("apiVersion").asString("").startsWith(GROUP + "/");
    }

    /** Loads the policies and bindings among {@code manifests}, adding problems to {@code errors}. */
    public static LoadedPolicies load(List<Manifest> manifests, List<LoadError> errors) {
        for (Manifest m : manifests) {
            if (isVapObject(m.object()) && !PolicyParser.isPolicy(m.object()) && !BindingParser.isBinding(m.object())) {
                // v1alpha1 differs in its schema; reading it as v1 would silently change what it means.
                errors.add(new LoadError(m.source(), m.line(), m.kind() + "/" + m.name(), "apiVersion",
                        "Unsupported value: \"" + m.apiVersion() + "\": supported values: \"" + GROUP + "/v1\", \""
                                + GROUP + "/v1beta1\""));
            }
        }
        List<ValidatingAdmissionPolicy> policies = new ArrayList<>();
        Map<String, ValidatingAdmissionPolicy> byName = new HashMap<>();
        Set<String> invalid = new HashSet<>();
        for (Manifest m : manifests) {
            if (!PolicyParser.isPolicy(m.object())) {
                continue;
            }
            String described = ValidatingAdmissionPolicy.KIND + "/" + m.name();
            try {
                ValidatingAdmissionPolicy p = PolicyParser.parse(m.object());
                if (byName.containsKey(p.name())) {
                    errors.add(new LoadError(m.source(), m.line(), described, "metadata.name",
                            "Duplicate value: another ValidatingAdmissionPolicy has this name"));
                    continue;
                }
                byName.put(p.name(), p);
                policies.add(p);
            } catch (VapException e) {
                invalid.add(m.name());
                report(m, described, e, errors);
            } catch (RuntimeException e) {
                // Defensive: a malformed document must become an error, never take the loader down.
                invalid.add(m.name());
                errors.add(new LoadError(m.source(), m.line(), described, "", "cannot be read: " + e));
            }
        }
        List<ValidatingAdmissionPolicyBinding> bindings = new ArrayList<>();
        Set<String> bindingNames = new HashSet<>();
        for (Manifest m : manifests) {
            if (!BindingParser.isBinding(m.object())) {
                continue;
            }
            String described = ValidatingAdmissionPolicyBinding.KIND + "/" + m.name();
            try {
                ValidatingAdmissionPolicyBinding b = BindingParser.parse(m.object());
                if (!bindingNames.add(b.name())) {
                    errors.add(new LoadError(m.source(), m.line(), described, "metadata.name",
                            "Duplicate value: another ValidatingAdmissionPolicyBinding has this name"));
                    continue;
                }
                if (!byName.containsKey(b.policyName())) {
                    errors.add(new LoadError(m.source(), m.line(), described, "spec.policyName",
                            invalid.contains(b.policyName())
                                    ? "the ValidatingAdmissionPolicy \"" + b.policyName() + "\" is invalid"
                                    : "no ValidatingAdmissionPolicy named \"" + b.policyName() + "\" is loaded"));
                    continue;
                }
                bindings.add(b);
            } catch (VapException e) {
                report(m, described, e, errors);
            } catch (RuntimeException e) {
                errors.add(new LoadError(m.source(), m.line(), described, "", "cannot be read: " + e));
            }
        }
        return new LoadedPolicies(policies, bindings);
    }

    private static void report(Manifest m, String described, VapException e, List<LoadError> errors) {
        for (VapException.Problem p : e.problems()) {
            errors.add(new LoadError(m.source(), m.line(), described, p.field(), p.message()));
        }
    }
}
