package dev.conftekton.confluence.internal;

import dev.conftekton.core.error.DecodingException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A small JSON reader that keeps each value's source text and its path in the document.
 *
 * <p>Why not the general codec: content-property values are arbitrary JSON that must round-trip
 * byte for byte (a codec reads numbers as doubles), and every decoding error here names the
 * field path that was missing or wrong ({@code results[2].version.number}). Nesting is limited to
 * {@value #MAX_DEPTH} levels so that hostile input cannot exhaust the stack. Not supported API.
 */
final class Json {
    static final int MAX_DEPTH = 256;

    private final String text;
    private final String what;
    private int pos;

    private Json(String text, String what) {
        this.text = text;
        this.what = what;
    }

    /**
     * Parses {@code text}; {@code what} names the document in error messages, for example {@code
     * "GET /wiki/api/v2/pages/1 response"}.
     */
    public static Node parse(String text, String what) {
        Objects.requireNonNull(text, "text");
        Json p = new Json(text, what);
        p.skipWhitespace();
        Node node = p.value("", 0);
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw p.error("unexpected text after the JSON value");
        }
        return node;
    }

    /** Whether {@code text} is one complete JSON value. */
    public static boolean isValid(String text) {
        try {
            parse(text, "value");
            return true;
        } catch (DecodingException e) {
            return false;
        }
    }

    /** {@code value} as a JSON string literal, with every character that needs it escaped. */
    public static String quote(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2);
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    // Escape controls, the line separators JavaScript chokes on, and lone surrogates.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || (Character.isSurrogate(c) && !pairAt(value, i))) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                        if (Character.isHighSurrogate(c)) {
                            sb.append(value.charAt(++i));
                        }
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static boolean pairAt(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }

    private Node value(String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        int start = pos;
        char c = text.charAt(pos);
        switch (c) {
            case '{' -> {
                pos++;
                Map<String, Node> fields = new LinkedHashMap<>();
                skipWhitespace();
                if (peek() == '}') {
                    pos++;
                    return new Node(Kind.OBJECT, path, text, start, pos, null, fields, null, what);
                }
                while (true) {
                    skipWhitespace();
                    if (peek() != '"') {
                        throw error("expected a field name");
                    }
                    String name = string();
                    skipWhitespace();
                    expect(':');
                    skipWhitespace();
                    fields.put(name, value(path.isEmpty() ? name : path + "." + name, depth + 1));
                    skipWhitespace();
                    char n = next();
                    if (n == '}') {
                        break;
                    }
                    if (n != ',') {
                        pos--;
                        throw error("expected ',' or '}'");
                    }
                }
                return new Node(Kind.OBJECT, path, text, start, pos, null, fields, null, what);
            }
            case '[' -> {
                pos++;
                List<Node> items = new ArrayList<>();
                skipWhitespace();
                if (peek() == ']') {
                    pos++;
                    return new Node(Kind.ARRAY, path, text, start, pos, null, null, items, what);
                }
                while (true) {
                    skipWhitespace();
                    items.add(value(path + "[" + items.size() + "]", depth + 1));
                    skipWhitespace();
                    char n = next();
                    if (n == ']') {
                        break;
                    }
                    if (n != ',') {
                        pos--;
                        throw error("expected ',' or ']'");
                    }
                }
                return new Node(Kind.ARRAY, path, text, start, pos, null, null, items, what);
            }
            case '"' -> {
                String s = string();
                return new Node(Kind.STRING, path, text, start, pos, s, null, null, what);
            }
            case 't', 'f', 'n' -> {
                String word = c == 't' ? "true" : c == 'f' ? "false" : "null";
                if (!text.startsWith(word, pos)) {
                    throw error("unexpected character");
                }
                pos += word.length();
                Kind kind = c == 'n' ? Kind.NULL : Kind.BOOLEAN;
                return new Node(kind, path, text, start, pos, word, null, null, what);
            }
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                    return new Node(Kind.NUMBER, path, text, start, pos, text.substring(start, pos), null, null, what);
                }
                throw error("unexpected character");
            }
        }
    }

    private void number() {
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            throw error("malformed number");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("malformed number");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("malformed number");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private String string() {
        expect('"');
        StringBuilder sb = null;
        int start = pos;
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                String s = sb == null
                        ? text.substring(start, pos)
                        : sb.append(text, start, pos).toString();
                pos++;
                return s;
            }
            if (c < 0x20) {
                throw error("control character in string");
            }
            if (c == '\\') {
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(text, start, pos);
                pos++;
                char e = next();
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw error("truncated \\u escape");
                        }
                        try {
                            sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("malformed \\u escape");
                        }
                        pos += 4;
                    }
                    default -> {
                        pos--;
                        throw error("unknown escape");
                    }
                }
                start = pos;
            } else {
                pos++;
            }
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private char next() {
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        return text.charAt(pos++);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                break;
            }
        }
    }

    private DecodingException error(String problem) {
        return new DecodingException(what + " is not valid JSON: " + problem + " at offset " + pos);
    }

    /** JSON value kinds. */
    public enum Kind {
        OBJECT,
        ARRAY,
        STRING,
        NUMBER,
        BOOLEAN,
        NULL,
        MISSING
    }

    /** One value in a parsed document, or a missing one (so that chains of {@code get} never throw). */
    public static final class Node {
        private final Kind kind;
        private final String path;
        private final String source;
        private final int start;
        private final int end;
        private final String scalar;
        private final Map<String, Node> fields;
        private final List<Node> items;
        private final String what;

        Node(
                Kind kind,
                String path,
                String source,
                int start,
                int end,
                String scalar,
                Map<String, Node> fields,
                List<Node> items,
                String what) {
            this.kind = kind;
            this.path = path;
            this.source = source;
            this.start = start;
            this.end = end;
            this.scalar = scalar;
            this.fields = fields == null ? Map.of() : Collections.unmodifiableMap(fields);
            this.items = items == null ? List.of() : Collections.unmodifiableList(items);
            this.what = what;
        }

        public Kind kind() {
            return kind;
        }

        /** The path of this value in the document, such as {@code results[0].version}. */
        public String path() {
            return path.isEmpty() ? "(document)" : path;
        }

        /** True unless the value is absent or {@code null}. */
        public boolean present() {
            return kind != Kind.MISSING && kind != Kind.NULL;
        }

        /** The field {@code name}; a missing node when this is not an object or has no such field. */
        public Node get(String name) {
            Node n = fields.get(name);
            if (n != null) {
                return n;
            }
            String p = path.isEmpty() ? name : path + "." + name;
            return new Node(Kind.MISSING, p, source, 0, 0, null, null, null, what);
        }

        /** The elements of an array; empty for anything else. */
        public List<Node> items() {
            return items;
        }

        /** The field names of an object. */
        public java.util.Set<String> fieldNames() {
            return fields.keySet();
        }

        /** The exact source text of this value. */
        public String raw() {
            if (!present() && kind == Kind.MISSING) {
                throw missing();
            }
            return source.substring(start, end);
        }

        /** A string value, or a number's or boolean's text; null when absent or null. */
        public String textOrNull() {
            return switch (kind) {
                case STRING, NUMBER, BOOLEAN -> scalar;
                default -> null;
            };
        }

        /** The text of a required string (or number) value. */
        public String text() {
            String s = textOrNull();
            if (s == null) {
                throw missing();
            }
            return s;
        }

        /** A required integer. */
        public int intValue() {
            if (kind == Kind.NUMBER) {
                try {
                    return Integer.parseInt(scalar);
                } catch (NumberFormatException e) {
                    throw wrong("an integer");
                }
            }
            if (kind == Kind.STRING) {
                try {
                    return Integer.parseInt(scalar);
                } catch (NumberFormatException e) {
                    throw wrong("an integer");
                }
            }
            throw present() ? wrong("an integer") : missing();
        }

        /** An integer, or {@code fallback} when absent. */
        public int intOr(int fallback) {
            return present() ? intValue() : fallback;
        }

        /** A long, or {@code fallback} when absent. */
        public long longOr(long fallback) {
            if (!present()) {
                return fallback;
            }
            try {
                return Long.parseLong(text());
            } catch (NumberFormatException e) {
                throw wrong("an integer");
            }
        }

        /** A boolean, or {@code fallback} when absent. */
        public boolean boolOr(boolean fallback) {
            if (!present()) {
                return fallback;
            }
            if (kind == Kind.BOOLEAN) {
                return scalar.equals("true");
            }
            if (kind == Kind.STRING && (scalar.equals("true") || scalar.equals("false"))) {
                return scalar.equals("true");
            }
            throw wrong("true or false");
        }

        /** An ISO-8601 time, or null when absent or unreadable (times are informative, never decisive). */
        public Instant instantOrNull() {
            String s = textOrNull();
            if (s == null || s.isBlank()) {
                return null;
            }
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return Instant.parse(s);
                } catch (DateTimeParseException e2) {
                    return null;
                }
            }
        }

        /** An ISO-8601 time that must be present and readable. */
        public Instant instant() {
            Instant i = instantOrNull();
            if (i == null) {
                throw present() ? wrong("an ISO-8601 date-time") : missing();
            }
            return i;
        }

        /** This node, failing with a message naming the field when it is absent or null. */
        public Node required() {
            if (!present()) {
                throw missing();
            }
            return this;
        }

        private DecodingException missing() {
            return new DecodingException(what + " has no field '" + path()
                    + "'; Confluence may have changed its answer or the request lacked an expand/include option");
        }

        private DecodingException wrong(String expected) {
            String shown = scalar == null ? kind.name().toLowerCase(java.util.Locale.ROOT) : excerpt(scalar);
            return new DecodingException(what + " has field '" + path() + "' = " + shown + " but expected " + expected);
        }

        private static String excerpt(String s) {
            return s.length() <= 40 ? "'" + s + "'" : "'" + s.substring(0, 40) + "…'";
        }

        @Override
        public String toString() {
            return kind + " at " + path();
        }
    }

    /** Builds a JSON object in field order. */
    public static final class ObjectWriter {
        private final StringBuilder sb = new StringBuilder("{");
        private boolean first = true;

        public static ObjectWriter object() {
            return new ObjectWriter();
        }

        /** Adds a string field; a null value is left out. */
        public ObjectWriter put(String name, String value) {
            return value == null ? this : putRaw(name, quote(value));
        }

        public ObjectWriter put(String name, long value) {
            return putRaw(name, Long.toString(value));
        }

        public ObjectWriter put(String name, boolean value) {
            return putRaw(name, Boolean.toString(value));
        }

        public ObjectWriter put(String name, ObjectWriter value) {
            return value == null ? this : putRaw(name, value.toJson());
        }

        /** Adds a field whose value is JSON text the caller has checked. */
        public ObjectWriter putRaw(String name, String json) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(quote(name)).append(':').append(json);
            return this;
        }

        public String toJson() {
            return sb + "}";
        }

        @Override
        public String toString() {
            return toJson();
        }
    }
}
