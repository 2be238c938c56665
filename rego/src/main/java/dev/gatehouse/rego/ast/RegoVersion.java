package dev.gatehouse.rego.ast;

/** The language version a module is parsed with. */
public enum RegoVersion {
    /** Rego before OPA 1.0: keywords from {@code future.keywords}, rule bodies without {@code if}. */
    V0,
    /** Rego since OPA 1.0: {@code if}, {@code contains}, {@code in}, {@code every} always on. */
    V1
}
