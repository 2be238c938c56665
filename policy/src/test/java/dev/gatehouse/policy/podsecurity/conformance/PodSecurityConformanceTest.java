package dev.gatehouse.policy.podsecurity.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.policy.podsecurity.conformance.ConformanceReport.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodSecurityConformanceTest {

    private static final Path UPSTREAM = Path.of(
            System.getProperty("gatehouse.conformance.podSecurity", "/work/shared/conformance/pod-security"));

    @Test
    void upstreamFixtures_allPass() {
        assumeTrue(Files.isDirectory(UPSTREAM), "upstream Pod Security fixtures not present at " + UPSTREAM);

        ConformanceReport report = PodSecurityConformance.standard().run(UPSTREAM);

        assertThat(report.status()).isEqualTo(Status.COMPLETED);
        assertThat(report.failures())
                .as(() -> report.failures().stream()
                        .map(f -> f.file() + "\n  expected: " + f.expected() + "\n  actual:   " + f.actual())
                        .collect(Collectors.joining("\n")))
                .isEmpty();
        assertThat(report.total()).isGreaterThan(0);
        assertThat(report.allPassed()).isTrue();
    }

    @Test
    void absentFolder_isSkippedWithReason(@TempDir Path dir) {
        ConformanceReport report = PodSecurityConformance.standard().run(dir.resolve("nope"));

        assertThat(report.status()).isEqualTo(Status.SKIPPED);
        assertThat(report.problem()).contains("does not exist");
        assertThat(report.allPassed()).isFalse();
    }

    @Test
    void folderWithoutExpectedTable_isUnreadable(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("testdata"));

        ConformanceReport report = PodSecurityConformance.standard().run(dir);

        assertThat(report.status()).isEqualTo(Status.UNREADABLE);
        assertThat(report.problem()).contains("EXPECTED.md");
    }

    @Test
    void fixtures_areJudgedByTheirFolderAndFileName(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("EXPECTED.md"), "table:\n    hostportsN   \"hostPort\"\n    privilegedN  \"privileged\"\n");
        Path version = dir.resolve("testdata/baseline/v1.0");
        Files.createDirectories(version.resolve("pass"));
        Files.createDirectories(version.resolve("fail"));
        String hostPortPod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                  - name: a
                    ports: [{containerPort: 80, hostPort: 8080}]
                """;
        Files.writeString(version.resolve("pass/base.yaml"), "apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: a}]\n");
        Files.writeString(version.resolve("fail/hostports0.yaml"), hostPortPod);
        Files.writeString(version.resolve("fail/privileged0.yaml"), hostPortPod); // denied, but for the wrong reason
        Files.writeString(version.resolve("pass/broken0.yaml"), "kind: Pod\nspec: [not, a, map]\n");
        Files.writeString(version.resolve("fail/unknowncheck0.yaml"), hostPortPod);

        ConformanceReport report = PodSecurityConformance.standard().run(dir);

        assertThat(report.status()).isEqualTo(Status.COMPLETED);
        assertThat(report.passed()).isEqualTo(2);
        assertThat(report.failed()).isEqualTo(3);
        assertThat(report.failures()).extracting(f -> f.file().getFileName().toString())
                .containsExactly("broken0.yaml", "privileged0.yaml", "unknowncheck0.yaml");
        assertThat(report.failures().get(1).expected()).isEqualTo("denied with \"privileged\"");
        assertThat(report.failures().get(1).actual())
                .isEqualTo("violates PodSecurity \"baseline:v1.0\": hostPort (container \"a\" uses hostPort 8080)");
        assertThat(report.failures().get(0).actual()).startsWith("the fixture's pod is malformed: spec");
    }
}
