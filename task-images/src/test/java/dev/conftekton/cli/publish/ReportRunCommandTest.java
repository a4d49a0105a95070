package dev.conftekton.cli.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.cli.ConftektonCommand;
import dev.conftekton.cli.ExitCodes;
import dev.conftekton.tekton.RunRequest;
import dev.conftekton.tekton.TektonRuns;
import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import dev.conftekton.testkit.confluence.ConfluenceEmulatorExtension;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@EnableKubernetesMockClient(crud = true)
@ExtendWith(ConfluenceEmulatorExtension.class)
class ReportRunCommandTest {
    static KubernetesClient client;

    static final ResourceDefinitionContext PIPELINE_RUNS = new ResourceDefinitionContext.Builder()
            .withGroup("tekton.dev")
            .withVersion("v1")
            .withKind("PipelineRun")
            .withPlural("pipelineruns")
            .withNamespaced(true)
            .build();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path tmp;

    private CommandLine commandLine;

    /** The report-run command of a fresh command line, with test credentials and the mock API server. */
    private ReportRunCommand command() {
        commandLine = ConftektonCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        ReportRunCommand command = (ReportRunCommand)
                commandLine.getSubcommands().get("report-run").getCommand();
        command.env = Map.of("CONFTEKTON_EMAIL", "robot@example.com", "CONFTEKTON_API_TOKEN", "robot-api-token");
        // a client of our own per run: the command closes it
        command.kubernetes = () -> new KubernetesClientBuilder()
                .withConfig(client.getConfiguration())
                .build();
        return command;
    }

    private int run(ReportRunCommand command, String... args) {
        CommandLine cl = commandLine;
        String[] all = new String[args.length + 1];
        all[0] = "report-run";
        System.arraycopy(args, 0, all, 1, args.length);
        return cl.execute(all);
    }

    @Test
    void reportsOneFinishedRunAndWritesResults(ConfluenceEmulator emulator) throws Exception {
        String name = TektonRuns.builder()
                .client(client)
                .namespace("ci")
                .build()
                .start(RunRequest.pipeline("build").build())
                .name();
        finish("ci", name);
        Path results = tmp.resolve("results");

        int code = run(
                command(),
                name,
                "--namespace",
                "ci",
                "--url",
                emulator.cloudUrl(),
                "--space",
                "DEV",
                "--results-dir",
                results.toString());
        int again = run(command(), name, "--namespace", "ci", "--url", emulator.cloudUrl(), "--space", "DEV");

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(again).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("reported ci/" + name + " (SUCCEEDED) record page");
        String pageId = Files.readString(results.resolve("page-id"), StandardCharsets.UTF_8);
        assertThat(emulator.pageCount()).isPositive();
        assertThat(out.toString()).contains("pageId=" + pageId);
    }

    @Test
    void unfinishedRunExitsOneAndMissingRunTwo(ConfluenceEmulator emulator) {
        String name = TektonRuns.builder()
                .client(client)
                .namespace("ci")
                .build()
                .start(RunRequest.pipeline("build").build())
                .name();

        int running = run(command(), name, "--namespace", "ci", "--url", emulator.cloudUrl(), "--space", "DEV");
        int missing = run(command(), "nope", "--namespace", "ci", "--url", emulator.cloudUrl(), "--space", "DEV");

        assertThat(running).isEqualTo(ExitCodes.CONDITION_FALSE);
        assertThat(err.toString()).contains("has not finished");
        assertThat(missing).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("there is no PipelineRun ci/nope");
    }

    @Test
    void usageErrorsNameTheFix() {
        assertThat(run(command(), "--space", "DEV")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("give a RUN name or --watch");
        assertThat(run(command(), "x", "--url", "http://127.0.0.1:9")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--space (record pages) and/or --log-page-id");
    }

    @Test
    void watchReportsRunsAsTheyFinishUntilStopped(ConfluenceEmulator emulator) throws Exception {
        String log = emulator.createPage("robot@example.com", "DEV", "CLI run log", "<p/>", null);
        ReportRunCommand command = command();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() ->
                run(command, "--watch", "--namespace", "watched", "--url", emulator.cloudUrl(), "--log-page-id", log));
        assertThat(command.awaitWatching(Duration.ofSeconds(30))).isTrue();

        String name = TektonRuns.builder()
                .client(client)
                .namespace("watched")
                .build()
                .start(RunRequest.pipeline("build").build())
                .name();
        finish("watched", name);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!out.toString().contains("reported watched/" + name) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        command.stop();

        assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("reported watched/" + name + " (SUCCEEDED) log page " + log);
    }

    private static void finish(String namespace, String name) {
        GenericKubernetesResource run = client.genericKubernetesResources(PIPELINE_RUNS)
                .inNamespace(namespace)
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
                        "2026-11-23T10:00:42Z"));
        client.genericKubernetesResources(PIPELINE_RUNS)
                .inNamespace(namespace)
                .resource(run)
                .update();
    }
}
