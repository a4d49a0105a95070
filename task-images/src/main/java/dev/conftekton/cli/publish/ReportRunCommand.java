package dev.conftekton.cli.publish;

import dev.conftekton.cli.ExitCodes;
import dev.conftekton.cli.Results;
import dev.conftekton.tekton.RunOutcome;
import dev.conftekton.tekton.TektonException;
import dev.conftekton.tekton.TektonRuns;
import dev.conftekton.tekton.report.RunReport;
import dev.conftekton.tekton.report.RunReportWatcher;
import dev.conftekton.tekton.report.RunReporter;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.tekton.v1.PipelineRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code conftekton report-run}: a finished PipelineRun (or every one in a namespace) into Confluence. */
@Command(
        name = "report-run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Write a finished Tekton PipelineRun's status, duration and results to Confluence: a record page"
                    + " 'PipelineRun NS/NAME' in --space and/or a row on --log-page-id (publish record's engine).",
            "Reporting a run again changes nothing (same page, no new version, no second row).",
            "With --watch, report every run that finishes in the namespace until stopped (SIGTERM).",
            "Kubernetes access: the pod's service account, or ~/.kube/config (get, list, watch on"
                    + " pipelineruns.tekton.dev).",
            ""
        },
        footer = {
            "%nExamples:",
            "  conftekton report-run build-x7k2p --namespace ci --space OPS --log-page-id 884412",
            "  conftekton report-run --watch --namespace ci --log-page-id 884412",
            "%nTekton results (--results-dir, single run): page-id, page-url (the record page, else the log page).",
            "%nExit codes:%n  0  reported (--watch: stopped cleanly)%n  1  the run has not finished%n"
                    + "  2  usage or configuration error (no such run, bad page id, rejected credentials)%n"
                    + "  3  Confluence or Kubernetes failed%n"
        })
