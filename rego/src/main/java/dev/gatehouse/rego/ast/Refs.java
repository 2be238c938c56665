package dev.gatehouse.rego.ast;

import dev.gatehouse.rego.value.StringValue;
import java.util.ArrayList;
import java.util.List;

/** Helpers for references. */
public final class Refs {
    private Refs() {}

    /**
     * The dotted name of a ref made of a var head and string operands ({@code data.a.b}, {@code plus}), or null
     * when some operand is not a string constant.
     */
    public static String nameOf(Term.Ref ref) {
        if (!(ref.head() instanceof Term.Var v)) {
            return null;
        }
        if (ref.operands().isEmpty()) {
            return v.name();
        }
        StringBuilder sb = new StringBuilder(v.name());
        for (Term t : ref.operands()) {
            if (t instanceof Term.Scalar s && s.value() instanceof StringValue str) {
                sb.append('.').append(str.value());
            } else {
                return null;
            }
        }
        return sb.toString();
    }

    /** A ref for a dotted name, e.g. {@code "data.a.b"} or {@code "count"}. */
    public static Term.Ref fromName(String dotted, Location loc) {
        String[] parts = dotted.split("\\.");
        List<Term> ops = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            ops.add(new Term.Scalar(StringValue.of(parts[i]), loc));
        }
        return new Term.Ref(new Term.Var(parts[0], loc), ops, loc);
    }

    /** The head var name, or null. */
    public static String headName(Term.Ref ref) {
        return ref.head() instanceof Term.Var v ? v.name() : null;
    }

    /** A ref with more operands appended. */
    public static Term.Ref append(Term.Ref ref, List<Term> more) {
        List<Term> ops = new ArrayList<>(ref.operands());
        ops.addAll(more);
        return new Term.Ref(ref.head(), ops, ref.location());
    }
}
