package dev.conftekton.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarksTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Records the options it was given as figures, so the test sees what reached the scenario. */
    private static final Scenario ECHO = new Scenario() {
        @Override
        public String name() {
            return "echo";
        }

        @Override
        public String description() {
            return "reports its own options";
        }

        @Override
        public void run(Run run, Figures figures) {
            figures.put("measure_ms", run.measure().toMillis());
            figures.put("warmup_ms", run.warmup().toMillis());
            figures.put("pages", run.intOption("pages", 7));
            figures.put("ratio_vs_okhttp", 0.5);
        }
    };

    private static final Scenario BROKEN = new Scenario() {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public String description() {
            return "always fails";
        }

        @Override
        public void run(Run run, Figures figures) {
            throw new IllegalStateException("server did not start");
        }
    };

    private int run(String... args) {
        return Benchmarks.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                List.of(ECHO, BROKEN));
    }

    @Test
    void writesFlatJsonOfTheScenariosFiguresAndPrintsATable(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("out/echo.json");

        int code = run("echo", "--seconds", "2", "--warmup-seconds", "1", "--pages", "40", "--json", json.toString());

        assertThat(code).isZero();
        assertThat(Files.readString(json))
                .isEqualTo("{\n  \"measure_ms\": 2000,\n  \"warmup_ms\": 1000,\n  \"pages\": 40,\n"
                        + "  \"ratio_vs_okhttp\": 0.500\n}\n");
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("== echo: reports its own options", "pages")
                .contains("40");
    }

    @Test
    void unknownScenarioIsAUsageErrorListingTheScenarios() {
        int code = run("nope");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no scenario named 'nope'", "echo", "broken");
    }

    @Test
    void missingOptionValueAndBadSecondsAreUsageErrors() {
        assertThat(run("echo", "--json")).isEqualTo(2);
        assertThat(run("echo", "--seconds", "ten")).isEqualTo(2);
        assertThat(run("echo", "--pages", "many")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--json needs a value", "--seconds takes whole seconds", "--pages takes a whole number");
    }

    @Test
    void aFailingScenarioExitsThreeAndSaysWhy() {
        int code = run("broken");

        assertThat(code).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("scenario broken failed", "server did not start");
    }

    @Test
    void figureNamesMustBeSnakeCaseAndValuesFinite() {
        Figures f = new Figures();
        assertThatThrownBy(() -> f.put("requestsPerSecond", 1)).hasMessageContaining("snake_case");
        assertThatThrownBy(() -> f.put("p99_ms", Double.NaN)).hasMessageContaining("not a finite number");
        assertThat(f.put("p99_ms", 3.25).toJson()).isEqualTo("{\n  \"p99_ms\": 3.250\n}\n");
    }
}
