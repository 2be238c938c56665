/**
 * CEL for Kubernetes admission control, on Google's cel-java: the environment ValidatingAdmissionPolicy and
 * Gatekeeper's K8sNativeValidation engine compile against, and Kubernetes' CEL function libraries.
 *
 * <p>Entry points: {@link dev.gatehouse.policy.cel.KubernetesCelEnvironment} (build once, compile at load time),
 * {@link dev.gatehouse.policy.cel.CompiledExpression} (evaluate per request, metered by an
 * {@link dev.gatehouse.policy.cel.EvaluationBudget}), {@link dev.gatehouse.policy.cel.CompositedVariables}
 * ({@code variables.*}, lazily evaluated) and {@link dev.gatehouse.policy.cel.CelValues} (JSON documents exposed to
 * CEL without copying). The libraries are listed in {@link dev.gatehouse.policy.cel.KubernetesCelLibraries}; each
 * pairs its checker declarations with its runtime bindings ({@link dev.gatehouse.policy.cel.LibraryOverload}).
 */
package dev.gatehouse.policy.cel;
