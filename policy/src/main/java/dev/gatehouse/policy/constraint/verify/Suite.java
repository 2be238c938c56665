package dev.gatehouse.policy.constraint.verify;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A gator test suite ({@code apiVersion: test.gatekeeper.sh/v1alpha1}, {@code kind: Suite}): tests, each a
 * template and a constraint (paths relative to the suite file) with cases, each an object to review, optional
 * inventory files and assertions.
 */
public record Suite(Path path, String name, boolean skip, List<Test> tests) {
    public Suite {
        tests = List.copyOf(tests);
    }

    /**
     * One test: a template, a constraint, and the cases reviewed against them.
     *
     * @param expansion a file of ExpansionTemplates (empty when none): case objects are reviewed with what they
     *                  would create
     */
    public record Test(String name, String template, String constraint, String expansion, boolean invalid,
            boolean skip, List<Case> cases) {
        public Test {
            cases = List.copyOf(cases);
        }
    }

    /** One case: the object to review, the inventory (other objects in the cluster), the assertions. */
    public record Case(String name, String object, List<String> inventory, List<Assertion> assertions,
            boolean skip) {
        public Case {
            inventory = List.copyOf(inventory);
            assertions = List.copyOf(assertions);
        }
    }

    /**
     * An assertion about the violations whose message matches {@code message} (all when empty): {@code yes} at
     * least one, {@code no} none, or exactly {@code count}.
     *
     * @param violations "yes", "no", or a non-negative integer as text (default "yes")
     */
    public record Assertion(String violations, Optional<String> message) {}
}
