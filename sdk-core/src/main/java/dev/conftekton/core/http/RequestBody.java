package dev.conftekton.core.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The body of an {@link HttpRequest}.
 *
 * <pre>{@code
 * RequestBody json = RequestBody.json("{\"title\":\"Release 1.2\"}");
 * RequestBody upload = RequestBody.ofStream(in, size, "application/pdf"); // sent once, never retried
 * }</pre>
 *
 * <p>A body is <em>replayable</em> when it can be written more than once; only requests with
 * replayable bodies are retried. Bodies held in memory are replayable, streams are not.
 */
public interface RequestBody {
    /** The media type, for example {@code application/json; charset=utf-8}. */
    String contentType();

    /** The length in bytes, or -1 when unknown. */
    long contentLength();

    /** Writes the body. A non-replayable body fails with {@link IllegalStateException} on the second call. */
    void writeTo(OutputStream out) throws IOException;

    /** True when {@link #writeTo} may be called more than once. */
    boolean isReplayable();

    /** A UTF-8 JSON body. */
    static RequestBody json(String json) {
        Objects.requireNonNull(json, "json");
        return of(json.getBytes(StandardCharsets.UTF_8), "application/json; charset=utf-8");
    }

    /** A replayable body holding {@code text} encoded as UTF-8. */
    static RequestBody of(String text, String contentType) {
        Objects.requireNonNull(text, "text");
        return of(text.getBytes(StandardCharsets.UTF_8), contentType);
    }

    /** A replayable body holding a copy of {@code bytes}. */
    static RequestBody of(byte[] bytes, String contentType) {
        Objects.requireNonNull(bytes, "bytes");
        return new BytesBody(bytes.clone(), checkContentType(contentType));
    }

    /**
     * A body streamed from {@code in}, which is read once and closed. Not replayable: a request
     * carrying it is never retried.
     *
     * @param length the exact number of bytes, or -1 when unknown (sent chunked)
     */
    static RequestBody ofStream(InputStream in, long length, String contentType) {
        Objects.requireNonNull(in, "in");
        if (length < -1) {
            throw new IllegalArgumentException("length must be -1 (unknown) or >= 0, was " + length);
        }
        return new StreamBody(in, length, checkContentType(contentType));
    }

    private static String checkContentType(String contentType) {
        Objects.requireNonNull(contentType, "contentType");
        if (contentType.isBlank()
                || contentType.indexOf('/') < 0
                || contentType.chars().anyMatch(c -> c < ' ')) {
            throw new IllegalArgumentException(
                    "contentType must be a media type such as application/json, was '" + contentType + "'");
        }
        return contentType;
    }
}
