package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.ast.Body;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.ast.With;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Structural walks over terms and expressions shared by compiler stages. */
final class TermMapper {
    private TermMapper() {}

    /** Visits every term (pre-order), descending into comprehensions, calls and nested bodies. */
    static void visit(Term t, Consumer<Term> f) {
        f.accept(t);
        switch (t) {
            case Term.Ref r -> {
                visit(r.head(), f);
                r.operands().forEach(o -> visit(o, f));
            }
            case Term.ArrayTerm a -> a.elements().forEach(e -> visit(e, f));
            case Term.SetTerm s -> s.elements().forEach(e -> visit(e, f));
            case Term.ObjectTerm o -> o.entries().forEach(e -> {
                visit(e.key(), f);
                visit(e.value(), f);
            });
            case Term.ArrayComprehension c -> {
                visit(c.head(), f);
                visitBody(c.body(), f);
            }
            case Term.SetComprehension c -> {
                visit(c.head(), f);
                visitBody(c.body(), f);
            }
            case Term.ObjectComprehension c -> {
                visit(c.key(), f);
                visit(c.value(), f);
                visitBody(c.body(), f);
            }
            case Term.Call c -> c.args().forEach(a -> visit(a, f));
            case Term.Template tpl -> tpl.parts().forEach(p -> visit(p, f));
            default -> { }
        }
    }

    static void visitBody(Body b, Consumer<Term> f) {
        for (Expr e : b.exprs()) {
            visitExpr(e, f);
        }
    }

    static void visitExpr(Expr e, Consumer<Term> f) {
        switch (e) {
            case Expr.TermExpr t -> visit(t.term(), f);
            case Expr.CallExpr c -> c.args().forEach(a -> visit(a, f));
            case Expr.SomeDecl s -> s.vars().forEach(v -> visit(v, f));
            case Expr.SomeIn s -> {
                if (s.key() != null) {
                    visit(s.key(), f);
                }
                visit(s.value(), f);
                visit(s.collection(), f);
            }
            case Expr.Logic l -> l.operands().forEach(op -> visitBody(op, f));
            case Expr.Every ev -> {
                if (ev.key() != null) {
                    visit(ev.key(), f);
                }
                visit(ev.value(), f);
                visit(ev.domain(), f);
                visitBody(ev.body(), f);
            }
        }
        for (With w : e.withs()) {
            visit(w.target(), f);
            visit(w.value(), f);
        }
    }

    /** Visits every expression of a body and of all bodies nested in it (comprehensions, every, logic). */
    static void forEachExpr(Body b, Consumer<Expr> f) {
        for (Expr e : b.exprs()) {
            f.accept(e);
            switch (e) {
                case Expr.Every ev -> forEachExpr(ev.body(), f);
                case Expr.Logic l -> l.operands().forEach(op -> forEachExpr(op, f));
                default -> { }
            }
            java.util.List<Body> nested = new java.util.ArrayList<>();
            shallowTerms(e, t -> nestedBodies(t, nested));
            nested.forEach(n -> forEachExpr(n, f));
        }
    }

    /** Bodies of comprehensions directly inside a term (not inside other comprehensions). */
    static void nestedBodies(Term t, java.util.List<Body> out) {
        switch (t) {
            case Term.ArrayComprehension c -> out.add(c.body());
            case Term.SetComprehension c -> out.add(c.body());
            case Term.ObjectComprehension c -> out.add(c.body());
            default -> { }
        }
    }

    /** Terms of an expression outside nested bodies, including comprehension heads. */
    static void shallowTerms(Expr e, Consumer<Term> f) {
        Consumer<Term> walker = new Consumer<>() {
            @Override
            public void accept(Term t) {
                f.accept(t);
                switch (t) {
                    case Term.Ref r -> {
                        accept(r.head());
                        r.operands().forEach(this);
                    }
                    case Term.ArrayTerm a -> a.elements().forEach(this);
                    case Term.SetTerm s -> s.elements().forEach(this);
                    case Term.ObjectTerm o -> o.entries().forEach(en -> {
                        accept(en.key());
                        accept(en.value());
                    });
                    case Term.Call c -> c.args().forEach(this);
                    case Term.Template tpl -> tpl.parts().forEach(this);
                    case Term.ArrayComprehension c -> accept(c.head());
                    case Term.SetComprehension c -> accept(c.head());
                    case Term.ObjectComprehension c -> {
                        accept(c.key());
                        accept(c.value());
                    }
                    default -> { }
                }
            }
        };
        switch (e) {
            case Expr.TermExpr t -> walker.accept(t.term());
            case Expr.CallExpr c -> c.args().forEach(walker);
            case Expr.SomeDecl s -> { }
            case Expr.SomeIn s -> {
                if (s.key() != null) {
                    walker.accept(s.key());
                }
                walker.accept(s.value());
                walker.accept(s.collection());
            }
            case Expr.Every ev -> walker.accept(ev.domain());
            case Expr.Logic l -> { }
        }
        for (With w : e.withs()) {
            walker.accept(w.value());
        }
    }

