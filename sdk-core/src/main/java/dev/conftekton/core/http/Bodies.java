package dev.conftekton.core.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/** An in-memory body. */
final class BytesBody implements RequestBody {
    private final byte[] bytes;
    private final String contentType;

    BytesBody(byte[] bytes, String contentType) {
        this.bytes = bytes;
        this.contentType = contentType;
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public long contentLength() {
        return bytes.length;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes);
    }

    @Override
    public boolean isReplayable() {
        return true;
    }

    @Override
    public String toString() {
        return "RequestBody[" + contentType + ", " + bytes.length + " bytes]";
    }
}

/** A one-shot streamed body. */
final class StreamBody implements RequestBody {
    private final InputStream in;
    private final long length;
    private final String contentType;
    private final AtomicBoolean consumed = new AtomicBoolean();

    StreamBody(InputStream in, long length, String contentType) {
        this.in = in;
        this.length = length;
        this.contentType = contentType;
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public long contentLength() {
        return length;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        if (!consumed.compareAndSet(false, true)) {
            throw new IllegalStateException("a streamed request body can be sent only once");
        }
        try (InputStream source = in) {
            long copied = source.transferTo(out);
            if (length >= 0 && copied != length) {
                throw new IOException("the body stream gave " + copied + " bytes but its declared length is " + length);
            }
        }
    }

    @Override
    public boolean isReplayable() {
        return false;
    }

    @Override
    public String toString() {
        return "RequestBody[" + contentType + ", stream, " + (length < 0 ? "unknown length" : length + " bytes") + "]";
    }
}
