package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.ast.Body;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Import;
import dev.gatehouse.rego.ast.Module;
import dev.gatehouse.rego.ast.Rule;
import dev.gatehouse.rego.ast.RuleKind;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.ast.With;
import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.NullValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed module as OPA's JSON AST ({@code rego.parse_module}): terms as {@code {"type", "value"}}, expressions
 * with {@code index}/{@code terms}/{@code negated}/{@code with}, rules with {@code head} (name, ref, args, key,
 * value, assign), {@code body}, {@code default} and {@code else}. Locations are left out, as OPA does by default.
 * Stateless.
 */
final class ModuleJson {
    private ModuleJson() {}

    private static ObjectValue term(String type, Value value) {
        return ObjectValue.builder().put("type", StringValue.of(type)).put("value", value).build();
    }

    static Value module(Module m) {
        ObjectValue.Builder out = ObjectValue.builder();
        out.put("package", ObjectValue.of("path", refElements(m.packagePath())));
        if (!m.imports().isEmpty()) {
            List<Value> imports = new ArrayList<>();
            for (Import i : m.imports()) {
                ObjectValue.Builder b = ObjectValue.builder().put("path", term(i.path()));
                if (i.alias() != null) {
                    b.put("alias", StringValue.of(i.alias()));
                }
                imports.add(b.build());
            }
            out.put("imports", ArrayValue.of(imports));
        }
        if (!m.rules().isEmpty()) {
            int prefix = m.packagePath().operands().size();
            List<Value> rules = new ArrayList<>();
            for (Rule r : m.rules()) {
                rules.add(rule(r, prefix));
            }
            out.put("rules", ArrayValue.of(rules));
        }
        return out.build();
    }

    private static Value rule(Rule r, int packageOperands) {
        ObjectValue.Builder head = ObjectValue.builder();
        // The rule's own ref: the head ref without data.<package>, its first element a var as OPA writes it.
        List<Term> ops = r.ref().operands();
        List<Value> ref = new ArrayList<>();
        for (int i = packageOperands; i < ops.size(); i++) {
            Term t = ops.get(i);
            if (i == packageOperands && t instanceof Term.Scalar s && s.value() instanceof StringValue name) {
                ref.add(term("var", name));
            } else {
                ref.add(term(t));
            }
        }
        if (ref.size() == 1) {
            head.put("name", ((ObjectValue) ref.get(0)).get("value"));
        }
        head.put("ref", ArrayValue.of(ref));
        if (r.kind() == RuleKind.FUNCTION) {
            head.put("args", terms(r.args()));
        }
        if (r.key() != null) {
            head.put("key", term(r.key()));
        }
        if (r.value() != null) {
            head.put("value", term(r.value()));
        }
        if (r.assign()) {
            head.put("assign", BooleanValue.TRUE);
        }
        ObjectValue.Builder out = ObjectValue.builder().put("head", head.build()).put("body", body(r.body()));
        if (r.isDefault()) {
            out.put("default", BooleanValue.TRUE);
        }
        if (r.elseRule() != null) {
            out.put("else", rule(r.elseRule(), packageOperands));
        }
        return out.build();
    }

    /** A body; OPA gives rules without one the body {@code true}. */
    private static Value body(Body b) {
        List<Value> exprs = new ArrayList<>();
        if (b == null || b.isEmpty()) {
            exprs.add(ObjectValue.builder().put("index", NumberValue.ZERO)
                    .put("terms", term("boolean", BooleanValue.TRUE)).build());
            return ArrayValue.of(exprs);
        }
        for (int i = 0; i < b.exprs().size(); i++) {
            exprs.add(expr(b.exprs().get(i), i));
        }
        return ArrayValue.of(exprs);
    }

