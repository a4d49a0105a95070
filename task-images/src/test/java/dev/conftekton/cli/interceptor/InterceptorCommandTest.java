package dev.conftekton.cli.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.cli.ConftektonCommand;
import dev.conftekton.cli.ExitCodes;
import dev.conftekton.tekton.interceptor.InterceptorServer;
import dev.conftekton.testkit.oidc.OidcIssuer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InterceptorCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = ConftektonCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void helpDescribesOptionsCodesAndExamples() {
        int code = run("interceptor", "--help");

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("--port", "--secret-file", "--tls-cert", "--tls-key", "--max-body", "X-Hub-Signature")
                .contains("16 bad", "/readyz", "Examples:");
        assertThat(out.toString()).doesNotContain("not available in this build");
    }

    @Test
    void missingSecretFileIsAUsageError() {
        int code = run("interceptor", "--port", "0");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--secret-file or --oidc-issuer is required");
    }

    @Test
    void tlsCertWithoutKeyIsAUsageError() throws Exception {
        Path secret = Files.writeString(dir.resolve("s"), "x");

        int code = run("interceptor", "--port", "0", "--secret-file", secret.toString(), "--tls-cert", "c.pem");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--tls-cert and --tls-key go together");
    }

    @Test
    void servesUntilStoppedThenExitsZero() throws Exception {
        Path secret = Files.writeString(dir.resolve("s"), "webhook-secret");
        InterceptorCommand command = new InterceptorCommand();
        CommandLine cl = new CommandLine(command);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute(
                "--port", "0", "--bind", "127.0.0.1", "--secret-file", secret.toString(), "--shutdown-grace", "0"));

        InterceptorServer server = command.awaitStarted(Duration.ofSeconds(30));
        assertThat(server).isNotNull();
        HttpResponse<String> ready = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/readyz"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        command.stop();

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void oidcModeNeedsAnAudienceAndAPolicy() throws Exception {
        int noAudience = run("interceptor", "--port", "0", "--oidc-issuer", "https://idp.example.com");
        String first = err.toString();
        int noPolicy = run(
                "interceptor", "--port", "0", "--oidc-issuer", "https://idp.example.com", "--oidc-audience", "hooks");

        assertThat(noAudience).isEqualTo(ExitCodes.USAGE);
        assertThat(first).contains("--oidc-issuer needs --oidc-audience");
        assertThat(noPolicy).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--oidc-issuer needs --policy");
    }

    @Test
    void oidcModeLetsThroughOnlyTokensThePolicyAllowsForTheTarget() throws Exception {
        try (OidcIssuer issuer = OidcIssuer.builder().build().start()) {
            // given: a policy letting the proxy start publish-docs in namespace ci
            Path policy = Files.writeString(
                    dir.resolve("policy.yaml"),
                    """
                    version: 1
                    rules:
                      - id: proxy-starts-docs
                        effect: allow
                        principals: [{issuer: "%s", subject: webhook-proxy}]
                        actions: [run:trigger]
                        resources: [tekton:namespace/ci/pipeline/publish-docs]
                    """
                            .formatted(issuer.issuerUrl()));
            InterceptorCommand command = new InterceptorCommand();
            CommandLine cl = new CommandLine(command);
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute(
                    "--port",
                    "0",
                    "--bind",
                    "127.0.0.1",
                    "--shutdown-grace",
                    "0",
                    "--oidc-issuer",
                    issuer.issuerUrl(),
                    "--oidc-audience",
                    "confluence-webhooks",
                    "--policy",
                    policy.toString(),
                    "--pipeline",
                    "publish-docs"));
            InterceptorServer server = command.awaitStarted(Duration.ofSeconds(30));
            assertThat(server).isNotNull();
            String token = issuer.mint()
                    .subject("webhook-proxy")
                    .audience("confluence-webhooks")
                    .sign();
            String otherAudience =
                    issuer.mint().subject("webhook-proxy").audience("elsewhere").sign();

            // when
            HttpResponse<String> allowed = post(server, webhook(token, "ci"));
            HttpResponse<String> otherNamespace = post(server, webhook(token, "prod"));
            HttpResponse<String> wrongAudience = post(server, webhook(otherAudience, "ci"));
            command.stop();

            // then
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.body()).contains("\"continue\":true");
            assertThat(otherNamespace.statusCode()).isEqualTo(200);
            assertThat(otherNamespace.body()).contains("\"continue\":false").contains("\"code\":7");
            assertThat(wrongAudience.body()).contains("\"code\":16").contains("wrong_audience");
            assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        }
    }

    private static String webhook(String token, String namespace) {
        String body = "{\\\"timestamp\\\":" + Instant.now().toEpochMilli()
                + ",\\\"event\\\":\\\"page_updated\\\",\\\"page\\\":{\\\"id\\\":42,"
                + "\\\"spaceKey\\\":\\\"DOCS\\\",\\\"title\\\":\\\"Notes\\\",\\\"version\\\":3}}";
        return "{\"body\":\"" + body + "\",\"header\":{\"Content-Type\":[\"application/json\"],"
                + "\"Authorization\":[\"Bearer " + token + "\"]},\"interceptor_params\":{},"
                + "\"context\":{\"event_id\":\"e1\",\"trigger_id\":\"namespaces/" + namespace
                + "/triggers/docs\"}}";
    }

    private static HttpResponse<String> post(InterceptorServer server, String json) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
