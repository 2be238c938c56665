package dev.gatehouse.policy.constraint;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI v3 schema subset a CustomResourceDefinition accepts, applied to a constraint's
 * {@code spec.parameters} the way the API server validates a custom resource: {@code type} (object, array, string,
 * integer, number, boolean), {@code properties}, {@code additionalProperties}, {@code items}, {@code required},
 * {@code enum}, {@code nullable}, bounds ({@code minimum}, {@code maximum}, {@code minLength}, {@code maxLength},
 * {@code minItems}, {@code maxItems}), {@code pattern}, {@code x-kubernetes-int-or-string},
 * {@code x-kubernetes-preserve-unknown-fields}, and {@code allOf}/{@code anyOf}/{@code oneOf}/{@code not}. Fields
 * the schema does not describe are pruned by the API server, not rejected, so they pass here too.
 *
 * <p>Written for this subset rather than through a draft-2020 JSON Schema library because Kubernetes' dialect
 * differs from every JSON Schema draft (nullable, int-or-string, integer vs number, error wording).
 *
 * <p>Stateless and thread-safe.
 */
public final class ParameterSchema {
    private static final Set<String> TYPES = Set.of("object", "array", "string", "integer", "number", "boolean");

    private ParameterSchema() {}

    /**
     * Checks that a template's schema is usable; with {@code structural}, that every node names a type (unless it
     * preserves unknown fields or is int-or-string), as v1 CustomResourceDefinitions require.
     */
    static void checkSchema(JsonNode schema, String field, boolean structural) throws ConstraintException {
        if (!schema.isObject()) {
            throw new ConstraintException(field, "must be an object (an OpenAPI v3 schema)");
        }
        JsonNode type = schema.path("type");
        if (!type.isMissingNode() && !(type.isString() && TYPES.contains(type.asString()))) {
            throw new ConstraintException(field + ".type", "Unsupported value: " + type
                    + ": supported values: \"array\", \"boolean\", \"integer\", \"number\", \"object\", \"string\"");
        }
        boolean open = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
                || schema.path("x-kubernetes-int-or-string").asBoolean(false);
        if (structural && type.isMissingNode() && !open) {
            throw new ConstraintException(field + ".type", "Required value: must not be empty for specified fields");
        }
        if (schema.path("pattern").isString()) {
            try {
                Pattern.compile(schema.path("pattern").asString());
            } catch (PatternSyntaxException e) {
                throw new ConstraintException(field + ".pattern", "Invalid value: " + e.getDescription());
            }
        }
        for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
            checkSchema(p.getValue(), field + ".properties[" + p.getKey() + "]", structural);
        }
        if (schema.path("items").isObject()) {
            checkSchema(schema.path("items"), field + ".items", structural);
        }
        if (schema.path("additionalProperties").isObject()) {
            checkSchema(schema.path("additionalProperties"), field + ".additionalProperties", structural);
        }
    }

    /**
     * Validates {@code value} (found at {@code path}, e.g. {@code spec.parameters}) against {@code schema}.
     *
     * @return one message per problem, each starting with the offending field; empty when valid
     */
    public static List<String> validate(JsonNode schema, JsonNode value, String path) {
        List<String> errors = new ArrayList<>();
        validate(schema, value, path, errors);
        return errors;
    }

    private static void validate(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema == null || !schema.isObject()) {
            return;
        }
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false) && schema.has("type")) {
                errors.add(path + ": Invalid value: \"null\": " + path + " in body must be of type "
                        + schema.path("type").asString() + ": \"null\"");
            }
            return;
        }
        String type = schema.path("type").asString("");
        boolean intOrString = schema.path("x-kubernetes-int-or-string").asBoolean(false);
        if (intOrString) {
            if (!value.isIntegralNumber() && !value.isString()) {
                errors.add(path + ": Invalid value: \"" + typeOf(value) + "\": " + path
                        + " in body must be of type integer or string: \"" + typeOf(value) + "\"");
                return;
            }
        } else if (!type.isEmpty() && !hasType(value, type)) {
            errors.add(path + ": Invalid value: \"" + typeOf(value) + "\": " + path + " in body must be of type "
                    + type + ": \"" + typeOf(value) + "\"");
            return;
        }
        JsonNode enumValues = schema.path("enum");
        if (enumValues.isArray() && !enumValues.isEmpty()) {
            boolean found = false;
            for (JsonNode e : enumValues) {
                found |= e.equals(value);
            }
            if (!found) {
                List<String> allowed = new ArrayList<>();
                enumValues.forEach(e -> allowed.add(e.toString()));
                errors.add(path + ": Unsupported value: " + value + ": supported values: "
                        + String.join(", ", allowed));
            }
        }
        if (value.isString()) {
            int length = value.asString().codePointCount(0, value.asString().length());
            if (schema.has("minLength") && length < schema.path("minLength").asLong()) {
                errors.add(path + ": Invalid value: " + value + ": " + path + " in body should be at least "
                        + schema.path("minLength").asLong() + " chars long");
            }
            if (schema.has("maxLength") && length > schema.path("maxLength").asLong()) {
                errors.add(path + ": Too long: may not be more than " + schema.path("maxLength").asLong()
                        + " bytes");
            }
            if (schema.path("pattern").isString()) {
                try {
                    if (!Pattern.compile(schema.path("pattern").asString()).matcher(value.asString()).find()) {
                        errors.add(path + ": Invalid value: " + value + ": " + path + " in body should match '"
                                + schema.path("pattern").asString() + "'");
                    }
                } catch (PatternSyntaxException e) {
                    // Rejected when the template was loaded.
                }
            }
        }
        if (value.isNumber()) {
            double d = value.asDouble();
            if (schema.path("minimum").isNumber() && d < schema.path("minimum").asDouble()) {
                errors.add(path + ": Invalid value: " + value + ": " + path + " in body should be greater than or "
                        + "equal to " + schema.path("minimum"));
            }
            if (schema.path("maximum").isNumber() && d > schema.path("maximum").asDouble()) {
                errors.add(path + ": Invalid value: " + value + ": " + path + " in body should be less than or "
                        + "equal to " + schema.path("maximum"));
            }
        }
        if (value.isArray()) {
            if (schema.has("minItems") && value.size() < schema.path("minItems").asLong()) {
                errors.add(path + ": Invalid value: " + value.size() + ": " + path + " in body should have at least "
                        + schema.path("minItems").asLong() + " items");
            }
            if (schema.has("maxItems") && value.size() > schema.path("maxItems").asLong()) {
                errors.add(path + ": Too many: " + value.size() + ": must have at most "
                        + schema.path("maxItems").asLong() + " items");
            }
            JsonNode items = schema.path("items");
            for (int i = 0; i < value.size(); i++) {
                validate(items.isObject() ? items : null, value.get(i), path + "[" + i + "]", errors);
            }
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                JsonNode propertySchema = properties.path(field.getKey());
                if (propertySchema.isObject()) {
                    validate(propertySchema, field.getValue(), path + "." + field.getKey(), errors);
                } else if (additional.isObject()) {
                    validate(additional, field.getValue(), path + "." + field.getKey(), errors);
                }
            }
            for (Iterator<JsonNode> it = schema.path("required").values().iterator(); it.hasNext(); ) {
                String required = it.next().asString("");
                if (!value.has(required)) {
                    errors.add(path + "." + required + ": Required value");
                }
            }
        }
        for (JsonNode sub : schema.path("allOf")) {
            validate(sub, value, path, errors);
        }
        if (schema.path("anyOf").isArray() && !schema.path("anyOf").isEmpty()) {
            boolean any = false;
            for (JsonNode sub : schema.path("anyOf")) {
                any |= validate(sub, value, path).isEmpty();
            }
            if (!any) {
                errors.add(path + ": Invalid value: " + shorten(value) + ": " + path
                        + " in body must match at least one schema (anyOf)");
            }
        }
        if (schema.path("oneOf").isArray() && !schema.path("oneOf").isEmpty()) {
            int matched = 0;
            for (JsonNode sub : schema.path("oneOf")) {
                matched += validate(sub, value, path).isEmpty() ? 1 : 0;
            }
            if (matched != 1) {
                errors.add(path + ": Invalid value: " + shorten(value) + ": " + path
                        + " in body must validate one and only one schema (oneOf)");
            }
        }
        if (schema.path("not").isObject() && validate(schema.path("not"), value, path).isEmpty()) {
            errors.add(path + ": Invalid value: " + shorten(value) + ": " + path
                    + " in body should not be valid against schema (not)");
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isString();
            // JSON has one number type: 3.0 is an integer to the API server, as it decodes to int64.
            case "integer" -> value.isIntegralNumber()
                    || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    private static String typeOf(JsonNode value) {
        if (value.isObject()) {
            return "object";
        }
        if (value.isArray()) {
            return "array";
        }
        if (value.isString()) {
            return "string";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        return "null";
    }

    private static String shorten(JsonNode value) {
        String s = value.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
