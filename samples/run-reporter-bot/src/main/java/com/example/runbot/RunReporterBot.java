package com.example.runbot;

import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.auth.TokenSource;
import dev.conftekton.core.http.RestClient;
import dev.conftekton.tekton.TektonRuns;
import dev.conftekton.tekton.report.RunReport;
import dev.conftekton.tekton.report.RunReportWatcher;
import dev.conftekton.tekton.report.RunReporter;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Map;

/**
 * A bot that watches one Kubernetes namespace and writes every finished Tekton PipelineRun to
 * Confluence: a record page per run (status, duration, results) and a row on a log page.
 *
 * <p>Configuration comes from the environment (never from arguments, which show up in process
 * lists): {@code CONFTEKTON_URL}, {@code CONFTEKTON_EMAIL} + {@code CONFTEKTON_API_TOKEN} (Cloud)
 * or {@code CONFTEKTON_TOKEN} (Data Center), {@code BOT_NAMESPACE}, and {@code BOT_SPACE} and/or
 * {@code BOT_LOG_PAGE_ID}. The Kubernetes connection is fabric8's usual one: the in-cluster
 * service account, or {@code ~/.kube/config}.
 */
public final class RunReporterBot {
    /** What to watch and where to write. */
    public record Settings(String namespace, String space, String logPageId) {}

    private RunReporterBot() {}

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = System.getenv();
        Settings settings =
                new Settings(required(env, "BOT_NAMESPACE"), env.get("BOT_SPACE"), env.get("BOT_LOG_PAGE_ID"));
        RestClient confluence = confluence(env);
        try (KubernetesClient k8s = new KubernetesClientBuilder().build();
                RunReportWatcher watcher = start(k8s, confluence, settings, new PrintingListener())) {
            Runtime.getRuntime().addShutdownHook(new Thread(watcher::close, "bot-shutdown"));
            System.out.println("reporting finished runs in namespace " + settings.namespace() + "; Ctrl-C stops");
            watcher.awaitClose();
        }
    }

    /** Starts reporting; close the returned watcher to stop. */
    public static RunReportWatcher start(
            KubernetesClient k8s, RestClient confluence, Settings settings, RunReportWatcher.Listener listener) {
        RunReporter.Builder reporter = RunReporter.builder().rest(confluence);
        if (settings.space() != null) {
            reporter.space(settings.space());
        }
        if (settings.logPageId() != null) {
            reporter.logPageId(settings.logPageId());
        }
        return RunReportWatcher.builder()
                .runs(TektonRuns.builder()
                        .client(k8s)
                        .namespace(settings.namespace())
                        .build())
                .reporter(reporter.build())
                .listener(listener)
                .build()
                .start();
    }

    static RestClient confluence(Map<String, String> env) {
        String url = required(env, "CONFTEKTON_URL");
        AccessToken token = env.get("CONFTEKTON_TOKEN") != null
                ? AccessToken.bearer(env.get("CONFTEKTON_TOKEN"))
                : AccessToken.basic(
                        required(env, "CONFTEKTON_EMAIL"), Secret.of(required(env, "CONFTEKTON_API_TOKEN")));
        return RestClient.builder()
                .baseUrl(url)
                .tokenSource(TokenSource.of(token))
                .build();
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("set " + name + " (see README.md)");
        }
        return value;
    }

    /** Prints one line per report; never the credentials. */
    static final class PrintingListener implements RunReportWatcher.Listener {
        @Override
        public void reported(RunReport report) {
            System.out.println("reported " + report.namespace() + "/" + report.name() + " (" + report.state() + ")"
                    + report.page().map(p -> " " + p.url()).orElse(""));
        }

        @Override
        public void failed(String run, RuntimeException error) {
            System.err.println("could not report " + run + " (tried again at the next resync): " + error.getMessage());
        }
    }
}
