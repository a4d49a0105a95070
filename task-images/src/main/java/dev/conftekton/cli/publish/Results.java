package dev.conftekton.cli.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes Tekton results: one file per result, each kept under Tekton's 4 KB limit. */
final class Results {
    static final int MAX_BYTES = 4000;

    private Results() {}

    static void write(Path dir, Map<String, String> results) {
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> e : results.entrySet()) {
                byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
                if (bytes.length > MAX_BYTES) {
                    bytes = java.util.Arrays.copyOf(bytes, MAX_BYTES); // a result over the limit fails the TaskRun
                }
                Files.write(dir.resolve(e.getKey()), bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + dir + ": " + e.getMessage(), e);
        }
    }
}
