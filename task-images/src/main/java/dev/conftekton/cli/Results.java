package dev.conftekton.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes Tekton results ({@code --results-dir}): one file per result. Tekton carries all results of a step in the
 * container's termination message, which holds at most 4096 bytes of JSON ({@code [{"key":..,"value":..,"type":1}]},
 * values JSON-escaped, so a {@code <} costs six bytes); above that the TaskRun fails. The results of one call are
 * therefore cut together to fit that budget, the longest first. Shared by every command that writes results.
 */
public final class Results {
    /** Tekton's default limit for a step's termination message, which carries all of its results. */
    public static final int MAX_STEP_BYTES = 4096;
    /** Left for the entries Tekton itself adds to the termination message (StartedAt, exit code). */
    static final int RESERVED_BYTES = 256;
    /** {@code {"key":"","value":"","type":1},} around each result. */
    private static final int ENTRY_OVERHEAD = 31;

    private Results() {}

    /**
     * Fails with a usage error when {@code dir} cannot take results (it is a file, or cannot be created), so that a
     * command can check before it changes anything; nothing when {@code dir} is null.
     */
    public static void requireWritable(Path dir) {
        if (dir == null) {
            return;
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--results-dir " + dir + " is not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("--results-dir " + dir + " cannot be created: " + reason(e), e);
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException("--results-dir " + dir + " is not writable");
        }
    }

    /**
     * The most a result that must not be cut (a JSON document) may take in the termination message; its writer keeps
     * it under this, measured with {@link #jsonBytes}, so that the other results keep room.
     */
    public static final int MAX_WHOLE_BYTES = 2048;

    /** Writes each entry as a file named by its key into {@code dir}; nothing when {@code dir} is null. */
    public static void write(Path dir, Map<String, String> results) {
        write(dir, results, Set.of());
    }

    /**
     * Like {@link #write(Path, Map)}, but the results named in {@code whole} are never cut (a cut JSON value would
     * not parse); each must take at most {@link #MAX_WHOLE_BYTES}.
     */
    public static void write(Path dir, Map<String, String> results, Set<String> whole) {
        if (dir == null) {
            return;
        }
        requireWritable(dir);
        Map<String, String> fitted = fit(results, whole, MAX_STEP_BYTES - RESERVED_BYTES);
        try {
            for (Map.Entry<String, String> e : fitted.entrySet()) {
                Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + dir + ": " + reason(e), e);
        }
    }

    /**
     * Cuts the values so that the termination message entries of all of them take at most {@code budget} bytes:
     * each result gets an equal share, and what a short result does not use goes to the longer ones.
     */
    static Map<String, String> fit(Map<String, String> results, Set<String> whole, int budget) {
        List<Map.Entry<String, String>> bySize = new ArrayList<>();
        int left = budget;
        for (Map.Entry<String, String> e : results.entrySet()) {
            left -= ENTRY_OVERHEAD + jsonBytes(e.getKey());
            if (whole.contains(e.getKey())) {
                int size = jsonBytes(e.getValue());
                if (size > MAX_WHOLE_BYTES) {
                    throw new IllegalStateException("result " + e.getKey() + " takes " + size + " bytes, more than "
                            + MAX_WHOLE_BYTES + " allowed for a result that cannot be cut");
                }
                left -= size;
            } else {
                bySize.add(e);
            }
        }
        bySize.sort(Comparator.comparingInt(e -> jsonBytes(e.getValue())));
        Map<String, String> out = new java.util.LinkedHashMap<>(results);
        int count = bySize.size();
        for (Map.Entry<String, String> e : bySize) {
            int share = Math.max(0, left / count);
            String value = truncate(e.getValue(), share);
            out.put(e.getKey(), value);
            left -= jsonBytes(value);
            count--;
        }
        return out;
    }

    /**
     * {@code s} cut so that it takes at most {@code maxBytes} in Tekton's JSON termination message, ending in "..."
     * when cut, never inside a character.
     */
    static String truncate(String s, int maxBytes) {
        if (jsonBytes(s) <= maxBytes) {
            return s;
        }
        int room = maxBytes - 3;
        int used = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int cost = jsonBytes(cp);
            if (used + cost > room) {
                break;
            }
            used += cost;
            i += Character.charCount(cp);
        }
        return room < 0 ? "" : s.substring(0, i) + "...";
    }

    /** Bytes {@code s} takes as a JSON string in Tekton's termination message (Go's encoding/json escaping). */
    public static int jsonBytes(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            n += jsonBytes(cp);
            i += Character.charCount(cp);
        }
        return n;
    }

    private static int jsonBytes(int cp) {
        if (cp == '"' || cp == '\\' || cp == '\n' || cp == '\r' || cp == '\t') {
            return 2;
        }
        if (cp < 0x20 || cp == '<' || cp == '>' || cp == '&' || cp == 0x2028 || cp == 0x2029) {
            return 6; // a six-character escape: backslash, u, four hex digits
        }
        if (Character.isSurrogate((char) cp) && cp < 0x10000) {
            return 6; // a lone surrogate becomes U+FFFD (3 bytes); count as if escaped
        }
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }

    private static String reason(IOException e) {
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + " " + e.getMessage();
    }
}
