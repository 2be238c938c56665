package dev.gatehouse.rego.ast;

/** A {@code with target as value} modifier; the target is a ref to input, data, a function or a builtin. */
public record With(Term target, Term value, Location location) {}
