package dev.gatehouse.policy.constraint;

import dev.gatehouse.policy.review.Operation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Turns a ConstraintTemplate object into a {@link ConstraintTemplate}, with the checks Gatekeeper makes before it
 * accepts one: the kind is named and equals the upper-case spelling of metadata.name; exactly one target, the admission
 * target; Rego either inline or as a code entry; K8sNativeValidation sources well-formed with no reserved names;
 * the parameters schema a usable OpenAPI schema. Engine-specific compilation (CEL type checking, Rego parsing)
 * is the drivers' job.
 *
 * <p>Stateless and thread-safe.
 */
public final class TemplateParser {
    /** The API group of ConstraintTemplates. */
    public static final String GROUP = "templates.gatekeeper.sh";
    /** The versions this parser reads. */
    public static final List<String> VERSIONS = List.of("v1", "v1beta1", "v1alpha1");
    /** The code engine name of CEL sources. */
    public static final String CEL_ENGINE = "K8sNativeValidation";
    /** The code engine name of Rego sources. */
    public static final String REGO_ENGINE = "Rego";

    private static final String RESERVED_PREFIX = "gatekeeper_internal_";
    private static final Set<String> RESERVED_VARIABLES = Set.of("params", "anyObject");

    private TemplateParser() {}

    /** Whether the object claims to be a ConstraintTemplate (any version). */
    public static boolean isTemplate(JsonNode object) {
        return object.path("kind").asString("").equals("ConstraintTemplate")
                && object.path("apiVersion").asString("").startsWith(GROUP + "/");
    }

    /**
     * Parses and validates a template.
     *
     * @throws ConstraintException naming the first offending field
     */
    public static ConstraintTemplate parse(JsonNode object) throws ConstraintException {
        String apiVersion = object.path("apiVersion").asString("");
        String version = apiVersion.startsWith(GROUP + "/") ? apiVersion.substring(GROUP.length() + 1) : "";
        if (!object.path("kind").asString("").equals("ConstraintTemplate") || !VERSIONS.contains(version)) {
            throw new ConstraintException("apiVersion", "not a ConstraintTemplate of " + GROUP + " "
                    + String.join(", ", VERSIONS) + ": " + apiVersion + " " + object.path("kind").asString(""));
        }
        String name = object.path("metadata").path("name").asString("");
        if (name.isEmpty()) {
            throw new ConstraintException("metadata.name", "Required value");
        }
        JsonNode spec = object.path("spec");
        JsonNode names = spec.path("crd").path("spec").path("names");
        String kind = names.path("kind").asString("");
        if (kind.isEmpty()) {
            throw new ConstraintException("spec.crd.spec.names.kind", "Required value: the constraint kind");
        }
        if (!name.equals(kind.toLowerCase(Locale.ROOT))) {
            throw new ConstraintException("metadata.name", "the ConstraintTemplate's name \"" + name
                    + "\" is not equal to the lowercase of CRD's Kind: \"" + kind.toLowerCase(Locale.ROOT) + "\"");
        }
        JsonNode validation = spec.path("crd").path("spec").path("validation");
        // v1beta1 and v1alpha1 keep the old permissive behaviour unless the template says otherwise.
        boolean legacy = validation.path("legacySchema").isBoolean()
                ? validation.path("legacySchema").asBoolean()
                : !version.equals("v1");
        JsonNode schema = validation.path("openAPIV3Schema");
        if (schema.isMissingNode() || schema.isNull()) {
            schema = null;
        } else {
            ParameterSchema.checkSchema(schema, "spec.crd.spec.validation.openAPIV3Schema", !legacy);
        }

        JsonNode targets = spec.path("targets");
        if (!targets.isArray() || targets.isEmpty()) {
            throw new ConstraintException("spec.targets", "Required value: exactly one target");
        }
        if (targets.size() > 1) {
            throw new ConstraintException("spec.targets", "multiple targets are not supported: " + targets.size());
        }
        JsonNode target = targets.get(0);
        String targetName = target.path("target").asString("");
        if (!targetName.equals(ConstraintTemplate.ADMISSION_TARGET)) {
            throw new ConstraintException("spec.targets[0].target", "unknown target \"" + targetName
                    + "\": the only supported target is " + ConstraintTemplate.ADMISSION_TARGET);
        }
        Optional<RegoSource> rego = Optional.empty();
        if (target.hasNonNull("rego")) {
            rego = Optional.of(new RegoSource(text(target, "rego", "spec.targets[0].rego"),
                    strings(target.path("libs"), "spec.targets[0].libs"), ""));
        }
        Optional<CelSource> cel = Optional.empty();
        Set<Operation> operations = operations(target.path("operations"), "spec.targets[0].operations");
        JsonNode code = target.path("code");
        for (int i = 0; i < code.size(); i++) {
            String field = "spec.targets[0].code[" + i + "]";
            JsonNode entry = code.get(i);
            String engine = entry.path("engine").asString("");
            JsonNode source = entry.path("source");
            if (engine.isEmpty()) {
                throw new ConstraintException(field + ".engine", "Required value");
            }
            if (!source.isObject()) {
                throw new ConstraintException(field + ".source", "Required value: an object");
            }
            switch (engine) {
                case REGO_ENGINE -> {
                    if (rego.isPresent()) {
                        throw new ConstraintException(field, "Rego code is given more than once");
                    }
                    rego = Optional.of(new RegoSource(text(source, "rego", field + ".source.rego"),
                            strings(source.path("libs"), field + ".source.libs"),
                            source.path("version").asString("")));
                }
                case CEL_ENGINE -> {
                    if (cel.isPresent()) {
                        throw new ConstraintException(field, CEL_ENGINE + " code is given more than once");
                    }
                    cel = Optional.of(celSource(source, field + ".source"));
                }
                // Unknown engines are kept out rather than rejected: upstream ignores code it has no driver for.
                default -> { }
            }
        }
        if (rego.isEmpty() && cel.isEmpty()) {
            throw new ConstraintException("spec.targets[0]", "no code for any supported engine (Rego, "
                    + CEL_ENGINE + ")");
        }
        return new ConstraintTemplate(name, kind, apiVersion, schema, legacy, cel, rego, operations, object);
    }

