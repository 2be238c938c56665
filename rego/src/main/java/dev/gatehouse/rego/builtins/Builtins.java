package dev.gatehouse.rego.builtins;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of builtin functions: the standard families in an explicit list, validated when the registry is
 * built (a duplicate or malformed declaration fails fast, naming the builtin). Immutable and thread-safe.
 *
 * <pre>{@code
 * Builtins builtins = Builtins.standard().with(myExtraBuiltin);
 * }</pre>
 */
public final class Builtins {

    /** Every standard family, in the order their builtins are registered. Add new families here. */
    static final List<BuiltinFamily> FAMILIES = List.of(
            new ComparisonBuiltins(),
            new ArithmeticBuiltins(),
            new AggregateBuiltins(),
            new ArrayBuiltins(),
            new SetBuiltins(),
            new TypeBuiltins(),
            new CastBuiltins(),
            new NumberBuiltins(),
            new BitsBuiltins(),
            new StringBuiltins(),
            new RegexBuiltins(),
            new GlobBuiltins(),
            new ObjectBuiltins(),
            new JsonPathBuiltins(),
            new EncodingBuiltins(),
            new UnitsBuiltins(),
            new GraphBuiltins(),
            new SemverBuiltins(),
            new UuidBuiltins(),
            new TimeBuiltins(),
            new NetBuiltins(),
            new JwtBuiltins(),
            new CryptoBuiltins(),
            new RuntimeBuiltins(),
            new UriBuiltins(),
            new GraphqlBuiltins(),
            new AwsBuiltins(),
            new JsonSchemaBuiltins(),
            new HttpBuiltins(),
            new RegoBuiltins());

    private static final Builtins STANDARD = new Builtins(collect(FAMILIES));

    private final Map<String, Builtin> byName;

    private Builtins(Map<String, Builtin> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** The standard library. */
    public static Builtins standard() {
        return STANDARD;
    }

    /** A registry from the given families only (for tests and embedders who restrict the library). */
    public static Builtins of(List<? extends BuiltinFamily> families) {
        return new Builtins(collect(families));
    }

    /** A copy with extra builtins added; a name already present is replaced (custom builtins win). */
    public Builtins with(Builtin... extra) {
        Map<String, Builtin> copy = new LinkedHashMap<>(byName);
        for (Builtin b : extra) {
            validate(b);
            copy.put(b.name(), b);
        }
        return new Builtins(copy);
    }

    /** The builtin with that name, or {@code null}. */
    public Builtin get(String name) {
        return byName.get(name);
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    public Collection<Builtin> all() {
        return byName.values();
    }

    private static Map<String, Builtin> collect(List<? extends BuiltinFamily> families) {
        Map<String, Builtin> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (BuiltinFamily family : families) {
            for (Builtin b : family.builtins()) {
                try {
                    validate(b);
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                    continue;
                }
                Builtin previous = out.putIfAbsent(b.name(), b);
                if (previous != null) {
                    problems.add("builtin " + b.name() + " is declared twice (second time in "
                            + family.getClass().getSimpleName() + ")");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid builtin registry: " + String.join("; ", problems));
        }
        return out;
    }

    static void validate(Builtin b) {
        String name = b.name();
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*")) {
            throw new IllegalArgumentException("builtin name " + name + " is not a dotted identifier");
        }
        if (b.decl().variadic() && !b.decl().args().isEmpty()) {
            throw new IllegalArgumentException("variadic builtin " + name + " must not declare arguments");
        }
    }
}
