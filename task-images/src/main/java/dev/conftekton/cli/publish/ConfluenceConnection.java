package dev.conftekton.cli.publish;

import dev.conftekton.cli.ConfluenceCredentials;
import dev.conftekton.core.flow.FlowControl;
import dev.conftekton.core.http.RestClient;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options shared by the publish commands: where Confluence is and how to authenticate (the shared
 * {@link ConfluenceCredentials}), and how fast to go.
 */
final class ConfluenceConnection {
    @Mixin
    ConfluenceCredentials credentials = new ConfluenceCredentials();

    @Option(
            names = "--rate-limit",
            paramLabel = "N",
            defaultValue = "0",
            description = "Requests per second at most (0: adapt to 429 answers only). Default: ${DEFAULT-VALUE}.")
    double rateLimit;

    /** A client for the configured site; {@code env} is the process environment (injectable for tests). */
    RestClient client(Map<String, String> env) {
        String base = credentials.siteUrl(env::get);
        if (rateLimit < 0) {
            throw new IllegalArgumentException("--rate-limit must not be negative");
        }
        FlowControl.Builder flow = FlowControl.builder();
        if (rateLimit > 0) {
            flow.requestsPerSecond(rateLimit);
        }
        return RestClient.builder()
                .baseUrl(base)
                .tokenSource(credentials.tokenSource(env::get))
                .flowControl(flow.build())
                .build();
    }
}
