package dev.conftekton.identity.verify.internal;

import dev.conftekton.core.error.ConftektonException;
import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.HttpResponse;
import dev.conftekton.core.http.HttpTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** {@link HttpFetcher} over sdk-core's {@link HttpTransport}, with a size limit. Unsupported internal API. */
public final class TransportHttpFetcher implements HttpFetcher {
    private static final int MAX_BYTES = 1024 * 1024;

    private final HttpTransport transport;
    private final Duration timeout;

    public TransportHttpFetcher(HttpTransport transport, Duration timeout) {
        this.transport = transport;
        this.timeout = timeout;
    }

    @Override
    public String get(URI uri) throws IOException {
        HttpRequest request = HttpRequest.builder()
                .method("GET")
                .url(uri.toString())
                .header("Accept", "application/json, application/jwk-set+json")
                .build();
        try (HttpResponse response = transport.execute(request, timeout)) {
            if (response.status() != 200) {
                throw new IOException("GET " + uri + " answered HTTP " + response.status());
            }
            try (InputStream in = response.body().stream()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (out.size() + n > MAX_BYTES) {
                        throw new IOException("GET " + uri + " answered more than " + MAX_BYTES + " bytes");
                    }
                    out.write(buffer, 0, n);
                }
                return out.toString(StandardCharsets.UTF_8);
            }
        } catch (ConftektonException | UncheckedIOException e) {
            throw new IOException("GET " + uri + " failed: " + e.getMessage(), e);
        }
    }
}
