package dev.conftekton.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the small text files that options name (a JWKS, a record template, a credential), with a
 * bound: a wrong path to a large file fails at once, naming the option, instead of filling the heap.
 */
public final class InputFiles {
    /** A key set far larger than any real one (a few kilobytes). */
    public static final int MAX_JWKS_BYTES = 1024 * 1024;

    /** As large as a Markdown page that publish takes. */
    public static final int MAX_TEMPLATE_BYTES = 5 * 1024 * 1024;

    private InputFiles() {}

    /**
     * The file's text, UTF-8.
     *
     * @param what how the message names the file, for example {@code "--template"}
     * @throws IllegalArgumentException when the file is a directory, is missing or holds more than
     *     {@code maxBytes}; the message never quotes the file's content
     */
    public static String read(Path file, String what, int maxBytes) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(what + " " + file + " is a directory; point the option at the file");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(what + " " + file + " does not exist");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(maxBytes + 1);
        }
        if (bytes.length > maxBytes) {
            throw new IllegalArgumentException(what + " " + file + " holds more than " + maxBytes + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