    private static Value expr(Expr e, int index) {
        Value terms = switch (e) {
            case Expr.TermExpr t -> term(t.term());
            case Expr.CallExpr c -> {
                List<Value> out = new ArrayList<>();
                out.add(term(c.operator()));
                c.args().forEach(a -> out.add(term(a)));
                yield ArrayValue.of(out);
            }
            case Expr.SomeDecl s -> {
                List<Value> symbols = new ArrayList<>();
                s.vars().forEach(v -> symbols.add(term(v)));
                yield ObjectValue.of("symbols", ArrayValue.of(symbols));
            }
            case Expr.SomeIn s -> {
                List<Value> call = new ArrayList<>();
                call.add(term("ref", ArrayValue.of(term("var", StringValue.of("internal")),
                        term("string", StringValue.of(s.key() == null ? "member_2" : "member_3")))));
                if (s.key() != null) {
                    call.add(term(s.key()));
                }
                call.add(term(s.value()));
                call.add(term(s.collection()));
                yield ObjectValue.of("symbols", ArrayValue.of(term("call", ArrayValue.of(call))));
            }
            case Expr.Every ev -> ObjectValue.builder()
                    .put("key", ev.key() == null ? NullValue.INSTANCE : term(ev.key()))
                    .put("value", term(ev.value())).put("domain", term(ev.domain())).put("body", body(ev.body()))
                    .build();
            case Expr.Logic l -> {
                List<Value> operands = new ArrayList<>();
                l.operands().forEach(b -> operands.add(body(b)));
                yield ObjectValue.builder().put("op", StringValue.of(l.op().name().toLowerCase(java.util.Locale.ROOT)))
                        .put("operands", ArrayValue.of(operands)).build();
            }
        };
        ObjectValue.Builder out = ObjectValue.builder().put("index", NumberValue.of(index)).put("terms", terms);
        if (e.negated()) {
            out.put("negated", BooleanValue.TRUE);
        }
        if (!e.withs().isEmpty()) {
            List<Value> withs = new ArrayList<>();
            for (With w : e.withs()) {
                withs.add(ObjectValue.builder().put("target", term(w.target())).put("value", term(w.value())).build());
            }
            out.put("with", ArrayValue.of(withs));
        }
        return out.build();
    }

    private static Value terms(List<Term> ts) {
        List<Value> out = new ArrayList<>();
        ts.forEach(t -> out.add(term(t)));
        return ArrayValue.of(out);
    }

    private static Value refElements(Term.Ref r) {
        List<Value> out = new ArrayList<>();
        out.add(term(r.head()));
        r.operands().forEach(t -> out.add(term(t)));
        return ArrayValue.of(out);
    }

    static Value term(Term t) {
        return switch (t) {
            case Term.Scalar s -> value(s.value());
            case Term.Var v -> term("var", StringValue.of(v.name()));
            case Term.Ref r -> term("ref", refElements(r));
            case Term.ArrayTerm a -> term("array", terms(a.elements()));
            case Term.SetTerm s -> term("set", terms(s.elements()));
            case Term.ObjectTerm o -> {
                List<Value> pairs = new ArrayList<>();
                for (Term.Entry e : o.entries()) {
                    pairs.add(ArrayValue.of(term(e.key()), term(e.value())));
                }
                yield term("object", ArrayValue.of(pairs));
            }
            case Term.ArrayComprehension c -> term("arraycomprehension",
                    ObjectValue.builder().put("term", term(c.head())).put("body", body(c.body())).build());
            case Term.SetComprehension c -> term("setcomprehension",
                    ObjectValue.builder().put("term", term(c.head())).put("body", body(c.body())).build());
            case Term.ObjectComprehension c -> term("objectcomprehension", ObjectValue.builder()
                    .put("key", term(c.key())).put("value", term(c.value())).put("body", body(c.body())).build());
            case Term.Call c -> {
                List<Value> out = new ArrayList<>();
                out.add(term(c.operator()));
                c.args().forEach(a -> out.add(term(a)));
                yield term("call", ArrayValue.of(out));
            }
            case Term.Template tpl -> term("templatestring", terms(tpl.parts()));
        };
    }

    /** A constant as a term; folded composites become composite terms. */
    static Value value(Value v) {
        return switch (v) {
            case NullValue n -> term("null", n);
            case BooleanValue b -> term("boolean", b);
            case NumberValue n -> term("number", n);
            case StringValue s -> term("string", s);
            case ArrayValue a -> {
                List<Value> out = new ArrayList<>();
                a.forEach(e -> out.add(value(e)));
                yield term("array", ArrayValue.of(out));
            }
            case SetValue s -> {
                List<Value> out = new ArrayList<>();
                s.forEach(e -> out.add(value(e)));
                yield term("set", ArrayValue.of(out));
            }
            case ObjectValue o -> {
                List<Value> pairs = new ArrayList<>();
                for (int i = 0; i < o.size(); i++) {
                    pairs.add(ArrayValue.of(value(o.keyAt(i)), value(o.valueAt(i))));
                }
                yield term("object", ArrayValue.of(pairs));
            }
        };
    }
}
