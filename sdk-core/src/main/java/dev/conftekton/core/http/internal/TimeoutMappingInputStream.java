package dev.conftekton.core.http.internal;

import dev.conftekton.core.http.HttpRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;

/**
 * Turns I/O failures while reading a response body into the SDK's transport exceptions (wrapped in
 * an {@link UncheckedIOException} so that {@code InputStream} callers still see an IOException).
 */
final class TimeoutMappingInputStream extends FilterInputStream {
    private final HttpRequest request;
    private final URI uri;
    private final Duration timeout;

    TimeoutMappingInputStream(InputStream in, HttpRequest request, URI uri, Duration timeout) {
        super(in);
        this.request = request;
        this.uri = uri;
        this.timeout = timeout;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            throw wrap(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (IOException e) {
            throw wrap(e);
        }
    }

    private IOException wrap(IOException e) {
        return wrap(e, request, uri, timeout);
    }

    /** {@code e} with a message that names the request and, for a timeout, what to change. */
    static IOException wrap(IOException e, HttpRequest request, URI uri, Duration timeout) {
        return new IOException(OkHttpTransport.failure(request, uri, timeout, e).getMessage(), e);
    }
}
