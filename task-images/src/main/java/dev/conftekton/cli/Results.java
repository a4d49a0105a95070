package dev.conftekton.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes Tekton results ({@code --results-dir}): one file per result, each kept under Tekton's
 * limit. Shared by every command that writes results.
 */
public final class Results {
    /** Tekton results must stay small; each file is kept under this many bytes. */
    public static final int MAX_BYTES = 4000;

    private Results() {}

    /** Writes each entry as a file named by its key into {@code dir}; nothing when {@code dir} is null. */
    public static void write(Path dir, Map<String, String> results) {
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> e : results.entrySet()) {
                // a result over the limit fails the TaskRun
                Files.writeString(dir.resolve(e.getKey()), truncate(e.getValue(), MAX_BYTES), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** {@code s} cut to at most {@code maxBytes} of UTF-8, ending in "..." when cut, never inside a character. */
    static String truncate(String s, int maxBytes) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= maxBytes) {
            return s;
        }
        int cut = maxBytes - 3;
        while (cut > 0 && (b[cut] & 0xC0) == 0x80) {
            cut--; // do not split a UTF-8 sequence
        }
        return new String(b, 0, cut, StandardCharsets.UTF_8) + "...";
    }
}
