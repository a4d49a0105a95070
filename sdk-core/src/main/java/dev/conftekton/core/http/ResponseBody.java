package dev.conftekton.core.http;

import dev.conftekton.core.error.TransportException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The body of an {@link HttpResponse}. It can be consumed once: call one of {@link #bytes()},
 * {@link #string()} or {@link #stream()}.
 *
 * <pre>{@code
 * try (HttpResponse response = client.execute(HttpRequest.get("/download/attachments/1/a.pdf"))) {
 *     Files.copy(response.body().stream(), target);
 * }
 * }</pre>
 */
public interface ResponseBody extends AutoCloseable {
    /** The media type the server declared, if any. */
    Optional<String> contentType();

    /** The length the server declared, or -1 when unknown. */
    long contentLength();

    /** The body as a stream; the caller closes it (or the response). */
    InputStream stream();

    /**
     * Reads the whole body.
     *
     * @throws TransportException when reading fails (connection lost, timeout)
     */
    default byte[] bytes() {
        try (InputStream in = stream()) {
            long declared = contentLength();
            if (declared >= 0 && declared <= 1 << 20) {
                // The usual JSON answer: one array of the declared size instead of readAllBytes's
                // 16 KiB scratch buffers and copy. A body longer than declared is still read whole.
                byte[] exact = new byte[(int) declared];
                int read = in.readNBytes(exact, 0, exact.length);
                if (read < exact.length) {
                    return java.util.Arrays.copyOf(exact, read); // shorter than declared: what came
                }
                int next = in.read();
                if (next < 0) {
                    return exact;
                }
                java.io.ByteArrayOutputStream more = new java.io.ByteArrayOutputStream(exact.length * 2 + 1);
                more.write(exact);
                more.write(next);
                in.transferTo(more);
                return more.toByteArray();
            }
            return in.readAllBytes();
        } catch (IOException | UncheckedIOException e) {
            throw new TransportException("reading the response body failed: " + e.getMessage(), e);
        }
    }

    /** Reads the whole body as text in the declared charset, UTF-8 when none is declared. */
    default String string() {
        return new String(bytes(), charset());
    }

    /** The charset named in the content type, UTF-8 when absent or unknown. */
    default Charset charset() {
        return contentType().map(ResponseBody::charsetOf).orElse(StandardCharsets.UTF_8);
    }

    @Override
    void close();

    /** A body holding {@code bytes} (not copied), for transports and tests. */
    static ResponseBody of(byte[] bytes, String contentType) {
        Objects.requireNonNull(bytes, "bytes");
        return ofStream(new ByteArrayInputStream(bytes), bytes.length, contentType);
    }

    /** A UTF-8 body holding {@code text}, for transports and tests. */
    static ResponseBody of(String text, String contentType) {
        Objects.requireNonNull(text, "text");
        return of(text.getBytes(StandardCharsets.UTF_8), contentType);
    }

    /** An empty body. */
    static ResponseBody empty() {
        return of(new byte[0], null);
    }

    /** A body read from {@code in}, which {@link #close()} closes. */
    static ResponseBody ofStream(InputStream in, long contentLength, String contentType) {
        Objects.requireNonNull(in, "in");
        return new ResponseBody() {
            @Override
            public Optional<String> contentType() {
                return Optional.ofNullable(contentType);
            }

            @Override
            public long contentLength() {
                return contentLength;
            }

            @Override
            public InputStream stream() {
                return in;
            }

            @Override
            public void close() {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // nothing useful to do
                }
            }

            @Override
            public String toString() {
                return "ResponseBody[" + contentType + ", " + contentLength + " bytes]";
            }
        };
    }

    private static Charset charsetOf(String contentType) {
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String name = p.substring(8).trim().replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (RuntimeException unknown) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
