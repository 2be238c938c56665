package dev.gatehouse.policy.constraint.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.policy.constraint.driver.ConstraintDriver;
import dev.gatehouse.policy.constraint.driver.cel.CelDriver;
import dev.gatehouse.policy.constraint.driver.rego.RegoDriver;
import dev.gatehouse.policy.constraint.engine.EnginePreference;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** gator suites whose tests name an {@code expansion} file, run end to end from files. */
class SuiteRunnerExpansionTest {
    private static final List<ConstraintDriver> DRIVERS = List.of(new CelDriver(), new RegoDriver());

    private static SuiteResult run(String resource) throws URISyntaxException {
        Path file = Path.of(SuiteRunnerExpansionTest.class.getResource(resource).toURI());
        SuiteReader.Found found = SuiteReader.find(List.of(file.toString()));
        assertThat(found.errors()).isEmpty();
        return new SuiteRunner(DRIVERS, EnginePreference.AUTO, TestFilter.ALL).run(found.suites().get(0));
    }

    private static Map<String, TestResult> byName(SuiteResult result) {
        return result.tests().stream().collect(Collectors.toMap(TestResult::name, t -> t));
    }

    @Test
    void suiteWithExpansion_everyCasePasses() throws URISyntaxException {
        SuiteResult result = run("/expansion-suite/suite.yaml");
        for (TestResult test : result.tests()) {
            assertThat(test.error()).as(test.name()).isEmpty();
            assertThat(test.cases()).as(test.name()).allSatisfy(c -> assertThat(c.status())
                    .as(c.name() + ": " + c.message()).isEqualTo(CaseResult.Status.PASS));
        }
        assertThat(result.tests()).extracting(TestResult::name).containsExactly("pods-of-workloads",
                "inventory-seen-by-generated-pods");
        assertThat(result.failed()).isFalse();
    }

    @Test
    void cyclicExpansionTemplates_testFailsBeforeItsCases() throws URISyntaxException {
        TestResult test = byName(run("/expansion-suite/broken/suite.yaml")).get("cyclic-expansion");
        assertThat(test.cases()).isEmpty();
        assertThat(test.error()).contains("expansion-cycle.yaml: error upserting template expand-jobs: template"
                + " forms expansion cycle with ExpansionTemplates expand-jobs, jobs-from-pods");
    }

    @Test
    void expansionFileWithOtherObjects_testFails() throws URISyntaxException {
        TestResult test = byName(run("/expansion-suite/broken/suite.yaml")).get("not-an-expansion-file");
        assertThat(test.error()).contains("constraint-latest.yaml: not an ExpansionTemplate (kind"
                + " K8sDisallowLatestTag, apiVersion constraints.gatekeeper.sh/v1beta1)");
    }

    @Test
    void sourceFieldMissing_workloadCaseFailsOtherKindsStillReviewed() throws URISyntaxException {
        TestResult test = byName(run("/expansion-suite/broken/suite.yaml")).get("source-field-missing");
        assertThat(test.error()).isEmpty();
        assertThat(test.cases()).extracting(c -> c.name() + " " + c.status() + " " + c.message()).containsExactly(
                "deployment-cannot-be-expanded FAIL expanding resource web: could not find source field"
                        + " \"spec.podTemplate\" in resource web",
                "pod-is-not-expanded PASS ");
    }
}
