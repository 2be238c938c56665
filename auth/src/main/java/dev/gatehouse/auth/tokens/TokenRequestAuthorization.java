package dev.gatehouse.auth.tokens;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Who may request tokens for which service accounts: a list of rules, each granting callers (by username or group)
 * the right to create {@code serviceaccounts/token} for some namespaces and service account names ("*" matches
 * any). Nothing is allowed unless a rule allows it. Loaded from YAML:
 *
 * <pre>
 * rules:
 * - users: ["system:serviceaccount:ci:deployer"]
 *   groups: []
 *   namespaces: ["ci"]
 *   serviceAccounts: ["builder"]
 * - groups: ["system:masters"]
 *   namespaces: ["*"]
 *   serviceAccounts: ["*"]
 * </pre>
 *
 * Immutable and thread-safe.
 */
public record TokenRequestAuthorization(List<Rule> rules) {

    /** The authenticated caller of a TokenRequest. */
    public record Caller(String username, List<String> groups) {
        public Caller {
            Objects.requireNonNull(username, "username");
            groups = List.copyOf(groups);
        }
    }

    /** One grant. Empty users and groups match nobody; "*" in any list matches everything. */
    public record Rule(List<String> users, List<String> groups, List<String> namespaces, List<String> serviceAccounts) {
        public Rule {
            users = List.copyOf(users);
            groups = List.copyOf(groups);
            namespaces = List.copyOf(namespaces);
            serviceAccounts = List.copyOf(serviceAccounts);
        }

        boolean allows(Caller caller, String namespace, String serviceAccount) {
            boolean who = matches(users, caller.username()) || caller.groups().stream().anyMatch(g -> matches(groups, g));
            return who && matches(namespaces, namespace) && matches(serviceAccounts, serviceAccount);
        }

        private static boolean matches(List<String> patterns, String value) {
            return patterns.contains("*") || patterns.contains(value);
        }
    }

    public TokenRequestAuthorization {
        rules = List.copyOf(rules);
    }

    /** Allows nothing. */
    public static TokenRequestAuthorization denyAll() {
        return new TokenRequestAuthorization(List.of());
    }

    public boolean allows(Caller caller, String namespace, String serviceAccount) {
        for (Rule rule : rules) {
            if (rule.allows(caller, namespace, serviceAccount)) {
                return true;
            }
        }
        return false;
    }

    /** Reads the YAML form shown above; errors name the file and the rule. */
    public static TokenRequestAuthorization load(Path file) throws IOException {
        JsonNode root;
        try {
            root = YAMLMapper.builder().build().readTree(file.toFile());
        } catch (JacksonException e) {
            throw new IOException(file + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.path("rules").isArray()) {
            throw new IOException(file + ": expected a top-level \"rules\" list");
        }
        List<Rule> rules = new ArrayList<>();
        int index = 0;
        for (JsonNode rule : root.get("rules")) {
            String where = file + ": rules[" + index++ + "]";
            if (!rule.isObject()) {
                throw new IOException(where + ": must be a mapping");
            }
            for (var name : rule.propertyNames()) {
                if (!List.of("users", "groups", "namespaces", "serviceAccounts").contains(name)) {
                    throw new IOException(where + ": unknown field \"" + name + "\" (expected users, groups, namespaces, serviceAccounts)");
                }
            }
            rules.add(new Rule(strings(rule, "users", where), strings(rule, "groups", where),
                    strings(rule, "namespaces", where), strings(rule, "serviceAccounts", where)));
        }
        return new TokenRequestAuthorization(rules);
    }

    private static List<String> strings(JsonNode rule, String field, String where) throws IOException {
        JsonNode node = rule.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IOException(where + "." + field + ": must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode value : node) {
            if (!value.isString() || value.asString().isEmpty()) {
                throw new IOException(where + "." + field + ": must be a list of non-empty strings");
            }
            out.add(value.asString());
        }
        return out;
    }
}
