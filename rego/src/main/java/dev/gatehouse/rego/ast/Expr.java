package dev.gatehouse.rego.ast;

import java.util.List;

/** One expression of a body. Every kind may be negated ({@code not}) and carry {@code with} modifiers. Immutable. */
public sealed interface Expr {

    boolean negated();

    List<With> withs();

    Location location();

    /** A copy with different negation and modifiers. */
    Expr withModifiers(boolean negated, List<With> withs);

    /** A bare term: true unless it evaluates to false or is undefined. */
    record TermExpr(Term term, boolean negated, List<With> withs, Location location) implements Expr {
        public TermExpr {
            withs = List.copyOf(withs);
        }
        @Override public Expr withModifiers(boolean n, List<With> w) { return new TermExpr(term, n, w, location); }
    }

    /**
     * A call in statement position: operators ({@code eq} for {@code =}, {@code assign} for {@code :=},
     * {@code equal}, {@code plus}, ...), builtins and functions. Calls with one argument more than the function's
     * arity bind the result to the last argument.
     */
    record CallExpr(Term.Ref operator, List<Term> args, boolean negated, List<With> withs, Location location) implements Expr {
        public CallExpr {
            args = List.copyOf(args);
            withs = List.copyOf(withs);
        }
        public String name() {
            return Refs.nameOf(operator);
        }
        @Override public Expr withModifiers(boolean n, List<With> w) { return new CallExpr(operator, args, n, w, location); }
    }

    /** {@code some x, y}: declares local variables. */
    record SomeDecl(List<Term.Var> vars, boolean negated, List<With> withs, Location location) implements Expr {
        public SomeDecl {
            vars = List.copyOf(vars);
            withs = List.copyOf(withs);
        }
        @Override public Expr withModifiers(boolean n, List<With> w) { return new SomeDecl(vars, n, w, location); }
    }

    /** {@code some k, v in collection} (key may be null). */
    record SomeIn(Term key, Term value, Term collection, boolean negated, List<With> withs, Location location) implements Expr {
        public SomeIn {
            withs = List.copyOf(withs);
        }
        @Override public Expr withModifiers(boolean n, List<With> w) { return new SomeIn(key, value, collection, n, w, location); }
    }

    /** {@code every k, v in domain { body }} (key may be null). */
    record Every(Term key, Term value, Term domain, Body body, boolean negated, List<With> withs, Location location) implements Expr {
        public Every {
            withs = List.copyOf(withs);
        }
        @Override public Expr withModifiers(boolean n, List<With> w) { return new Every(key, value, domain, body, n, w, location); }
    }

    /** How a {@link Logic} expression combines its operands. */
    enum LogicOp {
        /** Every operand has a solution. */
        AND,
        /** Some operand has a solution. */
        OR,
        /** A single explicit body {@code { ... }} has a solution. */
        BODY
    }

    /**
     * The experimental {@code and}/{@code or} keywords and explicit bodies: each operand is its own scope (its
     * locals do not leak) and is checked for at least one solution, so the expression succeeds at most once.
     */
    record Logic(LogicOp op, List<Body> operands, boolean negated, List<With> withs, Location location) implements Expr {
        public Logic {
            operands = List.copyOf(operands);
            withs = List.copyOf(withs);
        }
        @Override public Expr withModifiers(boolean n, List<With> w) { return new Logic(op, operands, n, w, location); }
    }
}
