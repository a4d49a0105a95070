package dev.conftekton.tekton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.tekton.client.TektonClient;
import io.fabric8.tekton.v1.ParamValue;
import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.PipelineRunBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class TektonRunsTest {
    static final String NS = "ci";

    // one API server for the class: each test uses its own generated run names
    static KubernetesMockServer server;
    static KubernetesClient client;

    private TektonRuns runs;
    private ExecutorService controller;

    @BeforeEach
    void setUp() {
        runs = TektonRuns.builder().client(client).namespace(NS).build();
        controller = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        controller.shutdownNow();
        assertThat(controller.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void startsPipelineRunFromReferenceWithTypedParamsWorkspacesAndPageAnnotations() {
        // given
        RunRequest request = RunRequest.pipeline("publish-docs")
                .param(RunParam.string("page-id", "4711"))
                .param(RunParam.array("targets", List.of("prod", "staging")))
                .param(RunParam.object("page", Map.of("id", "4711")))
                .workspace(Workspace.emptyDir("scratch"))
                .workspace(Workspace.persistentVolumeClaim("source", "source-pvc"))
                .workspace(Workspace.volumeClaimTemplate("cache", "1Gi"))
                .workspace(Workspace.secret("creds", "confluence-token").withSubPath("token"))
                .label("team", "docs")
                .annotation("example.com/note", "from test")
                .confluencePage(new ConfluencePage("4711", "DOCS", 7))
                .serviceAccountName("publisher")
                .timeout(Duration.ofMinutes(90))
                .build();

        // when
        StartedRun started = runs.start(request);

        // then
        assertThat(started.name()).startsWith("publish-docs-");
        assertThat(started.namespace()).isEqualTo(NS);
        PipelineRun stored = tekton().v1()
                .pipelineRuns()
                .inNamespace(NS)
                .withName(started.name())
                .get();
        assertThat(stored.getSpec().getPipelineRef().getName()).isEqualTo("publish-docs");
        assertThat(stored.getMetadata().getAnnotations())
                .containsEntry("conftekton.dev/confluence-page-id", "4711")
                .containsEntry("conftekton.dev/confluence-space-key", "DOCS")
                .containsEntry("conftekton.dev/confluence-page-version", "7")
                .containsEntry("example.com/note", "from test");
        assertThat(stored.getMetadata().getLabels())
                .containsEntry("conftekton.dev/confluence-page-id", "4711")
                .containsEntry("team", "docs")
                .containsEntry("app.kubernetes.io/managed-by", "conftekton");
        assertThat(stored.getSpec().getTaskRunTemplate().getServiceAccountName())
                .isEqualTo("publisher");
        assertThat(stored.getSpec().getTimeouts().getPipeline().getDuration()).isEqualTo(Duration.ofMinutes(90));
        assertThat(stored.getSpec().getWorkspaces())
                .extracting(w -> w.getName())
                .containsExactly("scratch", "source", "cache", "creds");
        assertThat(stored.getSpec()
                        .getWorkspaces()
                        .get(1)
                        .getPersistentVolumeClaim()
                        .getClaimName())
                .isEqualTo("source-pvc");
        assertThat(stored.getSpec().getWorkspaces().get(3).getSubPath()).isEqualTo("token");
        // the wire format Tekton reads: a string, an array and an object
        String json = client.getKubernetesSerialization()
                .asJson(client.genericKubernetesResources(TektonRuns.PIPELINE_RUNS)
                        .inNamespace(NS)
                        .withName(started.name())
                        .get());
        assertThat(json)
                .contains("{\"name\":\"page-id\",\"value\":\"4711\"}")
                .contains("{\"name\":\"targets\",\"value\":[\"prod\",\"staging\"]}")
                .contains("{\"name\":\"page\",\"value\":{\"id\":\"4711\"}}")
                .contains("\"storage\":\"1Gi\"");
    }

    @Test
    void startsFromTemplateReplacingParamsByNameAndNeverStartingCancelled() {
        // given: a template that (wrongly) carries a spec.status and a status
        PipelineRun template = new PipelineRunBuilder()
                .withNewMetadata()
                .withGenerateName("nightly-")
                .addToLabels("origin", "template")
                .endMetadata()
                .withNewSpec()
                .withNewPipelineRef()
                .withName("nightly")
                .endPipelineRef()
                .addNewParam()
                .withName("keep")
                .withValue(new ParamValue("template"))
                .endParam()
                .addNewParam()
                .withName("override")
                .withValue(new ParamValue("template"))
                .endParam()
                .withStatus("Cancelled")
                .endSpec()
                .build();

        // when
        StartedRun started = runs.start(RunRequest.fromTemplate(template)
                .param(RunParam.string("override", "request"))
                .label("origin", "request")
                .build());

        // then
        PipelineRun stored = tekton().v1()
                .pipelineRuns()
                .inNamespace(NS)
                .withName(started.name())
                .get();
        assertThat(started.name()).startsWith("nightly-");
        assertThat(stored.getSpec().getStatus()).isNull();
        assertThat(stored.getSpec().getParams())
                .extracting(p -> p.getName() + "=" + p.getValue().getStringVal())
                .containsExactly("keep=template", "override=request");
        assertThat(stored.getMetadata().getLabels()).containsEntry("origin", "request");
        assertThat(template.getSpec().getParams()).hasSize(2); // the caller's template is untouched
        assertThat(template.getSpec().getStatus()).isEqualTo("Cancelled");
    }

    @Test
    void rejectsTemplateWithoutPipeline() {
        assertThatThrownBy(() -> RunRequest.fromTemplate(
                        new PipelineRunBuilder().withNewSpec().endSpec().build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pipelineRef");
    }

    @Test
    void awaitReturnsSucceededWithResultsAndTimesWhenControllerReportsSuccess() throws Exception {
        // given
        StartedRun started = runs.start(RunRequest.pipeline("build").build());
        Future<?> simulated = controller.submit(() -> {
            awaitWatchStarted();
            setStatus(started.name(), status("Unknown", "Running", "Tasks running"));
            Map<String, Object> done = status("True", "Succeeded", "Tasks Completed: 2");
            done.put("startTime", "2026-11-23T10:00:00Z");
            done.put("completionTime", "2026-11-23T10:02:30Z");
            done.put(
                    "results",
                    List.of(
                            Map.of("name", "digest", "value", "sha256:abc"),
                            Map.of("name", "tags", "value", List.of("v1", "latest"))));
            setStatus(started.name(), done);
        });

        // when
        RunOutcome outcome = runs.await(started.name(), Duration.ofSeconds(20));

        // then
        simulated.get(10, TimeUnit.SECONDS);
        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.waitExpired()).isFalse();
        assertThat(outcome.reason()).isEqualTo("Succeeded");
        assertThat(outcome.startTime()).contains(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(outcome.duration()).contains(Duration.ofSeconds(150));
        assertThat(outcome.stringResult("digest")).contains("sha256:abc");
        assertThat(outcome.results().get("tags").array()).containsExactly("v1", "latest");
    }

    @Test
    void awaitReportsFailureWithReasonAndMessage() throws Exception {
        StartedRun started = runs.start(RunRequest.pipeline("build").build());
        Future<?> simulated = controller.submit(() -> {
            awaitWatchStarted();
            setStatus(
                    started.name(),
                    status("False", "Failed", "Tasks Completed: 1 (Failed: 1, Cancelled 0), Skipped: 0"));
        });

        RunOutcome outcome = runs.await(started.name(), Duration.ofSeconds(20));

        simulated.get(10, TimeUnit.SECONDS);
        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.reason()).isEqualTo("Failed");
        assertThat(outcome.message()).contains("Failed: 1");
    }

    @Test
    void awaitReportsTektonsOwnTimeoutAsTimedOut() throws Exception {
        StartedRun started = runs.start(RunRequest.pipeline("build").build());
        Future<?> simulated = controller.submit(() -> {
            awaitWatchStarted();
            setStatus(
                    started.name(),
                    status("False", "PipelineRunTimeout", "PipelineRun \"x\" failed to finish within \"1h0m0s\""));
        });

        RunOutcome outcome = runs.await(started.name(), Duration.ofSeconds(20));

        simulated.get(10, TimeUnit.SECONDS);
        assertThat(outcome.state()).isEqualTo(RunState.TIMED_OUT);
        assertThat(outcome.isDone()).isTrue();
    }

    @Test
    void awaitGivesUpAtItsDeadlineWithTheLastObservedState() {
        // given a run that is running and never finishes
        StartedRun started = runs.start(RunRequest.pipeline("build").build());
        setStatus(started.name(), status("Unknown", "Running", ""));

        // when
        RunOutcome outcome = runs.await(started.name(), Duration.ofMillis(300));

        // then
        assertThat(outcome.waitExpired()).isTrue();
        assertThat(outcome.state()).isEqualTo(RunState.RUNNING);
        assertThat(outcome.isDone()).isFalse();
    }

    @Test
    void pendingRunIsNotMistakenForRunning() {
        StartedRun started = runs.start(RunRequest.pipeline("build").build());
        setStatus(started.name(), status("Unknown", "PipelineRunPending", ""));

        assertThat(runs.get(started.name())).get().extracting(RunOutcome::state).isEqualTo(RunState.PENDING);
    }

    @Test
    void cancelSetsSpecStatusAndAwaitSeesTheCancellation() throws Exception {
        // given
        StartedRun started = runs.start(RunRequest.pipeline("build").build());
        setStatus(started.name(), status("Unknown", "Running", ""));

        // when
        runs.cancel(started.name());

        // then the request reached the API, and a controller reacting to it finishes the run
        PipelineRun stored = tekton().v1()
                .pipelineRuns()
                .inNamespace(NS)
                .withName(started.name())
                .get();
        assertThat(stored.getSpec().getStatus()).isEqualTo("Cancelled");
        Future<?> simulated = controller.submit(() -> {
            awaitWatchStarted();
            setStatus(started.name(), status("False", "Cancelled", "PipelineRun \"build\" was cancelled"));
        });
        RunOutcome outcome = runs.await(started.name(), Duration.ofSeconds(20));
        simulated.get(10, TimeUnit.SECONDS);
        assertThat(outcome.state()).isEqualTo(RunState.CANCELLED);
    }

    @Test
    void cancelWithFinallyModeWritesItsSpecStatus() {
        StartedRun started = runs.start(RunRequest.pipeline("build").build());

        runs.cancel(started.name(), CancelMode.STOPPED_RUN_FINALLY);

        assertThat(tekton().v1()
                        .pipelineRuns()
                        .inNamespace(NS)
                        .withName(started.name())
                        .get()
                        .getSpec()
                        .getStatus())
                .isEqualTo("StoppedRunFinally");
    }

    @Test
    void missingRunGives404OnAwaitAndCancel() {
        assertThatThrownBy(() -> runs.await("nope", Duration.ofSeconds(1)))
                .isInstanceOf(TektonException.class)
                .hasMessageContaining("ci/nope")
                .extracting(e -> ((TektonException) e).statusCode())
                .isEqualTo(404);
        assertThatThrownBy(() -> runs.cancel("nope"))
                .isInstanceOf(TektonException.class)
                .extracting(e -> ((TektonException) e).statusCode())
                .isEqualTo(404);
    }

    @Test
    void awaitFailsClearlyWhenTheRunIsDeletedWhileWaiting() throws Exception {
        // a watch request left over from an earlier test must not pass for this test's watch
        drainRecordedRequests();
        StartedRun started = runs.start(RunRequest.pipeline("build").build());
        Future<?> simulated = controller.submit(() -> {
            awaitWatchStarted();
            tekton().v1()
                    .pipelineRuns()
                    .inNamespace(NS)
                    .withName(started.name())
                    .delete();
        });

        // The wait ends as soon as the deletion is seen; the long budget only matters on a loaded
        // machine, where the watch and the delete could take longer than a short one (the wait would
        // then expire with the run still there, and await would return instead of failing).
        assertThatThrownBy(() -> runs.await(started.name(), Duration.ofSeconds(30)))
                .isInstanceOf(TektonException.class)
                .hasMessageContaining("deleted")
                .extracting(e -> ((TektonException) e).statusCode())
                .isEqualTo(404);
        simulated.get(10, TimeUnit.SECONDS);
    }

    @Test
    void startingWithTakenNameGivesConflict() {
        runs.start(RunRequest.pipeline("build").name("fixed").build());

        assertThatThrownBy(() ->
                        runs.start(RunRequest.pipeline("build").name("fixed").build()))
                .isInstanceOf(TektonException.class)
                .extracting(e -> ((TektonException) e).statusCode())
                .isEqualTo(409);
    }

    @Test
    void builderFailsFastWithoutClientOrNamespace() {
        assertThatThrownBy(() -> TektonRuns.builder().namespace("x").build()).hasMessageContaining("client");
        assertThatThrownBy(() -> TektonRuns.builder().client(client).build()).hasMessageContaining("namespace");
    }

    private TektonClient tekton() {
        return client.adapt(TektonClient.class);
    }

    private void drainRecordedRequests() throws InterruptedException {
        while (server.takeRequest(50, TimeUnit.MILLISECONDS) != null) {
            // discard
        }
    }

    /** Blocks until the mock API server has received a watch request (the informer is listening). */
    private void awaitWatchStarted() {
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                RecordedRequest r = server.takeRequest(100, TimeUnit.MILLISECONDS);
                if (r != null && r.getPath().contains("watch=true")) {
                    return;
                }
            }
            throw new AssertionError("no watch request reached the mock API server");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** What Tekton's controller would do: replace the run's status. */
    private void setStatus(String name, Map<String, Object> status) {
        client.genericKubernetesResources(TektonRuns.PIPELINE_RUNS)
                .inNamespace(NS)
                .withName(name)
                .edit(r -> {
                    r.setAdditionalProperty("status", status);
                    return r;
                });
    }

    private static Map<String, Object> status(String conditionStatus, String reason, String message) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", "Succeeded");
        condition.put("status", conditionStatus);
        condition.put("reason", reason);
        condition.put("message", message);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("conditions", List.of(condition));
        return status;
    }
}
