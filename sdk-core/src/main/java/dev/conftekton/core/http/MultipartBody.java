package dev.conftekton.core.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A replayable {@code multipart/form-data} body, as Confluence takes for attachment uploads.
 *
 * <pre>{@code
 * RequestBody body = MultipartBody.builder()
 *         .addField("comment", "release notes")
 *         .addFile("file", "notes.pdf", "application/pdf", bytes)
 *         .build();
 * }</pre>
 *
 * <p>Field names and file names are escaped as browsers do ({@code "} as {@code %22}, CR and LF as
 * {@code %0D}/{@code %0A}) so a hostile file name cannot inject headers or parts.
 */
public final class MultipartBody implements RequestBody {
    private final String boundary;
    private final byte[] bytes;
    private final int partCount;

    private MultipartBody(String boundary, byte[] bytes, int partCount) {
        this.boundary = boundary;
        this.bytes = bytes;
        this.partCount = partCount;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String boundary() {
        return boundary;
    }

    @Override
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
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
        return "MultipartBody[" + partCount + " parts, " + bytes.length + " bytes]";
    }

    /** Builder for {@link MultipartBody}. */
    public static final class Builder {
        private static final SecureRandom RANDOM = new SecureRandom();

        private record Part(String name, String filename, String contentType, byte[] content) {}

        private final List<Part> parts = new ArrayList<>();
        private String boundary;

        private Builder() {}

        /**
         * A text field, encoded as UTF-8. A value with any non-ASCII character carries {@code Content-Type:
         * text/plain; charset=UTF-8}: servers decode a field without a charset as ISO-8859-1 (Confluence
         * does, CONFSERVER-52492), which would garble it. ASCII values need no header and get none.
         */
        public Builder addField(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            boolean ascii = value.chars().allMatch(c -> c < 0x80);
            parts.add(new Part(
                    name, null, ascii ? null : "text/plain; charset=UTF-8", value.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        /** A file part; the bytes are copied. */
        public Builder addFile(String name, String filename, String contentType, byte[] content) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(filename, "filename");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(content, "content");
            if (contentType.chars().anyMatch(c -> c < ' ')) {
                throw new IllegalArgumentException("contentType contains a control character");
            }
            parts.add(new Part(name, filename, contentType, content.clone()));
            return this;
        }

        /** A fixed boundary (for tests); by default a random one is chosen. */
        public Builder boundary(String boundary) {
            Objects.requireNonNull(boundary, "boundary");
            if (boundary.isEmpty() || boundary.length() > 70 || !boundary.matches("[0-9A-Za-z'()+_,./:=?-]+")) {
                throw new IllegalArgumentException("boundary must be 1-70 characters of [0-9A-Za-z'()+_,./:=?-]");
            }
            this.boundary = boundary;
            return this;
        }

        public MultipartBody build() {
            if (parts.isEmpty()) {
                throw new IllegalStateException("a multipart body needs at least one part");
            }
            String b = boundary;
            if (b == null) {
                byte[] random = new byte[16];
                RANDOM.nextBytes(random);
                b = "conftekton-" + HexFormat.of().formatHex(random);
            }
            byte[] delimiter = ("--" + b).getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Part p : parts) {
                if (contains(p.content(), delimiter)) {
                    throw new IllegalStateException("a part contains the boundary; choose another boundary");
                }
                StringBuilder h = new StringBuilder();
                h.append("--").append(b).append("\r\n");
                h.append("Content-Disposition: form-data; name=\"")
                        .append(escape(p.name()))
                        .append('"');
                if (p.filename() != null) {
                    h.append("; filename=\"").append(escape(p.filename())).append('"');
                }
                h.append("\r\n");
                if (p.contentType() != null) {
                    h.append("Content-Type: ").append(p.contentType()).append("\r\n");
                }
                h.append("\r\n");
                out.writeBytes(h.toString().getBytes(StandardCharsets.UTF_8));
                out.writeBytes(p.content());
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.writeBytes(("--" + b + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            return new MultipartBody(b, out.toByteArray(), parts.size());
        }

        private static String escape(String s) {
            return s.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
        }

        private static boolean contains(byte[] haystack, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= haystack.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }
    }
}
