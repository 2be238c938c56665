package dev.gatehouse.policy.constraint.expansion;

import dev.gatehouse.policy.constraint.ConstraintException;
import dev.gatehouse.policy.constraint.EnforcementAction;
import dev.gatehouse.policy.review.GroupVersionKind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Parses and validates ExpansionTemplate objects. Upstream's own checks come first, with its messages (empty name,
 * name of 64 characters or more, empty source, empty generatedGVK, no applyTo, a template that applies to the kind it
 * generates); then what the CRD schema and strict field validation would reject (unknown fields, wrong types), and a
 * few mistakes upstream accepts but that can only make a template silently useless: an applyTo entry with no group,
 * version or kind, a generatedGVK without kind or version, a source path with an empty segment, and an enforcement
 * action other than deny, dryrun or warn (upstream drops the violations of an unknown action without a word).
 *
 * <p>Stateless and thread-safe.
 */
public final class ExpansionTemplateParser {
    /** Upstream limits the name so that status object names derived from it stay valid. */
    static final int MAX_NAME_LENGTH = 63;

    private static final Set<String> SPEC_FIELDS = Set.of("applyTo", "templateSource", "generatedGVK",
            "enforcementAction");
    private static final Set<String> APPLY_TO_FIELDS = Set.of("groups", "versions", "kinds", "operations");
    private static final Set<String> GVK_FIELDS = Set.of("group", "version", "kind");
    private static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE");
    private static final Map<String, EnforcementAction> ACTIONS = Map.of("deny", EnforcementAction.DENY,
            "dryrun", EnforcementAction.DRYRUN, "warn", EnforcementAction.WARN);

    private ExpansionTemplateParser() {}

    /** Whether the object claims to be an ExpansionTemplate (any version). */
    public static boolean isExpansionTemplate(JsonNode object) {
        return object.path("kind").asString("").equals("ExpansionTemplate")
                && object.path("apiVersion").asString("").startsWith(ExpansionTemplate.GROUP + "/");
    }

    /**
     * Parses and validates an ExpansionTemplate on its own (cycles between templates are found by {@link Expander}).
     *
     * @throws ConstraintException naming the first offending field
     */
    public static ExpansionTemplate parse(JsonNode object) throws ConstraintException {
        String apiVersion = object.path("apiVersion").asString("");
        String prefix = ExpansionTemplate.GROUP + "/";
        String version = apiVersion.startsWith(prefix) ? apiVersion.substring(prefix.length()) : "";
        if (!object.path("kind").asString("").equals("ExpansionTemplate")
                || !ExpansionTemplate.VERSIONS.contains(version)) {
            throw new ConstraintException("apiVersion", "not an ExpansionTemplate of " + ExpansionTemplate.GROUP
                    + " " + String.join(", ", ExpansionTemplate.VERSIONS) + ": " + apiVersion + " "
                    + object.path("kind").asString(""));
        }
        String name = object.path("metadata").path("name").asString("");
        if (name.isEmpty()) {
            throw new ConstraintException("metadata.name", "ExpansionTemplate has empty name field");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new ConstraintException("metadata.name", "ExpansionTemplate name must be less than 64 characters");
        }
        JsonNode spec = object.path("spec");
        if (!spec.isMissingNode() && !spec.isNull() && !spec.isObject()) {
            throw new ConstraintException("spec", "must be an object");
        }
        unknownFields(spec, SPEC_FIELDS, "spec");

        String source = string(spec.path("templateSource"), "spec.templateSource");
        if (source.isEmpty()) {
            throw new ConstraintException("spec.templateSource", "ExpansionTemplate " + name
                    + " has empty source field");
        }
        List<String> sourcePath = List.of(source.split("\\.", -1));
        if (sourcePath.contains("")) {
            throw new ConstraintException("spec.templateSource", "Invalid value: \"" + source
                    + "\": must be field names separated by dots, e.g. spec.template");
        }

        JsonNode gvk = spec.path("generatedGVK");
        if (!gvk.isMissingNode() && !gvk.isNull() && !gvk.isObject()) {
            throw new ConstraintException("spec.generatedGVK", "must be an object");
        }
        unknownFields(gvk, GVK_FIELDS, "spec.generatedGVK");
        GroupVersionKind generated = new GroupVersionKind(string(gvk.path("group"), "spec.generatedGVK.group"),
                string(gvk.path("version"), "spec.generatedGVK.version"),
                string(gvk.path("kind"), "spec.generatedGVK.kind"));
        if (generated.group().isEmpty() && generated.version().isEmpty() && generated.kind().isEmpty()) {
            throw new ConstraintException("spec.generatedGVK", "ExpansionTemplate " + name
                    + " has empty generatedGVK field");
        }
        if (generated.kind().isEmpty()) {
            throw new ConstraintException("spec.generatedGVK.kind", "Required value: the kind of the generated"
                    + " objects, e.g. Pod");
        }
        if (generated.version().isEmpty()) {
            throw new ConstraintException("spec.generatedGVK.version", "Required value: the version of the"
                    + " generated objects, e.g. v1");
        }

        JsonNode applyToList = spec.path("applyTo");
        if (!applyToList.isMissingNode() && !applyToList.isNull() && !applyToList.isArray()) {
            throw new ConstraintException("spec.applyTo", "must be a list");
        }
        if (applyToList.isEmpty()) {
            throw new ConstraintException("spec.applyTo", "ExpansionTemplate " + name + " must specify ApplyTo");
        }
        List<ApplyTo> applyTo = new ArrayList<>();
        for (int i = 0; i < applyToList.size(); i++) {
            applyTo.add(applyTo(applyToList.get(i), "spec.applyTo[" + i + "]"));
        }
        for (ApplyTo a : applyTo) {
            if (a.matches(generated)) {
                // A template that expands its own output would recurse forever.
                throw new ConstraintException("spec.applyTo", "ExpansionTemplate " + name + " generates GVK "
                        + gvkString(generated) + ", but also applies to that same GVK");
            }
        }

        String action = string(spec.path("enforcementAction"), "spec.enforcementAction");
        Optional<EnforcementAction> enforcementAction = Optional.empty();
        if (!action.isEmpty()) {
            EnforcementAction parsed = ACTIONS.get(action);
            if (parsed == null) {
                throw new ConstraintException("spec.enforcementAction", "Unsupported value: \"" + action
                        + "\": supported values: \"deny\", \"dryrun\", \"warn\"");
            }
            enforcementAction = Optional.of(parsed);
        }
        return new ExpansionTemplate(name, applyTo, source, sourcePath, generated, enforcementAction, object);
    }

