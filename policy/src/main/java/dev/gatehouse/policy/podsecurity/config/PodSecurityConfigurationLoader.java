package dev.gatehouse.policy.podsecurity.config;

import dev.gatehouse.policy.text.KubernetesNames;
import dev.gatehouse.policy.text.GoQuote;
import dev.gatehouse.policy.podsecurity.Level;
import dev.gatehouse.policy.podsecurity.LevelVersion;
import dev.gatehouse.policy.podsecurity.Version;
import dev.gatehouse.policy.podsecurity.field.FieldError;
import dev.gatehouse.policy.podsecurity.namespace.NamespacePolicy;
import dev.gatehouse.policy.podsecurity.namespace.PolicyLabels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a {@code PodSecurityConfiguration} (apiVersion {@code pod-security.admission.config.k8s.io/v1}, {@code v1beta1}
 * or {@code v1alpha1}) from YAML or JSON, as the API server's admission configuration or the webhook's
 * {@code --config} file gives it.
 *
 * <p>Decoding is strict, as upstream's: unknown and duplicate fields are errors, and so are values of the wrong
 * type. Unset or empty levels default to {@code privileged} and versions to {@code latest}; empty content means the
 * default configuration. Validation follows upstream: levels and versions must parse, exempt namespaces must be
 * RFC 1123 labels, runtime classes RFC 1123 subdomains, usernames non-empty, and no list may repeat an entry. Every
 * problem is reported with the source name, line and field path.
 *
 * <pre>{@code
 * PodSecurityConfiguration config = PodSecurityConfigurationLoader.load(Path.of("psa.yaml"));
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class PodSecurityConfigurationLoader {

    /** The API group of the configuration. */
    public static final String GROUP = "pod-security.admission.config.k8s.io";
    /** The accepted API versions, newest first. */
    public static final List<String> API_VERSIONS = List.of(GROUP + "/v1", GROUP + "/v1beta1", GROUP + "/v1alpha1");
    public static final String KIND = "PodSecurityConfiguration";

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    private static final List<String> DEFAULT_FIELDS =
            List.of("enforce", "enforce-version", "audit", "audit-version", "warn", "warn-version");
    private static final List<String> EXEMPTION_FIELDS = List.of("usernames", "namespaces", "runtimeClasses");

    private PodSecurityConfigurationLoader() {
    }

    /** Reads and validates the file; the exception names the file. */
    public static PodSecurityConfiguration load(Path file) throws ConfigurationException {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException(file.toString(),
                    List.of(new ConfigurationException.Problem(0, "", "cannot read file: " + describe(e))), e);
        }
        return parse(content, file.toString());
    }

    /**
     * Parses and validates configuration content.
     *
     * @param source the name used in error messages (usually the file name)
     */
    public static PodSecurityConfiguration parse(String content, String source) throws ConfigurationException {
        if (content == null || content.isBlank()) {
            return PodSecurityConfiguration.DEFAULT;
        }
        RawConfiguration raw = new Reader(source).read(content);
        if (raw == null) {
            // Only comments or document markers: as empty as an empty file.
            return PodSecurityConfiguration.DEFAULT;
        }
        return validate(raw, source);
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The decoded fields before defaulting and validation, with the line of each field path. */
    private record RawConfiguration(
            String apiVersion, String kind, Map<String, String> defaults,
            Map<String, List<String>> exemptions, Map<String, Integer> lines) {
    }

    private static PodSecurityConfiguration validate(RawConfiguration raw, String source) throws ConfigurationException {
        List<FieldError> errors = new ArrayList<>();
        // Upstream validates in this order: enforce, warn, audit; then namespaces, runtime classes, usernames.
        Level enforce = level(raw, "enforce", errors);
        Version enforceVersion = version(raw, "enforce-version", errors);
        Level warn = level(raw, "warn", errors);
        Version warnVersion = version(raw, "warn-version", errors);
        Level audit = level(raw, "audit", errors);
        Version auditVersion = version(raw, "audit-version", errors);

        List<String> namespaces = raw.exemptions.getOrDefault("namespaces", List.of());
        List<String> runtimeClasses = raw.exemptions.getOrDefault("runtimeClasses", List.of());
        List<String> usernames = raw.exemptions.getOrDefault("usernames", List.of());
        validateNames("exemptions.namespaces", namespaces, true, errors);
        validateNames("exemptions.runtimeClasses", runtimeClasses, false, errors);
        validateUsernames(usernames, errors);

        if (!errors.isEmpty()) {
            List<ConfigurationException.Problem> problems = new ArrayList<>(errors.size());
            for (FieldError error : errors) {
                problems.add(new ConfigurationException.Problem(
                        raw.lines.getOrDefault(error.field(), 0), error.field(), error.body()));
            }
            throw new ConfigurationException(source, problems);
        }
        NamespacePolicy defaults = NamespacePolicy.of(
                LevelVersion.of(enforce, enforceVersion),
                LevelVersion.of(audit, auditVersion),
                LevelVersion.of(warn, warnVersion));
        return new PodSecurityConfiguration(defaults, new Exemptions(usernames, namespaces, runtimeClasses));
    }

    private static Level level(RawConfiguration raw, String name, List<FieldError> errors) {
        String value = raw.defaults.get(name);
        if (value == null || value.isEmpty()) {
            return Level.PRIVILEGED;
        }
        Optional<Level> level = Level.parse(value);
        if (level.isEmpty()) {
            errors.add(FieldError.invalid("defaults." + name, value, PolicyLabels.INVALID_LEVEL));
            return Level.PRIVILEGED;
        }
        return level.get();
    }

    private static Version version(RawConfiguration raw, String name, List<FieldError> errors) {
        String value = raw.defaults.get(name);
        if (value == null || value.isEmpty()) {
            return Version.LATEST;
        }
        Optional<Version> version = Version.parse(value);
        if (version.isEmpty()) {
            errors.add(FieldError.invalid("defaults." + name, value, PolicyLabels.INVALID_VERSION));
            return Version.LATEST;
        }
        return version.get();
    }

    private static void validateNames(String path, List<String> names, boolean label, List<FieldError> errors) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String field = path + "[" + i + "]";
            List<String> problems = label ? KubernetesNames.labelErrors(name) : KubernetesNames.subdomainErrors(name);
            if (!problems.isEmpty()) {
                errors.add(FieldError.invalid(field, name, String.join(", ", problems)));
            } else if (!seen.add(name)) {
                errors.add(FieldError.duplicate(field, name));
            }
        }
    }

    private static void validateUsernames(List<String> usernames, List<FieldError> errors) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < usernames.size(); i++) {
            String name = usernames.get(i);
            String field = "exemptions.usernames[" + i + "]";
            if (name.isEmpty()) {
                errors.add(FieldError.required(field, ""));
            } else if (!seen.add(name)) {
                errors.add(FieldError.duplicate(field, name));
            }
        }
    }

    /** A strict, location-keeping walk over the token stream of one document. */
    private static final class Reader {
        private final String source;
        private final List<ConfigurationException.Problem> problems = new ArrayList<>();
        private final Map<String, Integer> lines = new HashMap<>();
        private JsonParser parser;

        Reader(String source) {
            this.source = source;
        }

        RawConfiguration read(String content) throws ConfigurationException {
            // JSON is parsed as JSON so that its errors read as JSON errors; anything else is YAML.
            ObjectMapper mapper = content.stripLeading().startsWith("{") ? JSON : YAML;
            try (JsonParser p = mapper.createParser(content)) {
                parser = p;
                JsonToken first = p.nextToken();
                if (first == null || (first == JsonToken.VALUE_NULL && p.nextToken() == null)) {
                    // Nothing but comments or an empty document.
                    return null;
                }
                if (first != JsonToken.START_OBJECT) {
                    throw fail(line(), "", "expected a " + KIND + " object, got " + describe(first));
                }
                String apiVersion = null;
                String kind = null;
                int apiVersionLine = 0;
                Map<String, String> defaults = new HashMap<>();
                Map<String, List<String>> exemptions = new HashMap<>();
                Set<String> seen = new HashSet<>();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    int nameLine = line();
                    p.nextToken();
                    if (!seen.add(name)) {
                        problem(nameLine, "", "duplicate field " + quote(name));
                        p.skipChildren();
                        continue;
                    }
                    switch (name) {
                        case "apiVersion" -> {
                            apiVersion = string(name);
                            apiVersionLine = nameLine;
                        }
                        case "kind" -> kind = string(name);
                        case "defaults" -> readDefaults(defaults);
                        case "exemptions" -> readExemptions(exemptions);
                        default -> {
                            problem(nameLine, "", "unknown field " + quote(name));
                            p.skipChildren();
                        }
                    }
                }
                if (p.nextToken() != null) {
                    problem(line(), "", "expected a single document; the file holds more than one");
                }
                // Upstream checks the type before the fields: a missing or unknown type is the only error shown.
                if (apiVersion == null || apiVersion.isEmpty()) {
                    throw fail(1, "", "Object 'apiVersion' is missing");
                }
                if (kind == null || kind.isEmpty()) {
                    throw fail(1, "", "Object 'Kind' is missing");
                }
                if (!API_VERSIONS.contains(apiVersion) || !KIND.equals(kind)) {
                    throw fail(apiVersionLine, "", "no kind " + quote(kind) + " is registered for version "
                            + quote(apiVersion) + " (supported: kind " + KIND + " in " + String.join(", ", API_VERSIONS) + ")");
                }
                if (!problems.isEmpty()) {
                    throw new ConfigurationException(source, problems);
                }
                return new RawConfiguration(apiVersion, kind, defaults, exemptions, lines);
            } catch (JacksonException e) {
                TokenStreamLocation location = e.getLocation();
                int line = location == null ? 0 : Math.max(location.getLineNr(), 0);
                throw new ConfigurationException(source,
                        List.of(new ConfigurationException.Problem(line, "", "malformed content: " + e.getOriginalMessage())), e);
            }
        }

        private void readDefaults(Map<String, String> defaults) throws ConfigurationException {
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                return;
            }
            expectObject("defaults");
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                String path = "defaults." + name;
                int nameLine = line();
                parser.nextToken();
                if (!DEFAULT_FIELDS.contains(name)) {
                    problem(nameLine, "", "unknown field " + quote(path));
                    parser.skipChildren();
                } else if (defaults.containsKey(name)) {
                    problem(nameLine, "", "duplicate field " + quote(path));
                    parser.skipChildren();
                } else {
                    lines.put(path, nameLine);
                    String value = string(path);
                    defaults.put(name, value == null ? "" : value);
                }
            }
        }

        private void readExemptions(Map<String, List<String>> exemptions) throws ConfigurationException {
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                return;
            }
            expectObject("exemptions");
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                String path = "exemptions." + name;
                int nameLine = line();
                parser.nextToken();
                if (!EXEMPTION_FIELDS.contains(name)) {
                    problem(nameLine, "", "unknown field " + quote(path));
                    parser.skipChildren();
                } else if (exemptions.containsKey(name)) {
                    problem(nameLine, "", "duplicate field " + quote(path));
                    parser.skipChildren();
                } else {
                    lines.put(path, nameLine);
                    exemptions.put(name, stringList(path));
                }
            }
        }

        private List<String> stringList(String path) throws ConfigurationException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_NULL) {
                return List.of();
            }
            if (token != JsonToken.START_ARRAY) {
                throw fail(line(), path, "expected a list of strings, got " + describe(token));
            }
            List<String> out = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                String itemPath = path + "[" + out.size() + "]";
                lines.put(itemPath, line());
                String value = string(itemPath);
                out.add(value == null ? "" : value);
            }
            return out;
        }

        /** The current scalar as a string; null for null; an error for numbers, booleans, objects and lists. */
        private String string(String path) throws ConfigurationException {
            JsonToken token = parser.currentToken();
            return switch (token) {
                case VALUE_STRING -> parser.getString();
                case VALUE_NULL -> null;
                default -> throw fail(line(), path, "expected a string, got " + describe(token));
            };
        }

        private void expectObject(String path) throws ConfigurationException {
            JsonToken token = parser.currentToken();
            if (token != JsonToken.START_OBJECT) {
                throw fail(line(), path, "expected an object, got " + describe(token));
            }
        }

        private int line() {
            TokenStreamLocation location = parser.currentTokenLocation();
            return location == null ? 0 : Math.max(location.getLineNr(), 0);
        }

        private void problem(int line, String field, String message) {
            problems.add(new ConfigurationException.Problem(line, field, message));
        }

        private ConfigurationException fail(int line, String field, String message) {
            problem(line, field, message);
            return new ConfigurationException(source, problems);
        }

        private static String describe(JsonToken token) {
            return switch (token) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "a list";
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                default -> token.name();
            };
        }

        private static String quote(String value) {
            return value == null ? "\"\"" : dev.gatehouse.policy.text.GoQuote.quote(value);
        }
    }
}
