package dev.conftekton.tekton.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.core.http.RestClient;
import dev.conftekton.tekton.FinishedRunListener;
import dev.conftekton.tekton.RunOutcome;
import dev.conftekton.tekton.RunRequest;
import dev.conftekton.tekton.RunState;
import dev.conftekton.tekton.RunWatch;
import dev.conftekton.tekton.StartedRun;
import dev.conftekton.tekton.TektonRuns;
import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import dev.conftekton.testkit.confluence.ConfluenceEmulatorExtension;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.tekton.v1.PipelineRun;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The watcher on fabric8's mock API server in CRUD mode, with run status changes simulated as Tekton makes them. */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(ConfluenceEmulatorExtension.class)
class RunReportWatcherTest {
    static KubernetesMockServer server;
    static KubernetesClient client;

    static final ResourceDefinitionContext PIPELINE_RUNS = new ResourceDefinitionContext.Builder()
            .withGroup("tekton.dev")
            .withVersion("v1")
            .withKind("PipelineRun")
            .withPlural("pipelineruns")
            .withNamespaced(true)
            .build();

    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    private final RunReportWatcher.Listener listener = new RunReportWatcher.Listener() {
        @Override
        public void reported(RunReport report) {
            events.add(report);
        }

        @Override
        public void failed(String run, RuntimeException error) {
            events.add(run + ": " + error.getMessage());
        }
    };

    @Test
    void reportsRunsFinishedBeforeAndAfterTheStartOnceEach(ConfluenceEmulator emulator) throws Exception {
        // given: namespace "reports" with one finished and one running run
        TektonRuns runs =
                TektonRuns.builder().client(client).namespace("reports").build();
        RestClient rest = Runs.robot(emulator);
        String log = emulator.createPage("robot@example.com", "DEV", "Watcher log", "<p/>", null);
        RunReporter reporter = RunReporter.builder()
                .rest(rest)
                .space("DEV")
                .logPageId(log)
                .sleeper(d -> {})
                .build();
        StartedRun earlier = runs.start(RunRequest.pipeline("build").build());
        setStatus("reports", earlier.name(), status("True", "Succeeded", "", true));
        StartedRun later = runs.start(RunRequest.pipeline("deploy").build());
        setStatus("reports", later.name(), status("Unknown", "Running", "", false));

        try (RunReportWatcher watcher = RunReportWatcher.builder()
                .runs(runs)
                .reporter(reporter)
                .listener(listener)
                .resync(Duration.ofSeconds(1))
                .build()
                .start()) {
            // when: the finished run is reported at start, the running one when Tekton finishes it
            RunReport first = next(RunReport.class);
            assertThat(first.name()).isEqualTo(earlier.name());
            // read untyped, so the object-valued result survives into the record
            assertThat(Runs.body(rest, first.page().orElseThrow().pageId()))
                    .contains("digest=sha256:1")
                    .contains("url=r/x");
            setStatus("reports", later.name(), status("False", "Failed", "Tasks Completed: 1 (Failed: 1)", true));
            RunReport second = next(RunReport.class);

            // then
            assertThat(second.name()).isEqualTo(later.name());
            assertThat(second.state()).isEqualTo(RunState.FAILED);
            assertThat(Runs.body(rest, second.page().orElseThrow().pageId()))
                    .contains("deploy")
                    .contains("Failed: 1")
                    .contains("v1, latest");
            // resyncs and unrelated edits re-deliver the runs; nothing is reported twice
            editLabel("reports", earlier.name());
            assertThat(events.poll(2500, TimeUnit.MILLISECONDS)).isNull();
            assertThat(watcher.reportCount()).isEqualTo(2);
        }
        String logBody = Runs.body(rest, log);
        assertThat(Runs.count(logBody, "reports/" + earlier.name())).isEqualTo(1);
        assertThat(Runs.count(logBody, "reports/" + later.name())).isEqualTo(1);
    }

    @Test
    void aFailedReportIsRetriedAtTheNextResync(ConfluenceEmulator emulator) throws Exception {
        // given: a log page that does not exist yet
        TektonRuns runs =
                TektonRuns.builder().client(client).namespace("retries").build();
        RestClient rest = Runs.robot(emulator);
        StartedRun run = runs.start(RunRequest.pipeline("build").build());
        setStatus("retries", run.name(), status("True", "Succeeded", "", true));
        RunReporter broken = RunReporter.builder()
                .rest(rest)
                .logPageId("999999999")
                .sleeper(d -> {})
                .build();

        try (RunReportWatcher watcher = RunReportWatcher.builder()
                .runs(runs)
                .reporter(broken)
                .listener(listener)
                .resync(Duration.ofSeconds(1))
                .build()
                .start()) {
            // when
            String failure = next(String.class);
            String again = next(String.class);

            // then
            assertThat(failure).startsWith("retries/" + run.name() + ": ");
            assertThat(again).isEqualTo(failure);
            assertThat(watcher.failureCount()).isGreaterThanOrEqualTo(2);
            assertThat(watcher.reportCount()).isZero();
        }
    }

