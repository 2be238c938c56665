package dev.gatehouse.policy.constraint.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Finds and parses gator Suite files. A path ending in {@code /...} is searched recursively; a directory is
 * searched one level deep; a file is read as given. Only YAML documents of kind Suite in the test group count:
 * other YAML files are skipped, as gator skips them.
 *
 * <p>Stateless and thread-safe.
 */
public final class SuiteReader {
    /** The apiVersion of suites. */
    public static final String API_VERSION = "test.gatekeeper.sh/v1alpha1";

    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    private SuiteReader() {}

    /** A file that could not be read or parsed as a suite. */
    public record SuiteError(Path path, String message) {
        @Override
        public String toString() {
            return path + ": " + message;
        }
    }

    /** Suites found under the arguments, in path order, and the files that claimed to be suites but are broken. */
    public record Found(List<Suite> suites, List<SuiteError> errors) {
        public Found {
            suites = List.copyOf(suites);
            errors = List.copyOf(errors);
        }
    }

    /** Finds every suite under the arguments. */
    public static Found find(List<String> arguments) {
        List<Suite> suites = new ArrayList<>();
        List<SuiteError> errors = new ArrayList<>();
        for (String argument : arguments) {
            boolean recursive = argument.equals("...") || argument.endsWith("/...");
            String base = recursive ? argument.substring(0, argument.length() - 3) : argument;
            Path path = Path.of(base.isEmpty() ? "." : base);
            if (!Files.exists(path)) {
                errors.add(new SuiteError(path, "no such file or directory"));
                continue;
            }
            if (Files.isRegularFile(path)) {
                read(path, true, suites, errors);
                continue;
            }
            try (Stream<Path> files = recursive ? Files.walk(path) : Files.list(path)) {
                for (Path file : files.filter(Files::isRegularFile).filter(SuiteReader::isYaml).sorted().toList()) {
                    read(file, false, suites, errors);
                }
            } catch (IOException | RuntimeException e) {
                errors.add(new SuiteError(path, "cannot list directory: " + e.getMessage()));
            }
        }
        return new Found(suites, errors);
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static void read(Path file, boolean explicit, List<Suite> suites, List<SuiteError> errors) {
        JsonNode node;
        try {
            node = YAML.readTree(Files.readString(file));
        } catch (IOException | JacksonException e) {
            // A YAML file that is not a suite at all is not our business when we were only searching.
            if (explicit || looksLikeSuite(file)) {
                errors.add(new SuiteError(file, "cannot parse: " + firstLine(e.getMessage())));
            }
            return;
        }
        if (node == null || !node.path("kind").asString("").equals("Suite")
                || !node.path("apiVersion").asString("").equals(API_VERSION)) {
            if (explicit) {
                errors.add(new SuiteError(file, "not a Suite (apiVersion " + API_VERSION + ", kind Suite)"));
            }
            return;
        }
        try {
            suites.add(parse(file, node));
        } catch (IllegalArgumentException e) {
            errors.add(new SuiteError(file, e.getMessage()));
        }
    }

    private static boolean looksLikeSuite(Path file) {
        try {
            String text = Files.readString(file);
            return text.contains(API_VERSION) && text.contains("Suite");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Parses a suite document.
     *
     * @throws IllegalArgumentException naming the field at fault
     */
    public static Suite parse(Path file, JsonNode node) {
        List<Suite.Test> tests = new ArrayList<>();
        JsonNode testList = node.path("tests");
        for (int i = 0; i < testList.size(); i++) {
            JsonNode t = testList.get(i);
            String field = "tests[" + i + "]";
            List<Suite.Case> cases = new ArrayList<>();
            JsonNode caseList = t.path("cases");
            for (int j = 0; j < caseList.size(); j++) {
                JsonNode c = caseList.get(j);
                String caseField = field + ".cases[" + j + "]";
                List<String> inventory = new ArrayList<>();
                for (JsonNode inv : c.path("inventory")) {
                    inventory.add(inv.asString(""));
                }
                List<Suite.Assertion> assertions = new ArrayList<>();
                JsonNode assertionList = c.path("assertions");
                for (int k = 0; k < assertionList.size(); k++) {
                    JsonNode a = assertionList.get(k);
                    JsonNode v = a.path("violations");
                    String violations;
                    if (v.isMissingNode() || v.isNull()) {
                        violations = "yes";
                    } else if (v.isIntegralNumber() || v.isString()) {
                        violations = v.asString();
                    } else if (v.isBoolean()) {
                        // YAML 1.1 readers turn an unquoted yes/no into a boolean; the suite meant the string.
                        violations = v.asBoolean() ? "yes" : "no";
                    } else {
                        throw new IllegalArgumentException(caseField + ".assertions[" + k + "].violations: must be"
                                + " a nonnegative integer, \"yes\", or \"no\"");
                    }
                    Optional<String> message = a.hasNonNull("message")
                            ? Optional.of(a.path("message").asString("")) : Optional.empty();
                    assertions.add(new Suite.Assertion(violations, message));
                }
                cases.add(new Suite.Case(c.path("name").asString(""), c.path("object").asString(""), inventory,
                        assertions, c.path("skip").asBoolean(false)));
            }
            tests.add(new Suite.Test(t.path("name").asString(""), t.path("template").asString(""),
                    t.path("constraint").asString(""), t.path("expansion").asString(""),
                    t.path("invalid").asBoolean(false),
                    t.path("skip").asBoolean(false), cases));
        }
        return new Suite(file, node.path("metadata").path("name").asString(""), node.path("skip").asBoolean(false),
                tests);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
