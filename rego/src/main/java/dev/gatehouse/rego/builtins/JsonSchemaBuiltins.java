package dev.gatehouse.rego.builtins;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.NullValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code json.verify_schema} and {@code json.match_schema}: JSON Schema (draft 4 to 7 keywords) with the error
 * objects OPA reports ({@code {"error", "type", "field", "desc"}}, gojsonschema's wording). Supported: type, enum,
 * const, properties, required, additionalProperties, patternProperties, propertyNames, dependencies,
 * min/maxProperties, items, additionalItems, contains, min/maxItems, uniqueItems, min/maxLength, pattern, format
 * (date-time, date, time, email, hostname, ipv4, ipv6, uri, uuid), minimum, maximum, exclusive bounds, multipleOf,
 * allOf, anyOf, oneOf, not, if/then/else and local {@code $ref}. Unknown keywords are ignored, as the spec says.
 * Stateless.
 */
final class JsonSchemaBuiltins implements BuiltinFamily {

    private static final Type EITHER = Types.anyOf(Types.STRING, Types.ANY_OBJECT);
    private static final Set<String> PRIMITIVES = Set.of("array", "boolean", "integer", "number", "null", "object",
            "string");

    @Override
    public List<Builtin> builtins() {
        return List.of(
                Builtin.of(BuiltinDecl.builder("json.verify_schema").category("object").arg("schema", EITHER)
                        .result(Types.ANY_ARRAY).build(), JsonSchemaBuiltins::verifySchema),
                Builtin.of(BuiltinDecl.builder("json.match_schema").category("object").arg("document", EITHER)
                        .arg("schema", EITHER).result(Types.ANY_ARRAY).build(), JsonSchemaBuiltins::matchSchema));
    }

    /** A problem with the schema itself. */
    private static final class SchemaError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SchemaError(String message) {
            super(message, null, false, false);
        }
    }

    private static Value json(Value v, int pos) {
        return switch (v) {
            case StringValue s -> {
                try {
                    yield ValueJson.parse(s.value());
                } catch (IllegalArgumentException e) {
                    throw BuiltinException.builtinError("invalid JSON: " + e.getMessage());
                }
            }
            case ObjectValue o -> o;
            default -> throw Operands.typeError(pos, v, "string", "object");
        };
    }

    static Value verifySchema(BuiltinContext ctx, Value[] a) {
        Value schema = json(a[0], 1);
        try {
            checkSchema(schema);
            return ArrayValue.of(BooleanValue.TRUE, NullValue.INSTANCE);
        } catch (SchemaError e) {
            return ArrayValue.of(BooleanValue.FALSE, StringValue.of("jsonschema: " + e.getMessage()));
        }
    }

    static Value matchSchema(BuiltinContext ctx, Value[] a) {
        Value doc = json(a[0], 1);
        Value schema = json(a[1], 2);
        try {
            checkSchema(schema);
        } catch (SchemaError e) {
            throw BuiltinException.builtinError(e.getMessage());
        }
        List<Value> errors = new ArrayList<>();
        new Validator(schema, errors).validate(schema, doc, "(root)");
        return ArrayValue.of(BooleanValue.of(errors.isEmpty()), ArrayValue.of(errors));
    }

    /** Structural checks of a schema (recursively), with gojsonschema's messages. */
    static void checkSchema(Value schema) {
        if (schema instanceof BooleanValue) {
            return;
        }
        if (!(schema instanceof ObjectValue o)) {
            throw new SchemaError("Invalid type. Expected: object, given: " + schema.typeName());
        }
        Value type = o.get("type");
        if (type != null) {
            List<Value> names = type instanceof ArrayValue arr ? arr.asList() : List.of(type);
            for (Value n : names) {
                if (!(n instanceof StringValue s) || !PRIMITIVES.contains(s.value())) {
                    String given = n instanceof StringValue s ? s.value() : n.toString();
                    throw new SchemaError("has a primitive type that is NOT VALID -- given: /" + given
                            + "/ Expected valid values are:[array boolean integer number null object string]");
                }
            }
        }
        for (String k : List.of("properties", "patternProperties", "definitions", "$defs", "dependencies")) {
            if (o.get(k) instanceof ObjectValue props) {
                for (int i = 0; i < props.size(); i++) {
                    if (!(props.valueAt(i) instanceof ArrayValue)) {
                        checkSchema(props.valueAt(i));
                    }
                }
            }
        }
        for (String k : List.of("additionalProperties", "additionalItems", "not", "contains", "propertyNames", "if",
                "then", "else")) {
            Value sub = o.get(k);
            if (sub instanceof ObjectValue || (sub != null && !(sub instanceof BooleanValue))) {
                checkSchema(sub);
            }
        }
        for (String k : List.of("allOf", "anyOf", "oneOf")) {
            if (o.get(k) instanceof ArrayValue arr) {
                for (Value s : arr) {
                    checkSchema(s);
                }
            }
        }
        Value items = o.get("items");
        if (items instanceof ArrayValue arr) {
            for (Value s : arr) {
                checkSchema(s);
            }
        } else if (items != null) {
            checkSchema(items);
        }
        if (o.get("pattern") instanceof StringValue p) {
            try {
                Pattern.compile(p.value());
            } catch (PatternSyntaxException e) {
                throw new SchemaError("Invalid regex pattern '" + p.value() + "'");
            }
        }
    }

    private static final class Validator {
        final Value root;
        final List<Value> errors;
        int depth;

        Validator(Value root, List<Value> errors) {
            this.root = root;
            this.errors = errors;
        }

        void error(String context, String type, String desc) {
            String field = field(context);
            errors.add(ObjectValue.builder().put("error", StringValue.of(field + ": " + desc))
                    .put("type", StringValue.of(type)).put("field", StringValue.of(field))
                    .put("desc", StringValue.of(desc)).build());
        }

        boolean valid(Value schema, Value doc) {
            List<Value> scratch = new ArrayList<>();
            Validator v = new Validator(root, scratch);
            v.depth = depth;
            v.validate(schema, doc, "(root)");
            return scratch.isEmpty();
        }

        Value resolve(String ref) {
            if (!ref.startsWith("#")) {
                throw BuiltinException.builtinError("unsupported $ref " + ref);
            }
            Value cur = root;
            for (String part : ref.substring(1).split("/")) {
                if (part.isEmpty()) {
                    continue;
                }
                String key = part.replace("~1", "/").replace("~0", "~");
                cur = cur instanceof ObjectValue o ? o.get(key) : null;
                if (cur == null) {
                    throw BuiltinException.builtinError("unresolvable $ref " + ref);
                }
            }
            return cur;
        }

        void validate(Value schemaValue, Value doc, String ctx) {
            if (++depth > 200) {
                throw BuiltinException.builtinError("schema recursion too deep");
            }
            try {
                run(schemaValue, doc, ctx);
            } finally {
                depth--;
            }
        }

        private void run(Value schemaValue, Value doc, String ctx) {
            if (schemaValue instanceof BooleanValue b) {
                if (!b.value()) {
                    error(ctx, "false", "False always fails validation");
                }
                return;
            }
            ObjectValue s = (ObjectValue) schemaValue;
            if (s.get("$ref") instanceof StringValue ref) {
                validate(resolve(ref.value()), doc, ctx);
                return;
            }
            Value type = s.get("type");
            if (type != null) {
                List<Value> names = type instanceof ArrayValue arr ? arr.asList() : List.of(type);
                boolean ok = false;
                for (Value n : names) {
                    ok |= hasType(doc, ((StringValue) n).value());
                }
                if (!ok) {
                    List<String> expected = new ArrayList<>();
                    names.forEach(n -> expected.add(((StringValue) n).value()));
                    error(ctx, "invalid_type", "Invalid type. Expected: " + String.join("/", expected) + ", given: "
                            + typeOf(doc));
                    return;
                }
            }
            if (s.get("enum") instanceof ArrayValue allowed && !contains(allowed, doc)) {
                List<String> shown = new ArrayList<>();
                allowed.forEach(v -> shown.add(GoJson.marshal(v)));
                error(ctx, "enum", field(ctx) + " must be one of the following: " + String.join(", ", shown));
            }
            Value constant = s.get("const");
            if (constant != null && !jsonEquals(constant, doc)) {
                error(ctx, "const", field(ctx) + " does not match: " + GoJson.marshal(constant));
            }
            for (String k : List.of("allOf", "anyOf", "oneOf")) {
                if (s.get(k) instanceof ArrayValue subs) {
                    int passed = 0;
                    for (Value sub : subs) {
                        if (k.equals("allOf")) {
                            validate(sub, doc, ctx);
                        } else if (valid(sub, doc)) {
                            passed++;
                        }
                    }
                    if (k.equals("anyOf") && passed == 0) {
                        error(ctx, "number_any_of", "Must validate at least one schema (anyOf)");
                    }
                    if (k.equals("oneOf") && passed != 1) {
                        error(ctx, "number_one_of", "Must validate one and only one schema (oneOf)");
                    }
                }
            }
            Value not = s.get("not");
            if (not != null && valid(not, doc)) {
                error(ctx, "number_not", "Must not validate the schema (not)");
            }
            Value cond = s.get("if");
            if (cond != null) {
                if (valid(cond, doc)) {
                    if (s.get("then") != null && !valid(s.get("then"), doc)) {
                        error(ctx, "condition_then", "Must validate \"then\" as \"if\" was valid");
                    }
                } else if (s.get("else") != null && !valid(s.get("else"), doc)) {
                    error(ctx, "condition_else", "Must validate \"else\" as \"if\" was not valid");
                }
            }
            switch (doc) {
                case ObjectValue o -> object(s, o, ctx);
                case ArrayValue arr -> array(s, arr, ctx);
                case StringValue str -> string(s, str.value(), ctx);
                case NumberValue n -> number(s, n, ctx);
                default -> { }
            }
        }

        private void object(ObjectValue s, ObjectValue o, String ctx) {
            if (s.get("required") instanceof ArrayValue required) {
                for (Value r : required) {
                    if (r instanceof StringValue name && o.get(name.value()) == null) {
                        error(ctx, "required", name.value() + " is required");
                    }
                }
            }
            if (s.get("minProperties") instanceof NumberValue min && o.size() < min.doubleValue()) {
                error(ctx, "array_min_properties", "Must have at least " + min + " properties");
            }
            if (s.get("maxProperties") instanceof NumberValue max && o.size() > max.doubleValue()) {
                error(ctx, "array_max_properties", "Must have at most " + max + " properties");
            }
            ObjectValue props = s.get("properties") instanceof ObjectValue p ? p : ObjectValue.EMPTY;
            ObjectValue patterns = s.get("patternProperties") instanceof ObjectValue p ? p : ObjectValue.EMPTY;
            Value additional = s.get("additionalProperties");
            for (int i = 0; i < o.size(); i++) {
                String key = GoJson.keyText(o.keyAt(i));
                Value v = o.valueAt(i);
                String childCtx = ctx + "." + key;
                boolean matched = false;
                Value propSchema = props.get(key);
                if (propSchema != null) {
                    matched = true;
                    validate(propSchema, v, childCtx);
                }
                for (int j = 0; j < patterns.size(); j++) {
                    String pattern = GoJson.keyText(patterns.keyAt(j));
                    if (RegexBuiltins.compile(pattern).matcher(key).find()) {
                        matched = true;
                        validate(patterns.valueAt(j), v, childCtx);
                    }
                }
                if (!matched && additional != null) {
                    if (additional instanceof BooleanValue b) {
                        if (!b.value()) {
                            error(ctx, "additional_property_not_allowed", "Additional property " + key + " is not allowed");
                        }
                    } else {
                        validate(additional, v, childCtx);
                    }
                }
                Value names = s.get("propertyNames");
                if (names != null && !valid(names, StringValue.of(key))) {
                    error(ctx, "invalid_property_name", "Property name of \"" + key + "\" does not match");
                }
            }
            if (s.get("dependencies") instanceof ObjectValue deps) {
                for (int i = 0; i < deps.size(); i++) {
                    String key = GoJson.keyText(deps.keyAt(i));
                    if (o.get(key) == null) {
                        continue;
                    }
                    if (deps.valueAt(i) instanceof ArrayValue needed) {
                        for (Value n : needed) {
                            if (n instanceof StringValue ns && o.get(ns.value()) == null) {
                                error(ctx, "missing_dependency", "Has a dependency on " + ns.value());
                            }
                        }
                    } else {
                        validate(deps.valueAt(i), o, ctx);
                    }
                }
            }
        }

        private void array(ObjectValue s, ArrayValue arr, String ctx) {
            Value items = s.get("items");
            if (items instanceof ArrayValue tuple) {
                for (int i = 0; i < arr.size(); i++) {
                    if (i < tuple.size()) {
                        validate(tuple.get(i), arr.get(i), ctx + "." + i);
                    } else if (s.get("additionalItems") instanceof BooleanValue b && !b.value()) {
                        error(ctx, "array_no_additional_items", "No additional items allowed on array");
                        break;
                    } else if (s.get("additionalItems") instanceof ObjectValue extra) {
                        validate(extra, arr.get(i), ctx + "." + i);
                    }
                }
            } else if (items != null) {
                for (int i = 0; i < arr.size(); i++) {
                    validate(items, arr.get(i), ctx + "." + i);
                }
            }
            if (s.get("minItems") instanceof NumberValue min && arr.size() < min.doubleValue()) {
                error(ctx, "array_min_items", "Array must have at least " + min + " items");
            }
            if (s.get("maxItems") instanceof NumberValue max && arr.size() > max.doubleValue()) {
                error(ctx, "array_max_items", "Array must have at most " + max + " items");
            }
            if (s.get("uniqueItems") == BooleanValue.TRUE) {
                outer:
                for (int i = 0; i < arr.size(); i++) {
                    for (int j = i + 1; j < arr.size(); j++) {
                        if (jsonEquals(arr.get(i), arr.get(j))) {
                            error(ctx, "unique", "array items[" + i + "," + j + "] must be unique");
                            break outer;
                        }
                    }
                }
            }
            Value contains = s.get("contains");
            if (contains != null) {
                boolean any = false;
                for (Value e : arr) {
                    any |= valid(contains, e);
                }
                if (!any) {
                    error(ctx, "contains", "At least one of the items must match");
                }
            }
        }

        private void string(ObjectValue s, String str, String ctx) {
            int length = Text.length(str);
            if (s.get("minLength") instanceof NumberValue min && length < min.doubleValue()) {
                error(ctx, "string_gte", "String length must be greater than or equal to " + min);
            }
            if (s.get("maxLength") instanceof NumberValue max && length > max.doubleValue()) {
                error(ctx, "string_lte", "String length must be less than or equal to " + max);
            }
            if (s.get("pattern") instanceof StringValue p && !RegexBuiltins.compile(p.value()).matcher(str).find()) {
                error(ctx, "pattern", "Does not match pattern '" + p.value() + "'");
            }
            if (s.get("format") instanceof StringValue f && !formatOk(f.value(), str)) {
                error(ctx, "format", "Does not match format '" + f.value() + "'");
            }
        }

        private void number(ObjectValue s, NumberValue n, String ctx) {
            BigDecimal v = n.bigDecimalValue();
            if (s.get("multipleOf") instanceof NumberValue m && m.signum() > 0
                    && v.remainder(m.bigDecimalValue()).signum() != 0) {
                error(ctx, "multiple_of", "Must be a multiple of " + m);
            }
            Value exMin = s.get("exclusiveMinimum");
            Value exMax = s.get("exclusiveMaximum");
            if (s.get("minimum") instanceof NumberValue min) {
                boolean exclusive = exMin == BooleanValue.TRUE;
                int c = v.compareTo(min.bigDecimalValue());
                if (exclusive ? c <= 0 : c < 0) {
                    error(ctx, exclusive ? "number_gt" : "number_gte", exclusive ? "Must be greater than " + min
                            : "Must be greater than or equal to " + min);
                }
            }
            if (exMin instanceof NumberValue min && v.compareTo(min.bigDecimalValue()) <= 0) {
                error(ctx, "number_gt", "Must be greater than " + min);
            }
            if (s.get("maximum") instanceof NumberValue max) {
                boolean exclusive = exMax == BooleanValue.TRUE;
                int c = v.compareTo(max.bigDecimalValue());
                if (exclusive ? c >= 0 : c > 0) {
                    error(ctx, exclusive ? "number_lt" : "number_lte", exclusive ? "Must be less than " + max
                            : "Must be less than or equal to " + max);
                }
            }
            if (exMax instanceof NumberValue max && v.compareTo(max.bigDecimalValue()) >= 0) {
                error(ctx, "number_lt", "Must be less than " + max);
            }
        }

        /** The field as gojsonschema names it: the path below the root, or (root). */
        private static String field(String ctx) {
            return ctx.equals("(root)") ? "(root)" : ctx.substring("(root).".length());
        }
    }

    private static boolean hasType(Value v, String type) {
        return switch (type) {
            case "integer" -> v instanceof NumberValue n && n.isInteger();
            case "number" -> v instanceof NumberValue;
            case "string" -> v instanceof StringValue;
            case "boolean" -> v instanceof BooleanValue;
            case "null" -> v instanceof NullValue;
            case "array" -> v instanceof ArrayValue;
            case "object" -> v instanceof ObjectValue;
            default -> false;
        };
    }

    private static String typeOf(Value v) {
        if (v instanceof NumberValue n) {
            return n.isInteger() ? "integer" : "number";
        }
        return v instanceof ArrayValue || v instanceof dev.gatehouse.rego.value.SetValue ? "array" : v.typeName();
    }

    private static boolean contains(ArrayValue allowed, Value doc) {
        for (Value a : allowed) {
            if (jsonEquals(a, doc)) {
                return true;
            }
        }
        return false;
    }

    /** JSON equality: sets compare as the arrays JSON makes of them. */
    private static boolean jsonEquals(Value a, Value b) {
        return a.equals(b) || GoJson.marshal(a).equals(GoJson.marshal(b));
    }

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
    private static final Pattern HOSTNAME = Pattern.compile(
            "^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?$");
    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private static boolean formatOk(String format, String s) {
        try {
            return switch (format) {
                case "date-time" -> {
                    GoTime.parse(GoTime.RFC3339, s);
                    yield true;
                }
                case "date" -> {
                    GoTime.parse("2006-01-02", s);
                    yield true;
                }
                case "time" -> {
                    GoTime.parse("15:04:05Z07:00", s);
                    yield true;
                }
                case "email" -> EMAIL.matcher(s).find();
                case "hostname" -> s.length() <= 253 && HOSTNAME.matcher(s).find();
                case "ipv4" -> IpAddresses.parseIpv4(s) != null;
                case "ipv6" -> s.indexOf(':') >= 0 && IpAddresses.parseIpv6(s) != null;
                case "uri" -> !UriBuiltins.parse(s).scheme().isEmpty();
                case "uuid" -> UUID.matcher(s).find();
                default -> true;
            };
        } catch (BuiltinException e) {
            return false;
        }
    }
}
