package dev.gatehouse.rego.builtins;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The declaration of a builtin function: name, typed arguments, result type and metadata, as in OPA's
 * {@code ast.Builtin}. The compiler uses it for arity and type checks; the evaluator for dispatch. Immutable.
 *
 * <pre>{@code
 * BuiltinDecl.builder("count")
 *     .arg("collection", Types.anyOf(Types.STRING, Types.ANY_ARRAY, Types.ANY_OBJECT, Types.ANY_SET))
 *     .result(Types.NUMBER).category("aggregates").build();
 * }</pre>
 *
 * @param name            dotted name, e.g. {@code strings.replace_n}; operators use OPA's names ({@code plus})
 * @param args            positional arguments
 * @param result          result type
 * @param categories      documentation categories
 * @param infix           operator spelling ({@code +}) or {@code null}
 * @param variadic        whether any number of arguments is accepted (only {@code print})
 * @param nondeterministic whether results depend on more than the arguments (time, network, randomness)
 * @param deprecated      deprecated builtins are compile errors in Rego v1
 * @param description     one-line summary
 */
public record BuiltinDecl(
        String name,
        List<Arg> args,
        Type result,
        List<String> categories,
        String infix,
        boolean variadic,
        boolean nondeterministic,
        boolean deprecated,
        String description) {

    /** A named, typed argument. */
    public record Arg(String name, Type type, String description) {
        public Arg {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    public BuiltinDecl {
        Objects.requireNonNull(name, "name");
        args = List.copyOf(args);
        Objects.requireNonNull(result, "result");
        categories = List.copyOf(categories);
        description = description == null ? "" : description;
    }

    public int arity() {
        return args.size();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Fluent construction of a declaration; not thread-safe. */
    public static final class Builder {
        private final String name;
        private final List<Arg> args = new ArrayList<>();
        private Type result = Types.ANY;
        private final List<String> categories = new ArrayList<>();
        private String infix;
        private boolean variadic;
        private boolean nondeterministic;
        private boolean deprecated;
        private String description = "";

        private Builder(String name) {
            this.name = name;
        }

        public Builder arg(String argName, Type type) { args.add(new Arg(argName, type, "")); return this; }
        public Builder arg(String argName, Type type, String argDescription) { args.add(new Arg(argName, type, argDescription)); return this; }
        public Builder result(Type type) { this.result = type; return this; }
        public Builder category(String category) { categories.add(category); return this; }
        public Builder infix(String operator) { this.infix = operator; return this; }
        public Builder variadic() { this.variadic = true; return this; }
        public Builder nondeterministic() { this.nondeterministic = true; return this; }
        public Builder deprecated() { this.deprecated = true; return this; }
        public Builder description(String text) { this.description = text; return this; }

        public BuiltinDecl build() {
            return new BuiltinDecl(name, args, result, categories, infix, variadic, nondeterministic, deprecated, description);
        }
    }
}
