package dev.conftekton.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpOverheadScenarioTest {
    @Test
    void isFoundByTheRunnerAndReportsBothRatesAndTheirRatio() throws Exception {
        assertThat(Benchmarks.loadScenarios())
                .anySatisfy(s -> assertThat(s.name()).isEqualTo("http-overhead"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Figures figures = new Figures();

        new HttpOverheadScenario()
                .run(
                        new Run(
                                Duration.ZERO,
                                Duration.ofMillis(600),
                                Map.of("threads", "2", "rounds", "1"),
                                new PrintStream(out, true, StandardCharsets.UTF_8)),
                        figures);

        Map<String, Double> f = figures.asMap();
        assertThat(f.get("okhttp_requests_per_second")).isPositive();
        assertThat(f.get("sdk_requests_per_second")).isPositive();
        assertThat(f.get("ratio_vs_okhttp"))
                .isCloseTo(
                        f.get("sdk_requests_per_second") / f.get("okhttp_requests_per_second"),
                        org.assertj.core.data.Percentage.withPercentage(5));
        assertThat(f.get("flow_throttled")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("round 1");
    }
}
