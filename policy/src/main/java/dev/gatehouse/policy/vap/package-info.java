/**
 * ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding ({@code admissionregistration.k8s.io/v1}),
 * evaluated offline and at the webhook with the same CEL environment as Gatekeeper's K8sNativeValidation engine.
 *
 * <p>Entry points: {@link dev.gatehouse.policy.vap.VapLoader} reads both kinds from manifests with located,
 * upstream-worded validation errors; {@link dev.gatehouse.policy.vap.PolicyEvaluator} evaluates one request against
 * every loaded policy and binding and returns a {@link dev.gatehouse.policy.vap.PolicyOutcome} (denial, warnings and
 * audit annotations worded as the API server words them). The constraint engine embeds both, so every command that
 * evaluates constraints evaluates these policies too.
 */
package dev.gatehouse.policy.vap;
