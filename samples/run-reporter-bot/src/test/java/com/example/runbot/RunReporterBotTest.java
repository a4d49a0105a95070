package com.example.runbot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.RestClient;
import dev.conftekton.tekton.RunRequest;
import dev.conftekton.tekton.RunState;
import dev.conftekton.tekton.StartedRun;
import dev.conftekton.tekton.TektonRuns;
import dev.conftekton.tekton.report.RunReport;
import dev.conftekton.tekton.report.RunReportWatcher;
import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import dev.conftekton.testkit.confluence.ConfluenceEmulatorExtension;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The bot against fabric8's mock Kubernetes API (CRUD mode) and the conftekton Confluence emulator. */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(ConfluenceEmulatorExtension.class)
class RunReporterBotTest {
    static KubernetesClient client;

    static final ResourceDefinitionContext PIPELINE_RUNS = new ResourceDefinitionContext.Builder()
            .withGroup("tekton.dev")
            .withVersion("v1")
            .withKind("PipelineRun")
            .withPlural("pipelineruns")
            .withNamespaced(true)
            .build();

    @Test
    void reportsARunWhenTektonFinishesIt(ConfluenceEmulator emulator) throws Exception {
        // given: the bot watching namespace "ci", writing to space DEV and a log page
        RestClient confluence = RunReporterBot.confluence(Map.of(
                "CONFTEKTON_URL", emulator.cloudUrl(),
                "CONFTEKTON_EMAIL", "robot@example.com",
                "CONFTEKTON_API_TOKEN", "robot-api-token"));
        String logPage = emulator.createPage("robot@example.com", "DEV", "Pipeline runs", "<p>All runs</p>", null);
        BlockingQueue<RunReport> reports = new LinkedBlockingQueue<>();
        RunReportWatcher.Listener listener = new RunReportWatcher.Listener() {
            @Override
            public void reported(RunReport report) {
                reports.add(report);
            }

            @Override
            public void failed(String run, RuntimeException error) {}
        };
        TektonRuns runs = TektonRuns.builder().client(client).namespace("ci").build();

        try (RunReportWatcher bot =
                RunReporterBot.start(client, confluence, new RunReporterBot.Settings("ci", "DEV", logPage), listener)) {
            // when: a run starts, then Tekton marks it succeeded
            StartedRun run = runs.start(RunRequest.pipeline("build").build());
            finish(run.name());
            RunReport report = reports.poll(20, TimeUnit.SECONDS);

            // then
            assertThat(report).isNotNull();
            assertThat(report.name()).isEqualTo(run.name());
            assertThat(report.state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(body(confluence, report.page().orElseThrow().pageId()))
                    .contains("Succeeded")
                    .contains("1m 40s")
                    .contains("sha256:feed");
            assertThat(body(confluence, logPage)).contains("<td>ci/" + run.name() + "</td>");
        }
    }

    /** What Tekton's controller does when the run ends: it writes the status. */
    private static void finish(String name) {
        GenericKubernetesResource run = client.genericKubernetesResources(PIPELINE_RUNS)
                .inNamespace("ci")
                .withName(name)
                .get();
        run.setAdditionalProperty(
                "status",
                Map.of(
                        "conditions",
                        List.of(Map.of("type", "Succeeded", "status", "True", "reason", "Succeeded")),
                        "startTime",
                        "2026-11-23T10:00:00Z",
                        "completionTime",
                        "2026-11-23T10:01:40Z",
                        "results",
                        List.of(Map.of("name", "digest", "value", "sha256:feed"))));
        client.genericKubernetesResources(PIPELINE_RUNS)
                .inNamespace("ci")
                .resource(run)
                .update();
    }

    @SuppressWarnings("unchecked")
    private static String body(RestClient confluence, String pageId) {
        Map<String, Object> page = confluence.executeJson(
                HttpRequest.get("rest/api/content/" + pageId)
                        .newBuilder()
                        .query("expand", "body.storage")
                        .build(),
                Map.class);
        return (String) ((Map<String, Object>) ((Map<String, Object>) page.get("body")).get("storage")).get("value");
    }
}
