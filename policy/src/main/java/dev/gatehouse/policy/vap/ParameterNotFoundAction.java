package dev.gatehouse.policy.vap;

/** What a binding does when its {@code paramRef} finds no parameter object. */
public enum ParameterNotFoundAction {
    /** The binding does nothing for the request. */
    ALLOW,
    /** The request is denied with {@code no params found for policy binding with `Deny` parameterNotFoundAction}. */
    DENY
}
