package dev.conftekton.core.page;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Finds the {@code rel="next"} target in RFC 8288 {@code Link} header values. */
final class LinkHeader {
    private LinkHeader() {}

    static Optional<String> next(List<String> headerValues) {
        for (String value : headerValues) {
            Optional<String> found = nextIn(value);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> nextIn(String value) {
        int i = 0;
        int n = value.length();
        while (i < n) {
            int open = value.indexOf('<', i);
            if (open < 0) {
                return Optional.empty();
            }
            int close = value.indexOf('>', open + 1);
            if (close < 0) {
                return Optional.empty(); // malformed: no target end
            }
            String target = value.substring(open + 1, close).trim();
            // parameters run to the next comma outside quotes
            int j = close + 1;
            boolean quoted = false;
            StringBuilder params = new StringBuilder();
            while (j < n) {
                char c = value.charAt(j);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    break;
                }
                params.append(c);
                j++;
            }
            if (isNext(params.toString())) {
                return Optional.of(target);
            }
            i = j + 1;
        }
        return Optional.empty();
    }

    private static boolean isNext(String params) {
        for (String param : params.split(";")) {
            String p = param.trim();
            int eq = p.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (!name.equals("rel")) {
                continue;
            }
            String rel = p.substring(eq + 1).trim().replace("\"", "").toLowerCase(Locale.ROOT);
            for (String r : rel.split("\\s+")) {
                if (r.equals("next")) {
                    return true;
                }
            }
        }
        return false;
    }
}
