package dev.gatehouse.rego.ast;

import java.util.List;

/** A query or rule body: expressions joined by AND. Immutable. */
public record Body(List<Expr> exprs, Location location) {
    public Body {
        exprs = List.copyOf(exprs);
    }

    public static Body of(List<Expr> exprs) {
        return new Body(exprs, exprs.isEmpty() ? Location.NONE : exprs.get(0).location());
    }

    public boolean isEmpty() {
        return exprs.isEmpty();
    }
}
