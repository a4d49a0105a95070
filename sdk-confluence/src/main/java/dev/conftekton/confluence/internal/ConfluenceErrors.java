package dev.conftekton.confluence.internal;

import dev.conftekton.core.error.DecodingException;
import java.util.ArrayList;
import java.util.List;

/** Reads the human-readable message out of Confluence's error bodies (v1 and v2 shapes). */
final class ConfluenceErrors {
    private static final int MAX = 300;

    private ConfluenceErrors() {}

    /**
     * The message Confluence put in an error body, or null when there is none: v1 {@code
     * {"message": "..."}} (with {@code data.errors[].message.translation}), v2 {@code {"errors":
     * [{"title": "...", "detail": "..."}]}}. Control characters are dropped and the length bounded.
     */
    static String message(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        Json.Node root;
        try {
            root = Json.parse(body, "error body");
        } catch (DecodingException e) {
            return null; // not JSON (an HTML error page, or a truncated excerpt)
        }
        List<String> parts = new ArrayList<>();
        add(parts, root.get("message").textOrNull());
        for (Json.Node err : root.get("data").get("errors").items()) {
            add(parts, err.get("message").get("translation").textOrNull());
        }
        for (Json.Node err : root.get("errors").items()) {
            add(parts, err.get("title").textOrNull());
            add(parts, err.get("detail").textOrNull());
        }
        if (parts.isEmpty()) {
            return null;
        }
        String joined = String.join("; ", parts);
        StringBuilder clean = new StringBuilder();
        joined.codePoints().filter(c -> !Character.isISOControl(c)).forEach(clean::appendCodePoint);
        return clean.length() > MAX ? clean.substring(0, MAX) + "…" : clean.toString();
    }

    private static void add(List<String> parts, String s) {
        if (s != null && !s.isBlank() && !parts.contains(s.strip())) {
            parts.add(s.strip());
        }
    }
}
