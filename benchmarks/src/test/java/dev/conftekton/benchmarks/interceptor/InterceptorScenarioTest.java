package dev.conftekton.benchmarks.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.benchmarks.Figures;
import dev.conftekton.benchmarks.Run;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterceptorScenarioTest {
    @Test
    void everyVerifiedDeliveryIsAllowedAndCountedWithItsLatency() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Figures figures = new Figures();

        new InterceptorScenario()
                .run(
                        new Run(
                                Duration.ofMillis(200),
                                Duration.ofMillis(800),
                                Map.of("clients", "2", "payload-bytes", "2048"),
                                new PrintStream(out, true, StandardCharsets.UTF_8)),
                        figures);

        Map<String, Double> f = figures.asMap();
        // Every request is a distinct, correctly signed delivery: a single refusal (a signature,
        // framing or replay-cache bug on either side) shows up here.
        assertThat(f.get("failed_requests")).isZero();
        assertThat(f.get("requests")).isPositive();
        assertThat(f.get("requests_per_second")).isPositive();
        assertThat(f.get("p50_ms")).isPositive().isLessThanOrEqualTo(f.get("p99_ms"));
        assertThat(f.get("p99_ms")).isLessThanOrEqualTo(f.get("max_ms"));
        assertThat(f.get("clients")).isEqualTo(2.0);
    }
}
