package dev.conftekton.tekton.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conftekton.core.http.RestClient;
import dev.conftekton.tekton.RunOutcome;
import dev.conftekton.tekton.RunState;
import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import dev.conftekton.testkit.confluence.ConfluenceEmulatorExtension;
import io.fabric8.tekton.v1.ParamValue;
import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.PipelineRunResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ConfluenceEmulatorExtension.class)
class RunReporterTest {
    private static final AtomicInteger LOGS = new AtomicInteger();

    private static String logPage(ConfluenceEmulator emulator) {
        return emulator.createPage(
                "robot@example.com", "DEV", "Run log " + LOGS.incrementAndGet(), "<p>Runs</p>", null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void finishedRunBecomesARecordPageAndALogRow(ConfluenceEmulator emulator) {
        // given
        RestClient rest = Runs.robot(emulator);
        String log = logPage(emulator);
        RunReporter reporter = RunReporter.builder()
                .rest(rest)
                .space("DEV")
                .logPageId(log)
                .sleeper(d -> {})
                .build();
        PipelineRun run = Runs.finished("build-42", "True", "Succeeded", "Tasks Completed: 3 (Failed: 0)");

        // when
        RunReport report = reporter.report(run);

        // then
        assertThat(report.state()).isEqualTo(RunState.SUCCEEDED);
        String pageId = report.page().orElseThrow().pageId();
        Map<String, Object> page = Runs.page(rest, pageId);
        assertThat(page.get("title")).isEqualTo("PipelineRun ci/build-42");
        assertThat(Runs.body(rest, pageId))
                .contains("Succeeded")
                .contains("build")
                .contains("2026-11-23T10:00:00Z")
                .contains("2m 30s")
                .contains("4711 (space DOCS, version 7)")
                .contains("sha256:" + "ab".repeat(32))
                .contains("v1, latest")
                .contains("<table>");
        assertThat(page.toString()).contains("conftekton-run").contains("run-succeeded");
        String logBody = Runs.body(rest, log);
        assertThat(logBody)
                .contains("<th>Run</th>")
                .contains("<td>ci/build-42</td><td>build</td><td>Succeeded</td><td>2m 30s</td>");
        assertThat(report.logRow().orElseThrow().pageId()).isEqualTo(log);
    }

    @Test
    void reportingTheSameRunAgainDuplicatesNothing(ConfluenceEmulator emulator) {
        // given a run reported once
        RestClient rest = Runs.robot(emulator);
        String log = logPage(emulator);
        RunReporter reporter = RunReporter.builder()
                .rest(rest)
                .space("DEV")
                .logPageId(log)
                .sleeper(d -> {})
                .build();
        PipelineRun run = Runs.finished("build-43", "False", "Failed", "Tasks Completed: 2 (Failed: 1)");
        RunReport first = reporter.report(run);
        int logVersion = Runs.version(rest, log);
        int pages = emulator.pageCount();

        // when reported again (a restarted watcher, a second replica)
        RunReport again = reporter.report(run);

        // then: the same page at the same version, one row
        assertThat(again.page().orElseThrow().pageId())
                .isEqualTo(first.page().orElseThrow().pageId());
        assertThat(Runs.version(rest, first.page().orElseThrow().pageId())).isEqualTo(1);
        assertThat(Runs.version(rest, log)).isEqualTo(logVersion);
        assertThat(emulator.pageCount()).isEqualTo(pages);
        assertThat(Runs.count(Runs.body(rest, log), "ci/build-43")).isEqualTo(1);
        assertThat(Runs.body(rest, first.page().orElseThrow().pageId()))
                .contains("Failed")
                .contains("Failed: 1");
    }

    @Test
    void resultValuesAreWrittenAsTextNotMarkup(ConfluenceEmulator emulator) {
        RestClient rest = Runs.robot(emulator);
        RunReporter reporter = RunReporter.builder().rest(rest).space("DEV").build();
        PipelineRun run = Runs.finished("build-44", "True", "Succeeded", "");
        run.getStatus()
                .setResults(List.of(new PipelineRunResult(
                        "note", new ParamValue("<script>alert(1)</script> | **bold** {{title}}"))));

        RunReport report = reporter.report(run);

        String body = Runs.body(rest, report.page().orElseThrow().pageId());
        assertThat(body).doesNotContain("<script>").doesNotContain("<strong>");
        assertThat(body).contains("&lt;script&gt;").contains("{{title}}");
    }

    @Test
    void unfinishedRunIsRefusedBeforeAnyWrite(ConfluenceEmulator emulator) {
        RunReporter reporter =
                RunReporter.builder().rest(Runs.robot(emulator)).space("DEV").build();
        PipelineRun running = Runs.finished("build-45", "Unknown", "Running", "");
        int pages = emulator.pageCount();

        assertThatThrownBy(() -> reporter.report(running))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ci/build-45 has not finished (RUNNING)");
        assertThat(emulator.pageCount()).isEqualTo(pages);
    }

    @Test
    void typedRunsMapToOutcomesLikeUntypedOnes() {
        RunOutcome timedOut = RunOutcome.of(Runs.finished("r", "False", "PipelineRunTimeout", "too slow"));
        RunOutcome cancelled = RunOutcome.of(Runs.finished("r", "False", "Cancelled", ""));

        assertThat(timedOut.state()).isEqualTo(RunState.TIMED_OUT);
        assertThat(timedOut.duration()).contains(Duration.ofSeconds(150));
        assertThat(timedOut.results().get("tags").array()).containsExactly("v1", "latest");
        assertThat(cancelled.state()).isEqualTo(RunState.CANCELLED);
        assertThat(RunReporter.duration(Duration.ofSeconds(3723))).isEqualTo("1h 2m 3s");
        assertThat(RunReporter.duration(Duration.ofMillis(400))).isEqualTo("0s");
    }

    @Test
    void builderNeedsAClientAndSomewhereToWrite(ConfluenceEmulator emulator) {
        RestClient rest = Runs.robot(emulator);
        assertThatThrownBy(() -> RunReporter.builder().space("DEV").build()).hasMessageContaining("Confluence client");
        assertThatThrownBy(() -> RunReporter.builder().rest(rest).build()).hasMessageContaining("somewhere to write");
        assertThatThrownBy(() -> RunReporter.builder().logPageId("12a")).hasMessageContaining("digits");
        assertThatThrownBy(() -> RunReporter.builder().space("no spaces")).hasMessageContaining("space key");
    }
}
