package dev.conftekton.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmulatorScenarioTest {

    @Test
    void isFoundByTheRunnerAndReportsItsFigures() throws Exception {
        assertThat(Benchmarks.loadScenarios()).extracting(Scenario::name).contains("emulator");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Figures figures = new Figures();

        new EmulatorScenario()
                .run(
                        new Run(
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(2),
                                Map.of("pages", "50", "clients", "2"),
                                new PrintStream(out, true, StandardCharsets.UTF_8)),
                        figures);

        assertThat(figures.asMap()).containsKeys("gets_per_second", "heap_mib_10k_pages", "get_p50_ms");
        assertThat(figures.asMap().get("pages_loaded")).isEqualTo(50.0);
        assertThat(figures.asMap().get("gets_per_second")).isPositive();
        assertThat(figures.asMap().get("get_failures"))
                .as(out.toString(StandardCharsets.UTF_8))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("loaded 50 pages");
    }
}