    /** Variable names of an expression outside nested bodies (comprehensions, every). */
    static void shallowVars(Expr e, java.util.Set<String> out) {
        Consumer<Term> f = new Consumer<>() {
            @Override
            public void accept(Term t) {
                switch (t) {
                    case Term.Var v -> out.add(v.name());
                    case Term.Ref r -> {
                        accept(r.head());
                        r.operands().forEach(this);
                    }
                    case Term.ArrayTerm a -> a.elements().forEach(this);
                    case Term.SetTerm s -> s.elements().forEach(this);
                    case Term.ObjectTerm o -> o.entries().forEach(en -> {
                        accept(en.key());
                        accept(en.value());
                    });
                    case Term.Call c -> c.args().forEach(this);
                    case Term.Template tpl -> tpl.parts().forEach(this);
                    default -> { }
                }
            }
        };
        exprTerms(e, f);
    }

    /**
     * The terms written directly in an expression, outside nested bodies (an {@code every}'s domain, not its
     * variables), {@code with} targets and values included.
     */
    private static void exprTerms(Expr e, Consumer<Term> f) {
        switch (e) {
            case Expr.TermExpr t -> f.accept(t.term());
            case Expr.CallExpr c -> c.args().forEach(f);
            case Expr.SomeDecl s -> s.vars().forEach(f);
            case Expr.SomeIn s -> {
                if (s.key() != null) {
                    f.accept(s.key());
                }
                f.accept(s.value());
                f.accept(s.collection());
            }
            case Expr.Every ev -> f.accept(ev.domain());
            case Expr.Logic l -> { }
        }
        for (With w : e.withs()) {
            f.accept(w.target());
            f.accept(w.value());
        }
    }

    /** Variable names occurring in a term (including inside nested bodies). */
    static List<String> vars(Term t) {
        List<String> out = new ArrayList<>();
        visit(t, x -> {
            if (x instanceof Term.Var v) {
                out.add(v.name());
            }
        });
        return out;
    }

    /** The direct sub-terms of a term (a comprehension's: its head and its body's top-level terms). */
    static void children(Term t, Consumer<Term> f) {
        switch (t) {
            case Term.Ref r -> {
                f.accept(r.head());
                r.operands().forEach(f);
            }
            case Term.ArrayTerm a -> a.elements().forEach(f);
            case Term.SetTerm s -> s.elements().forEach(f);
            case Term.ObjectTerm o -> o.entries().forEach(e -> {
                f.accept(e.key());
                f.accept(e.value());
            });
            case Term.ArrayComprehension c -> {
                f.accept(c.head());
                topLevelTerms(c.body(), f);
            }
            case Term.SetComprehension c -> {
                f.accept(c.head());
                topLevelTerms(c.body(), f);
            }
            case Term.ObjectComprehension c -> {
                f.accept(c.key());
                f.accept(c.value());
                topLevelTerms(c.body(), f);
            }
            case Term.Call c -> c.args().forEach(f);
            case Term.Template tpl -> tpl.parts().forEach(f);
            default -> { }
        }
    }

    /** The top-level terms of a body's expressions (nested bodies included), {@code with} targets and values too. */
    static void topLevelTerms(Body b, Consumer<Term> f) {
        for (Expr e : b.exprs()) {
            exprTerms(e, f);
            if (e instanceof Expr.Every ev) {
                if (ev.key() != null) {
                    f.accept(ev.key());
                }
                f.accept(ev.value());
                topLevelTerms(ev.body(), f);
            } else if (e instanceof Expr.Logic l) {
                l.operands().forEach(op -> topLevelTerms(op, f));
            }
        }
    }
}