    /** A kind as Go's {@code schema.GroupVersionKind} prints it ({@code apps/v1, Kind=Deployment}). */
    static String gvkString(GroupVersionKind gvk) {
        return gvk.group() + "/" + gvk.version() + ", Kind=" + gvk.kind();
    }

    private static ApplyTo applyTo(JsonNode entry, String field) throws ConstraintException {
        if (!entry.isObject()) {
            throw new ConstraintException(field, "must be an object with groups, versions and kinds");
        }
        unknownFields(entry, APPLY_TO_FIELDS, field);
        List<String> groups = strings(entry.path("groups"), field + ".groups", "group (\"\" is the core group)");
        List<String> versions = strings(entry.path("versions"), field + ".versions", "version");
        List<String> kinds = strings(entry.path("kinds"), field + ".kinds", "kind");
        JsonNode operations = entry.path("operations");
        if (!operations.isMissingNode() && !operations.isNull()) {
            // Accepted because the shared ApplyTo type has it; expansion itself does not look at operations.
            boolean valid = operations.isArray();
            for (JsonNode operation : operations) {
                valid &= operation.isString() && OPERATIONS.contains(operation.asString());
            }
            if (!valid) {
                throw new ConstraintException(field + ".operations", "must be a list of CREATE, UPDATE, DELETE");
            }
        }
        return new ApplyTo(groups, versions, kinds);
    }

    private static List<String> strings(JsonNode node, String field, String what) throws ConstraintException {
        if (node.isMissingNode() || node.isNull() || (node.isArray() && node.isEmpty())) {
            throw new ConstraintException(field, "Required value: at least one " + what);
        }
        if (!node.isArray()) {
            throw new ConstraintException(field, "must be a list of strings");
        }
        List<String> values = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isString()) {
                throw new ConstraintException(field + "[" + i + "]", "must be a string");
            }
            values.add(node.get(i).asString());
        }
        return values;
    }

    private static String string(JsonNode node, String field) throws ConstraintException {
        if (node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (!node.isString()) {
            throw new ConstraintException(field, "must be a string");
        }
        return node.asString();
    }

    private static void unknownFields(JsonNode node, Set<String> known, String field) throws ConstraintException {
        if (!node.isObject()) {
            return;
        }
        Iterator<String> names = node.propertyNames().iterator();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new ConstraintException(field + "." + name, "unknown field \"" + field + "." + name + "\"");
            }
        }
    }
}