public final class ReportRunCommand implements Callable<Integer> {
    private static final ResourceDefinitionContext PIPELINE_RUNS = new ResourceDefinitionContext.Builder()
            .withGroup("tekton.dev")
            .withVersion("v1")
            .withKind("PipelineRun")
            .withPlural("pipelineruns")
            .withNamespaced(true)
            .build();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfluenceConnection connection = new ConfluenceConnection();

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "The PipelineRun's name.")
    String run;

    @Option(names = "--watch", description = "Report every run that finishes in the namespace, until stopped.")
    boolean watch;

    @Option(
            names = "--namespace",
            paramLabel = "NS",
            description = "The runs' namespace (default: the Kubernetes configuration's namespace).")
    String namespace;

    @Option(names = "--space", paramLabel = "KEY", description = "Write a record page per run in this space.")
    String space;

    @Option(
            names = "--parent-page-id",
            paramLabel = "ID",
            description = "Parent of new record pages (default: the space home).")
    String parentPageId;

    @Option(names = "--log-page-id", paramLabel = "ID", description = "Append a row per run to the table on this page.")
    String logPageId;

    @Option(
            names = "--wait",
            paramLabel = "SECONDS",
            defaultValue = "0",
            description = "Single run: wait up to this long for it to finish (default: ${DEFAULT-VALUE}, do not wait).")
    long waitSeconds;

    @Option(names = "--results-dir", paramLabel = "DIR", description = "Write Tekton results here.")
    Path resultsDir;

    /** The environment and the Kubernetes client; replaced in tests. */
    Map<String, String> env = System.getenv();

    Supplier<KubernetesClient> kubernetes = () -> new KubernetesClientBuilder().build();

    private final CountDownLatch started = new CountDownLatch(1);
    private volatile RunReportWatcher watcher;

    @Override
    public Integer call() throws InterruptedException {
        Results.requireWritable(resultsDir); // before anything is written to Confluence
        if (watch == (run != null)) {
            throw new IllegalArgumentException("give a RUN name or --watch (one of them)");
        }
        if (space == null && logPageId == null) {
            throw new IllegalArgumentException("give --space (record pages) and/or --log-page-id (log rows)");
        }
        if (waitSeconds < 0) {
            throw new IllegalArgumentException("--wait must not be negative");
        }
        RunReporter.Builder builder = RunReporter.builder().rest(connection.client(env));
        if (space != null) {
            builder.space(space);
        }
        if (parentPageId != null) {
            builder.parentPageId(parentPageId);
        }
        if (logPageId != null) {
            builder.logPageId(logPageId);
        }
        RunReporter reporter;
        try {
            reporter = builder.build();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        try (KubernetesClient k8s = kubernetes.get()) {
            String ns = namespace != null ? namespace : k8s.getNamespace() != null ? k8s.getNamespace() : "default";
            TektonRuns runs = TektonRuns.builder().client(k8s).namespace(ns).build();
            return watch ? watch(runs, reporter) : reportOne(k8s, runs, reporter, ns);
        }
    }

    private int reportOne(KubernetesClient k8s, TektonRuns runs, RunReporter reporter, String ns) {
        PrintWriter out = spec.commandLine().getOut();
        RunOutcome outcome;
        try {
            outcome = waitSeconds > 0
                    ? runs.await(run, Duration.ofSeconds(waitSeconds))
                    : runs.get(run)
                            .orElseThrow(() -> new TektonException("no PipelineRun " + ns + "/" + run, 404, null));
        } catch (TektonException e) {
            if (e.statusCode() == 404) {
                throw new IllegalArgumentException(
                        "there is no PipelineRun " + ns + "/" + run + "; check the name and --namespace", e);
            }
            throw e;
        }
        if (!outcome.isDone()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("conftekton report-run: PipelineRun " + ns + "/" + run + " has not finished (" + outcome.state()
                    + "); give --wait SECONDS to wait for it");
            err.flush();
            return ExitCodes.CONDITION_FALSE;
        }
        GenericKubernetesResource raw = k8s.genericKubernetesResources(PIPELINE_RUNS)
                .inNamespace(ns)
                .withName(run)
                .get();
        PipelineRun typed = k8s.getKubernetesSerialization().convertValue(raw, PipelineRun.class);
        RunReport report = reporter.report(typed, outcome);
        print(out, report);
        Map<String, String> results = new LinkedHashMap<>();
        report.page().or(report::logRow).ifPresent(p -> {
            results.put("page-id", p.pageId());
            results.put("page-url", p.url());
        });
        Results.write(resultsDir, results);
        return ExitCodes.OK;
    }

    private int watch(TektonRuns runs, RunReporter reporter) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RunReportWatcher w = RunReportWatcher.builder()
                .runs(runs)
                .reporter(reporter)
                .listener(new RunReportWatcher.Listener() {
                    @Override
                    public void reported(RunReport report) {
                        print(out, report);
                    }

                    @Override
                    public void failed(String name, RuntimeException error) {
                        err.println("conftekton report-run: could not report " + name
                                + " (tried again at the next resync): " + error.getMessage());
                        err.flush();
                    }
                })
                .build()
                .start();
        watcher = w;
        Thread hook = new Thread(w::close, "report-run-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("watching PipelineRuns in namespace " + runs.namespace());
        out.flush();
        started.countDown();
        w.awaitClose();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        return ExitCodes.OK;
    }

    private static synchronized void print(PrintWriter out, RunReport report) {
        StringBuilder line = new StringBuilder("reported ")
                .append(report.namespace())
                .append('/')
                .append(report.name())
                .append(" (")
                .append(report.state())
                .append(')');
        report.page().ifPresent(p -> line.append(" record page ").append(p.url()));
        report.logRow().ifPresent(p -> line.append(" log page ").append(p.pageId()));
        out.println(line);
        out.flush();
    }

    /** With --watch: waits until watching (for tests and embedding); false on timeout. */
    boolean awaitWatching(Duration timeout) throws InterruptedException {
        return started.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** With --watch: stops, as SIGTERM does. */
    void stop() {
        RunReportWatcher w = watcher;
        if (w != null) {
            w.close();
        }
    }
}