    @Test
    void aRunTheListenerNoLongerWantsIsNotConvertedAndHandedOverAgainAtResyncs() throws Exception {
        TektonRuns runs = TektonRuns.builder().client(client).namespace("wants").build();
        StartedRun run = runs.start(RunRequest.pipeline("build").build());
        setStatus("wants", run.name(), status("True", "Succeeded", "", true));
        java.util.Set<String> handled = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger deliveries = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();

        try (RunWatch watch = runs.watchFinished(
                new FinishedRunListener() {
                    @Override
                    public void finished(PipelineRun r, RunOutcome outcome) {
                        deliveries.incrementAndGet();
                        handled.add(r.getMetadata().getUid());
                    }

                    @Override
                    public boolean wants(String uid) {
                        asked.incrementAndGet();
                        return !handled.contains(uid);
                    }
                },
                Duration.ofSeconds(1))) {
            Thread.sleep(3500); // three resyncs
        }

        assertThat(deliveries).hasValue(1);
        assertThat(asked.get()).as("asked at each resync").isGreaterThan(2);
    }

    @Test
    void completedSinceSkipsRunsThatFinishedBefore(ConfluenceEmulator emulator) throws Exception {
        TektonRuns runs = TektonRuns.builder().client(client).namespace("since").build();
        StartedRun old = runs.start(RunRequest.pipeline("build").build());
        setStatus("since", old.name(), status("True", "Succeeded", "", true));
        RunReporter reporter = RunReporter.builder()
                .rest(Runs.robot(emulator))
                .space("DEV")
                .sleeper(d -> {})
                .build();

        try (RunReportWatcher watcher = RunReportWatcher.builder()
                .runs(runs)
                .reporter(reporter)
                .listener(listener)
                .completedSince(Instant.parse("2026-11-24T00:00:00Z"))
                .build()
                .start()) {
            assertThat(events.poll(1500, TimeUnit.MILLISECONDS)).isNull();
            assertThat(watcher.reportCount()).isZero();
        }
    }

    private <T> T next(Class<T> type) throws InterruptedException {
        Object e = events.poll(20, TimeUnit.SECONDS);
        assertThat(e).as("an event within 20 s").isNotNull();
        assertThat(e).as(String.valueOf(e)).isInstanceOf(type);
        return type.cast(e);
    }

    /**
     * What Tekton's controller does: write the whole status (an update, as the controller's
     * UpdateStatus; fabric8's client-side edit() diff loses object-valued results).
     */
    private static void setStatus(String namespace, String name, Map<String, Object> status) {
        GenericKubernetesResource run = client.genericKubernetesResources(PIPELINE_RUNS)
                .inNamespace(namespace)
                .withName(name)
                .get();
        run.setAdditionalProperty("status", status);
        client.genericKubernetesResources(PIPELINE_RUNS)
                .inNamespace(namespace)
                .resource(run)
                .update();
    }

    private static void editLabel(String namespace, String name) {
        client.genericKubernetesResources(PIPELINE_RUNS)
                .inNamespace(namespace)
                .withName(name)
                .edit((GenericKubernetesResource r) -> {
                    r.getMetadata().getLabels().put("touched", "yes");
                    return r;
                });
    }

    private static Map<String, Object> status(String conditionStatus, String reason, String message, boolean done) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", "Succeeded");
        condition.put("status", conditionStatus);
        condition.put("reason", reason);
        condition.put("message", message);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("conditions", List.of(condition));
        status.put("startTime", "2026-11-23T10:00:00Z");
        if (done) {
            status.put("completionTime", "2026-11-23T10:01:05Z");
            // an object-valued result survives only the first status write: the mock server's
            // update handling (typed model) drops object values, which a real API server keeps
            status.put(
                    "results",
                    "True".equals(conditionStatus)
                            ? List.of(Map.of("name", "image", "value", Map.of("digest", "sha256:1", "url", "r/x")))
                            : List.of(Map.of("name", "tags", "value", List.of("v1", "latest"))));
        }
        return status;
    }
}
