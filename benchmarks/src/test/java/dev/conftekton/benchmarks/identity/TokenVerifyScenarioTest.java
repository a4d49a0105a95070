package dev.conftekton.benchmarks.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.benchmarks.Figures;
import dev.conftekton.benchmarks.Run;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenVerifyScenarioTest {
    @Test
    void reportsBothRatesTheRatioAndNoKeyFetchesAfterWarmup() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Run run = new Run(
                Duration.ZERO,
                Duration.ZERO,
                Map.of("tokens", "20", "alg", "ES256"),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        Figures figures = new Figures();

        new TokenVerifyScenario().run(run, figures);

        Map<String, Double> values = figures.asMap();
        assertThat(values)
                .containsKeys("verifications_per_second", "nimbus_verifications_per_second", "ratio_vs_nimbus");
        assertThat(values.get("verifications_per_second")).isPositive();
        assertThat(values.get("nimbus_verifications_per_second")).isPositive();
        assertThat(values.get("jwks_fetches_after_warmup")).isZero();
        assertThat(values.get("jwks_fetch_attempts_after_warmup")).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("20 ES256 tokens");
    }
}
