package dev.conftekton.confluence.internal;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Checks and encodes values that go into URL paths, so that no input can change the path. */
final class Paths {
    private Paths() {}

    /** A numeric content id (pages, comments, spaces); anything else is refused before sending. */
    static String numericId(String id, String what) {
        Objects.requireNonNull(id, what);
        if (id.isEmpty() || id.length() > 19 || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(what + " must be a number such as 123456 but was '"
                    + (id.length() > 40 ? id.substring(0, 40) + "…" : id) + "'");
        }
        return id;
    }

    /** A non-blank value, percent-encoded as one path segment. */
    static String segment(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return encode(value);
    }

    /** Percent-encodes everything outside RFC 3986's unreserved characters. */
    static String encode(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                sb.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        // "." and ".." are path navigation even when encoded by some servers; never send them alone.
        if (sb.toString().equals(".") || sb.toString().equals("..")) {
            return sb.toString().replace(".", "%2E");
        }
        return sb.toString();
    }
}
