package dev.conftekton.cli.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.cli.ConftektonCommand;
import dev.conftekton.cli.ExitCodes;
import dev.conftekton.tekton.interceptor.InterceptorServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        assertThat(err.toString()).contains("--secret-file is required");
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
}
