package dev.conftekton.cli.publish;

import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.auth.TokenSource;
import dev.conftekton.core.flow.FlowControl;
import dev.conftekton.core.http.RestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Options shared by the publish commands: where Confluence is and how to authenticate. Credentials
 * come from files in {@code --credentials-dir} or from {@code CONFTEKTON_*} variables, never from
 * arguments (arguments show up in process lists and in Tekton's stored TaskRun specs).
 */
final class ConfluenceConnection {
    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "Confluence API root: https://SITE.atlassian.net/wiki on Cloud, the context path on Data"
                    + " Center. Default: CONFTEKTON_URL.")
    String url;

    @Option(
            names = "--credentials-dir",
            paramLabel = "DIR",
            description = "Directory with 'email' + 'api-token' (Cloud) or 'token' (Data Center PAT / bearer)."
                    + " Default: CONFTEKTON_EMAIL + CONFTEKTON_API_TOKEN, or CONFTEKTON_TOKEN.")
    Path credentialsDir;

    @Option(
            names = "--rate-limit",
            paramLabel = "N",
            defaultValue = "0",
            description = "Requests per second at most (0: adapt to 429 answers only). Default: ${DEFAULT-VALUE}.")
    double rateLimit;

    /** A client for the configured site; {@code env} is the process environment (injectable for tests). */
    RestClient client(Map<String, String> env, String userAgentVersion) {
        String base = url != null ? url : env.get("CONFTEKTON_URL");
        if (base == null || base.isBlank()) {
            throw new IllegalArgumentException("no Confluence URL: give --url or set CONFTEKTON_URL");
        }
        if (rateLimit < 0) {
            throw new IllegalArgumentException("--rate-limit must not be negative");
        }
        FlowControl.Builder flow = FlowControl.builder();
        if (rateLimit > 0) {
            flow.requestsPerSecond(rateLimit);
        }
        return RestClient.builder()
                .baseUrl(base)
                .tokenSource(TokenSource.of(token(env)))
                .flowControl(flow.build())
                .build();
    }

    AccessToken token(Map<String, String> env) {
        if (credentialsDir != null) {
            if (!Files.isDirectory(credentialsDir)) {
                throw new IllegalArgumentException("--credentials-dir " + credentialsDir + " is not a directory");
            }
            Optional<String> token = read(credentialsDir.resolve("token"));
            if (token.isPresent()) {
                return AccessToken.bearer(token.get());
            }
            Optional<String> email = read(credentialsDir.resolve("email"));
            Optional<String> apiToken = read(credentialsDir.resolve("api-token"));
            if (email.isPresent() && apiToken.isPresent()) {
                return AccessToken.basic(email.get(), Secret.of(apiToken.get()));
            }
            throw new IllegalArgumentException(
                    "--credentials-dir " + credentialsDir + " holds neither 'token' nor both 'email' and 'api-token'");
        }
        String token = env.get("CONFTEKTON_TOKEN");
        if (token != null && !token.isBlank()) {
            return AccessToken.bearer(token.strip());
        }
        String email = env.get("CONFTEKTON_EMAIL");
        String apiToken = env.get("CONFTEKTON_API_TOKEN");
        if (email != null && apiToken != null && !email.isBlank() && !apiToken.isBlank()) {
            return AccessToken.basic(email.strip(), Secret.of(apiToken.strip()));
        }
        throw new IllegalArgumentException("no Confluence credentials: give --credentials-dir, or set"
                + " CONFTEKTON_EMAIL and CONFTEKTON_API_TOKEN, or CONFTEKTON_TOKEN");
    }

    private static Optional<String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read credential file " + file.getFileName() + ": " + e.getMessage());
        }
    }
}
