package dev.gatehouse.policy.constraint.verify;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Selects tests and cases by name, as gator's {@code -r}: {@code REGEX} runs the tests and cases whose name matches
 * (a case runs when its own or its test's name matches); {@code TEST//CASE} runs the cases matching CASE in tests
 * matching TEST. Go (RE2) regular expressions, unanchored.
 */
public final class TestFilter {
    /** Runs everything. */
    public static final TestFilter ALL = new TestFilter(null, null);

    private final Pattern test;
    private final Pattern caseName;

    private TestFilter(Pattern test, Pattern caseName) {
        this.test = test;
        this.caseName = caseName;
    }

    /**
     * Parses a filter.
     *
     * @throws IllegalArgumentException for a bad regular expression or more than one {@code //}
     */
    public static TestFilter parse(String filter) {
        if (filter == null || filter.isEmpty()) {
            return ALL;
        }
        String[] parts = filter.split("//", -1);
        try {
            return switch (parts.length) {
                case 1 -> new TestFilter(Pattern.compile(parts[0]), null);
                case 2 -> new TestFilter(Pattern.compile(parts[0]), Pattern.compile(parts[1]));
                default -> throw new IllegalArgumentException("a filter may include at most one \"//\"");
            };
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid filter: " + e.getMessage());
        }
    }

    /** Whether the test runs at all. */
    public boolean matchesTest(Suite.Test t) {
        if (test == null) {
            return true;
        }
        if (caseName != null) {
            return test.matcher(t.name()).find();
        }
        if (test.matcher(t.name()).find()) {
            return true;
        }
        return t.cases().stream().anyMatch(c -> matchesCase(t.name(), c.name()));
    }

    /** Whether the case runs. */
    public boolean matchesCase(String testName, String name) {
        if (test == null) {
            return true;
        }
        if (caseName != null) {
            return caseName.matcher(name).find() && test.matcher(testName).find();
        }
        return test.matcher(name).find() || test.matcher(testName).find();
    }
}
