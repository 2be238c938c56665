package dev.gatehouse.rego.ast;

/** What a rule defines. */
public enum RuleKind {
    /**
     * One value at its ref ({@code p := 1}, {@code p if ...}); a ref head with variables ({@code p[k] := v},
     * {@code p[x].q := y}) makes it an entry of an object.
     */
    SINGLE_VALUE,
    /** One member of a set ({@code p contains x}, v0 {@code p[x] { ... }}). */
    MULTI_VALUE,
    /** A function ({@code f(x) := y}). */
    FUNCTION
}
