package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Schema-level validation of a parsed GraphQL SDL document (the AST from {@link GraphqlParser#parseSchema()}),
 * following the GraphQL specification's type-system rules as gqlparser's schema loader applies them: built-in
 * scalars and directives, extensions (which may introduce a type), unique names, existing and correctly kinded
 * field/argument types, interface implementation (fields and transitive interfaces), union members, enum values,
 * directive definitions and locations, and root operation types. Stateless; returns the first problem found.
 */
final class GraphqlSchemaValidator {
    private GraphqlSchemaValidator() {}

    /** A type being assembled from its definition and extensions. */
    static final class TypeDef {
        final String kind;
        final String name;
        final List<ObjectValue> fields = new ArrayList<>();
        final List<String> interfaces = new ArrayList<>();
        final List<String> members = new ArrayList<>();
        final List<ObjectValue> enumValues = new ArrayList<>();
        final List<ObjectValue> directives = new ArrayList<>();

        TypeDef(String kind, String name) {
            this.kind = kind;
            this.name = name;
        }
    }

    record DirectiveDef(String name, List<ObjectValue> arguments, Set<String> locations, boolean repeatable) {}

    private static final Set<String> BUILTIN_SCALARS = Set.of("Int", "Float", "String", "Boolean", "ID");
    private static final Set<String> INTROSPECTION = Set.of("__Schema", "__Type", "__Field", "__InputValue",
            "__EnumValue", "__TypeKind", "__Directive", "__DirectiveLocation");

    /** A validated schema: its types, directives and root operation type names. */
    record Schema(Map<String, TypeDef> types, Map<String, DirectiveDef> directives, Map<String, String> roots) {}

    /** The first violation, or null when the schema is valid. */
    static String validate(ObjectValue doc) {
        try {
            check(doc);
            return null;
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    /** The schema, or IllegalStateException naming the first violation. */
    static Schema load(ObjectValue doc) {
        return check(doc);
    }

    private static IllegalStateException fail(String message) {
        return new IllegalStateException(message);
    }

    static List<ObjectValue> list(Value v) {
        List<ObjectValue> out = new ArrayList<>();
        if (v instanceof ArrayValue a) {
            for (Value e : a) {
                out.add((ObjectValue) e);
            }
        }
        return out;
    }

    private static List<String> strings(Value v) {
        List<String> out = new ArrayList<>();
        if (v instanceof ArrayValue a) {
            for (Value e : a) {
                out.add(((StringValue) e).value());
            }
        }
        return out;
    }

    static String str(ObjectValue o, String k) {
        return o.get(k) instanceof StringValue s ? s.value() : "";
    }

    private static Schema check(ObjectValue doc) {
        Map<String, TypeDef> types = new LinkedHashMap<>();
        for (String s : BUILTIN_SCALARS) {
            types.put(s, new TypeDef("SCALAR", s));
        }
        for (String s : INTROSPECTION) {
            types.put(s, new TypeDef(s.equals("__TypeKind") || s.equals("__DirectiveLocation") ? "ENUM" : "OBJECT", s));
        }
        Map<String, DirectiveDef> directives = new HashMap<>();
        ObjectValue boolArg = arg("if", "Boolean", true);
        directives.put("include", new DirectiveDef("include", List.of(boolArg),
                Set.of("FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT"), false));
        directives.put("skip", new DirectiveDef("skip", List.of(boolArg),
                Set.of("FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT"), false));
        directives.put("deprecated", new DirectiveDef("deprecated", List.of(arg("reason", "String", false)),
                Set.of("FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INPUT_FIELD_DEFINITION", "ENUM_VALUE"), false));
        directives.put("specifiedBy", new DirectiveDef("specifiedBy", List.of(arg("url", "String", true)),
                Set.of("SCALAR"), false));
        directives.put("oneOf", new DirectiveDef("oneOf", List.of(), Set.of("INPUT_OBJECT"), false));

        Set<String> userTypes = new HashSet<>();
        for (ObjectValue d : list(doc.get("Definitions"))) {
            String name = str(d, "Name");
            // Redeclaring a built-in scalar is tolerated (gqlparser lets a document restate its prelude).
            if (!userTypes.add(name) || types.containsKey(name) && !BUILTIN_SCALARS.contains(name)) {
                throw fail("Cannot redeclare type " + name + ".");
            }
            TypeDef t = new TypeDef(str(d, "Kind"), name);
            merge(t, d);
            types.put(name, t);
        }
        for (ObjectValue e : list(doc.get("Extensions"))) {
            String name = str(e, "Name");
            TypeDef t = types.get(name);
            if (t == null) {
                t = new TypeDef(str(e, "Kind"), name);
                types.put(name, t);
            } else if (!t.kind.equals(str(e, "Kind"))) {
                throw fail("Cannot extend type " + name + " because the base type is a " + t.kind + ", not "
                        + str(e, "Kind") + ".");
            }
            merge(t, e);
        }
        Set<String> userDirectives = new HashSet<>();
        for (ObjectValue d : list(doc.get("Directives"))) {
            String name = str(d, "Name");
            if (!userDirectives.add(name)) {
                throw fail("Cannot redeclare directive " + name + ".");
            }
            directives.put(name, new DirectiveDef(name, list(d.get("Arguments")), new HashSet<>(strings(d.get("Locations"))),
                    d.get("IsRepeatable") == BooleanValue.TRUE));
        }
        for (DirectiveDef d : directives.values()) {
            if (d.name().startsWith("__")) {
                throw fail("directive @" + d.name() + " must not have a name starting with \"__\"");
            }
            for (ObjectValue a : d.arguments()) {
                requireInput(types, a.get("Type"));
                checkDirectives(types, directives, list(a.get("Directives")), "ARGUMENT_DEFINITION");
            }
        }
        for (TypeDef t : types.values()) {
            if (BUILTIN_SCALARS.contains(t.name) || INTROSPECTION.contains(t.name)) {
                continue;
            }
            validateType(types, directives, t);
        }
        List<ObjectValue> schemas = list(doc.get("Schema"));
        if (schemas.size() > 1) {
            throw fail("Cannot have multiple schema entry points, consider schema extensions instead.");
        }
        List<ObjectValue> roots = new ArrayList<>();
        for (ObjectValue s : schemas) {
            roots.addAll(list(s.get("OperationTypes")));
            checkDirectives(types, directives, list(s.get("Directives")), "SCHEMA");
        }
        for (ObjectValue s : list(doc.get("SchemaExtension"))) {
            roots.addAll(list(s.get("OperationTypes")));
            checkDirectives(types, directives, list(s.get("Directives")), "SCHEMA");
        }
        Map<String, String> rootNames = new HashMap<>();
        for (ObjectValue op : roots) {
            String operation = str(op, "Operation");
            if (rootNames.put(operation, str(op, "Type")) != null) {
                throw fail("Cannot redeclare " + operation + " operation.");
            }
            TypeDef t = types.get(str(op, "Type"));
            if (t == null || !t.kind.equals("OBJECT")) {
                throw fail("Schema root " + operation + " refers to a type " + str(op, "Type") + " that does not exist.");
            }
        }
        if (schemas.isEmpty()) {
            for (String[] byName : new String[][] {{"query", "Query"}, {"mutation", "Mutation"},
                    {"subscription", "Subscription"}}) {
                if (!rootNames.containsKey(byName[0]) && types.containsKey(byName[1])) {
                    rootNames.put(byName[0], byName[1]);
                }
            }
        }
        return new Schema(types, directives, rootNames);
    }

    private static ObjectValue arg(String name, String type, boolean nonNull) {
        return ObjectValue.builder().put("Name", StringValue.of(name)).put("Type", ObjectValue.builder()
                .put("NamedType", StringValue.of(type)).put("NonNull", BooleanValue.of(nonNull)).build()).build();
    }

    private static void merge(TypeDef t, ObjectValue d) {
        t.fields.addAll(list(d.get("Fields")));
        t.interfaces.addAll(strings(d.get("Interfaces")));
        t.members.addAll(strings(d.get("Types")));
        t.enumValues.addAll(list(d.get("EnumValues")));
        t.directives.addAll(list(d.get("Directives")));
    }

    private static String namedType(Value type) {
        ObjectValue t = (ObjectValue) type;
        Value elem = t.get("Elem");
        return elem != null ? namedType(elem) : str(t, "NamedType");
    }

    private static TypeDef resolve(Map<String, TypeDef> types, Value type) {
        String name = namedType(type);
        TypeDef t = types.get(name);
        if (t == null) {
            throw fail("Undefined type " + name + ".");
        }
        return t;
    }

    private static void requireInput(Map<String, TypeDef> types, Value type) {
        TypeDef t = resolve(types, type);
        if (!t.kind.equals("SCALAR") && !t.kind.equals("ENUM") && !t.kind.equals("INPUT_OBJECT")) {
            throw fail(t.name + " is not an input type.");
        }
    }

    private static void checkDirectives(Map<String, TypeDef> types, Map<String, DirectiveDef> directives,
            List<ObjectValue> applied, String location) {
        Set<String> seen = new HashSet<>();
        for (ObjectValue d : applied) {
            String name = str(d, "Name");
            DirectiveDef def = directives.get(name);
            if (def == null) {
                throw fail("Undefined directive " + name + ".");
            }
            if (!def.locations().contains(location)) {
                throw fail("Directive " + name + " is not applicable on " + location + ".");
            }
            if (!seen.add(name) && !def.repeatable()) {
                throw fail("Directive " + name + " is not repeatable.");
            }
        }
    }

    private static void validateType(Map<String, TypeDef> types, Map<String, DirectiveDef> directives, TypeDef t) {
        if (t.name.startsWith("__")) {
            throw fail("Name \"" + t.name + "\" must not begin with \"__\", which is reserved by GraphQL introspection.");
        }
        checkDirectives(types, directives, t.directives, t.kind);
        switch (t.kind) {
            case "OBJECT", "INTERFACE" -> {
                if (t.fields.isEmpty()) {
                    throw fail(t.kind + " " + t.name + ": must define one or more fields.");
                }
                Set<String> names = new HashSet<>();
                for (ObjectValue f : t.fields) {
                    String fname = str(f, "Name");
                    if (!names.add(fname)) {
                        throw fail("Field " + t.name + "." + fname + " can only be defined once.");
                    }
                    if (fname.startsWith("__")) {
                        throw fail("Name \"" + fname + "\" must not begin with \"__\".");
                    }
                    TypeDef ft = resolve(types, f.get("Type"));
                    if (ft.kind.equals("INPUT_OBJECT")) {
                        throw fail(ft.name + " is not an output type.");
                    }
                    for (ObjectValue a : list(f.get("Arguments"))) {
                        requireInput(types, a.get("Type"));
                        checkDirectives(types, directives, list(a.get("Directives")), "ARGUMENT_DEFINITION");
                    }
                    checkDirectives(types, directives, list(f.get("Directives")), "FIELD_DEFINITION");
                }
                for (String iname : t.interfaces) {
                    TypeDef iface = types.get(iname);
                    if (iface == null) {
                        throw fail("Undefined type " + iname + ".");
                    }
                    if (!iface.kind.equals("INTERFACE")) {
                        throw fail(t.kind + " " + t.name + " must only implement Interface types, it implements "
                                + iface.kind + " " + iname + ".");
                    }
                    for (String transitive : iface.interfaces) {
                        if (!t.interfaces.contains(transitive)) {
                            throw fail(t.kind + " " + t.name + " must implement " + transitive + " because it is "
                                    + "implemented by " + iname + ".");
                        }
                    }
                    for (ObjectValue f : iface.fields) {
                        ObjectValue impl = null;
                        for (ObjectValue g : t.fields) {
                            if (str(g, "Name").equals(str(f, "Name"))) {
                                impl = g;
                            }
                        }
                        if (impl == null) {
                            throw fail("For " + t.name + " to implement " + iname + " it must have a field called "
                                    + str(f, "Name") + ".");
                        }
                        if (!subtype(types, impl.get("Type"), f.get("Type"))) {
                            throw fail("For " + t.name + " to implement " + iname + " the field " + str(f, "Name")
                                    + " must have a compatible type.");
                        }
                    }
                }
            }
            case "UNION" -> {
                if (t.members.isEmpty()) {
                    throw fail("UNION " + t.name + ": must define one or more unique member types.");
                }
                for (String m : t.members) {
                    TypeDef mt = types.get(m);
                    if (mt == null) {
                        throw fail("Undefined type " + m + ".");
                    }
                    if (!mt.kind.equals("OBJECT")) {
                        throw fail("UNION type \"" + m + "\" must be OBJECT.");
                    }
                }
            }
            case "ENUM" -> {
                if (t.enumValues.isEmpty()) {
                    throw fail("ENUM " + t.name + ": must define one or more unique enum values.");
                }
                Set<String> names = new HashSet<>();
                for (ObjectValue v : t.enumValues) {
                    String vname = str(v, "Name");
                    if (vname.equals("true") || vname.equals("false") || vname.equals("null") || !names.add(vname)) {
                        throw fail("ENUM " + t.name + ": non-unique or reserved value " + vname + ".");
                    }
                    checkDirectives(types, directives, list(v.get("Directives")), "ENUM_VALUE");
                }
            }
            case "INPUT_OBJECT" -> {
                if (t.fields.isEmpty()) {
                    throw fail("INPUT_OBJECT " + t.name + ": must define one or more input fields.");
                }
                Set<String> names = new HashSet<>();
                for (ObjectValue f : t.fields) {
                    if (!names.add(str(f, "Name"))) {
                        throw fail("Field " + t.name + "." + str(f, "Name") + " can only be defined once.");
                    }
                    requireInput(types, f.get("Type"));
                    checkDirectives(types, directives, list(f.get("Directives")), "INPUT_FIELD_DEFINITION");
                }
            }
            default -> { }
        }
    }

    /** Whether {@code sub} may stand where {@code sup} is declared (covariant field types). */
    static boolean subtype(Map<String, TypeDef> types, Value sub, Value sup) {
        ObjectValue a = (ObjectValue) sub;
        ObjectValue b = (ObjectValue) sup;
        boolean aNonNull = a.get("NonNull") == BooleanValue.TRUE;
        boolean bNonNull = b.get("NonNull") == BooleanValue.TRUE;
        if (bNonNull && !aNonNull) {
            return false;
        }
        Value ae = a.get("Elem");
        Value be = b.get("Elem");
        if (ae != null || be != null) {
            return ae != null && be != null && subtype(types, ae, be);
        }
        String an = str(a, "NamedType");
        String bn = str(b, "NamedType");
        if (an.equals(bn)) {
            return true;
        }
        TypeDef at = types.get(an);
        TypeDef bt = types.get(bn);
        if (at == null || bt == null) {
            return false;
        }
        if (bt.kind.equals("UNION")) {
            return bt.members.contains(an);
        }
        return bt.kind.equals("INTERFACE") && at.interfaces.contains(bn);
    }
}
