package dev.gatehouse.policy.vap;

import dev.gatehouse.policy.text.KubernetesNames;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * apimachinery's name checks with its wording: DNS-1123 subdomains (object and policy names), qualified names
 * (match condition names, {@code <policy>/<key>} audit annotation keys) and CEL identifiers (variable names).
 * Stateless and thread-safe.
 */
final class ObjectNames {
    private static final String QUALIFIED_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final String QUALIFIED_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and "
            + "must start and end with an alphanumeric character";
    private static final Pattern QUALIFIED = Pattern.compile(QUALIFIED_FMT);
    private static final Pattern CEL_IDENTIFIER = Pattern.compile("[_a-zA-Z][_a-zA-Z0-9]*");
    private static final List<String> CEL_RESERVED = List.of("true", "false", "null", "in", "as", "break", "const",
            "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return",
            "var", "void", "while");

    private ObjectNames() {}

    /**
     * An object's {@code metadata.name}, checked as the API server checks it (required, an RFC 1123 subdomain);
     * every problem goes to {@code errors}.
     */
    static String metadataName(tools.jackson.databind.JsonNode object, FieldErrors errors) {
        String name = object.path("metadata").path("name").asString("");
        if (name.isEmpty()) {
            errors.required("metadata.name", "name or generateName is required");
        } else {
            subdomain("metadata.name", name, errors);
        }
        return name;
    }

    /** Records an Invalid error for each way {@code value} is not an RFC 1123 subdomain. */
    static void subdomain(String field, String value, FieldErrors errors) {
        KubernetesNames.subdomainErrors(value).forEach(m -> errors.invalid(field, value, m));
    }

    static List<String> qualifiedNameErrors(String value) {
        List<String> errors = new ArrayList<>(2);
        String[] parts = value.split("/", -1);
        String name;
        if (parts.length == 1) {
            name = parts[0];
        } else if (parts.length == 2) {
            name = parts[1];
            if (parts[0].isEmpty()) {
                errors.add("prefix part must be non-empty");
            } else {
                KubernetesNames.subdomainErrors(parts[0]).forEach(e -> errors.add("prefix part " + e));
            }
        } else {
            errors.add("a qualified name " + KubernetesNames.regexError(QUALIFIED_MSG, QUALIFIED_FMT, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            return errors;
        }
        if (name.isEmpty()) {
            errors.add("name part must be non-empty");
        } else if (name.length() > 63) {
            errors.add("name part must be no more than 63 characters");
        }
        if (!QUALIFIED.matcher(name).matches()) {
            errors.add("name part " + KubernetesNames.regexError(QUALIFIED_MSG, QUALIFIED_FMT, "MyName", "my.name", "123-abc"));
        }
        return errors;
    }

    static boolean isCelIdentifier(String value) {
        return CEL_IDENTIFIER.matcher(value).matches() && !CEL_RESERVED.contains(value);
    }
}
