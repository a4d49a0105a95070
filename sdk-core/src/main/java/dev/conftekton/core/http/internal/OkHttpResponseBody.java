package dev.conftekton.core.http.internal;

import dev.conftekton.core.error.TransportException;
import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.ResponseBody;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * A response body read from OkHttp. {@link #bytes()} reads OkHttp's buffered source directly, in
 * its pooled segments, rather than through an {@link InputStream} view of it.
 */
final class OkHttpResponseBody implements ResponseBody {
    private final okhttp3.ResponseBody body;
    private final String contentType;
    private final HttpRequest request;
    private final URI uri;
    private final Duration timeout;

    OkHttpResponseBody(okhttp3.ResponseBody body, String contentType, HttpRequest request, URI uri, Duration timeout) {
        this.body = body;
        this.contentType = contentType;
        this.request = request;
        this.uri = uri;
        this.timeout = timeout;
    }

    @Override
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    @Override
    public long contentLength() {
        return body.contentLength();
    }

    @Override
    public InputStream stream() {
        return new TimeoutMappingInputStream(body.byteStream(), request, uri, timeout);
    }

    @Override
    public byte[] bytes() {
        // Whatever the server sends until the end of the body, as ResponseBody.bytes() documents,
        // also when that differs from the declared length.
        try (okhttp3.ResponseBody b = body) {
            return b.source().readByteArray();
        } catch (IOException e) {
            IOException named = TimeoutMappingInputStream.wrap(e, request, uri, timeout);
            throw new TransportException("reading the response body failed: " + named.getMessage(), named);
        }
    }

    @Override
    public void close() {
        body.close();
    }

    @Override
    public String toString() {
        return "ResponseBody[" + contentType + ", " + body.contentLength() + " bytes]";
    }
}