    private static CelSource celSource(JsonNode source, String field) throws ConstraintException {
        List<CelSource.NamedExpression> variables = named(source.path("variables"), field + ".variables");
        for (int i = 0; i < variables.size(); i++) {
            String n = variables.get(i).name();
            if (RESERVED_VARIABLES.contains(n) || n.startsWith(RESERVED_PREFIX)) {
                throw new ConstraintException(field + ".variables[" + i + "].name", "variable name \"" + n
                        + "\" is reserved (params, anyObject and the prefix " + RESERVED_PREFIX + ")");
            }
        }
        List<CelSource.NamedExpression> conditions = named(source.path("matchCondition"), field + ".matchCondition");
        for (int i = 0; i < conditions.size(); i++) {
            if (conditions.get(i).name().startsWith(RESERVED_PREFIX)) {
                throw new ConstraintException(field + ".matchCondition[" + i + "].name", "match condition name \""
                        + conditions.get(i).name() + "\" uses the reserved prefix " + RESERVED_PREFIX);
            }
        }
        List<CelSource.Validation> validations = new ArrayList<>();
        JsonNode list = source.path("validations");
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
            throw new ConstraintException(field + ".validations", "must be a list");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode v = list.get(i);
            String f = field + ".validations[" + i + "]";
            validations.add(new CelSource.Validation(text(v, "expression", f + ".expression"),
                    optionalText(v, "message", f + ".message"), optionalText(v, "messageExpression",
                    f + ".messageExpression")));
        }
        String policy = source.path("failurePolicy").asString("Fail");
        FailurePolicy failurePolicy = switch (policy) {
            case "Fail" -> FailurePolicy.FAIL;
            case "Ignore" -> FailurePolicy.IGNORE;
            default -> throw new ConstraintException(field + ".failurePolicy",
                    "Unsupported value: \"" + policy + "\": supported values: \"Fail\", \"Ignore\"");
        };
        return new CelSource(variables, conditions, validations, failurePolicy);
    }

    private static List<CelSource.NamedExpression> named(JsonNode list, String field) throws ConstraintException {
        List<CelSource.NamedExpression> out = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw new ConstraintException(field, "must be a list");
        }
        for (int i = 0; i < list.size(); i++) {
            String f = field + "[" + i + "]";
            String name = text(list.get(i), "name", f + ".name");
            for (CelSource.NamedExpression seen : out) {
                if (seen.name().equals(name)) {
                    throw new ConstraintException(f + ".name", "Duplicate value: \"" + name + "\"");
                }
            }
            out.add(new CelSource.NamedExpression(name, text(list.get(i), "expression", f + ".expression")));
        }
        return out;
    }

    private static Set<Operation> operations(JsonNode list, String field) throws ConstraintException {
        if (list.isMissingNode() || list.isNull() || list.isEmpty()) {
            return Set.of();
        }
        EnumSet<Operation> ops = EnumSet.noneOf(Operation.class);
        for (int i = 0; i < list.size(); i++) {
            String op = list.get(i).asString("");
            if (op.equals("*")) {
                if (list.size() > 1) {
                    throw new ConstraintException(field, "\"*\" must be the only operation");
                }
                return Set.of();
            }
            try {
                ops.add(Operation.valueOf(op));
            } catch (IllegalArgumentException e) {
                throw new ConstraintException(field + "[" + i + "]", "Unsupported value: \"" + op
                        + "\": supported values: \"CREATE\", \"UPDATE\", \"DELETE\", \"CONNECT\", \"*\"");
            }
        }
        return ops;
    }

    private static String text(JsonNode node, String key, String field) throws ConstraintException {
        JsonNode value = node.path(key);
        if (!value.isString() || value.asString().isEmpty()) {
            throw new ConstraintException(field, value.isMissingNode() || value.isNull()
                    ? "Required value" : "must be a non-empty string");
        }
        return value.asString();
    }

    private static String optionalText(JsonNode node, String key, String field) throws ConstraintException {
        JsonNode value = node.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (!value.isString()) {
            throw new ConstraintException(field, "must be a string");
        }
        return value.asString();
    }

    private static List<String> strings(JsonNode list, String field) throws ConstraintException {
        List<String> out = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw new ConstraintException(field, "must be a list of strings");
        }
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isString()) {
                throw new ConstraintException(field + "[" + i + "]", "must be a string");
            }
            out.add(list.get(i).asString());
        }
        return out;
    }
}
