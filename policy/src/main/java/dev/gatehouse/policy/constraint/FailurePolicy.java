package dev.gatehouse.policy.constraint;

/** What a K8sNativeValidation template does when an expression fails at run time: Fail (default) or Ignore. */
public enum FailurePolicy {
    /** A runtime error is a violation carrying the error text. */
    FAIL,
    /** A runtime error is dropped. */
    IGNORE
}
