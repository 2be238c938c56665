package dev.gatehouse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.policy.review.Decision;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The driver runs end to end and stays within its bounds; no timing is asserted. */
class AdmissionLoadTest {

    @Test
    void inProcessRun_measuresBothEndpointsWithoutErrors() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        AdmissionLoad.Options options = AdmissionLoad.parse(new String[] {
            "--connections", "2", "--duration", "1", "--warmup", "0", "--max-requests", "200"});

        List<AdmissionLoad.Result> results = AdmissionLoad.run(options, review -> Decision.allow(), "test engine",
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(results).extracting(AdmissionLoad.Result::path).containsExactly("/v1/noop", "/v1/admit");
        for (AdmissionLoad.Result result : results) {
            assertThat(result.errors()).isZero();
            assertThat(result.requests()).isPositive().isLessThanOrEqualTo(200);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("admit/noop: throughput");
    }

    @Test
    void nonLoopbackTarget_isRefused() {
        assertThatThrownBy(() -> AdmissionLoad.parse(new String[] {"--url", "https://192.0.2.10:8443"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback");
    }

    @Test
    void unboundedSettings_areRefused() {
        assertThatThrownBy(() -> AdmissionLoad.parse(new String[] {"--connections", "100000"}))
                .hasMessageContaining("--connections must be between 1 and 256");
        assertThatThrownBy(() -> AdmissionLoad.parse(new String[] {"--duration", "3600"}))
                .hasMessageContaining("--duration must be between 1 and 300");
    }
}
