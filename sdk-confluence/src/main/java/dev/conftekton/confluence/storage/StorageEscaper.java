package dev.conftekton.confluence.storage;

import java.util.Objects;

/**
 * Escapes arbitrary text for Confluence storage format (XHTML) so that the result is always
 * well-formed XML 1.0.
 *
 * <p><b>What is kept and what is replaced.</b> Every code point that XML 1.0 allows (its
 * {@code Char} production: U+0009, U+000A, U+000D, U+0020–U+D7FF, U+E000–U+FFFD and
 * U+10000–U+10FFFF as a proper surrogate pair) is kept exactly. Every other one — the C0 controls
 * other than tab, line feed and carriage return, a lone surrogate half, U+FFFE and U+FFFF — is
 * replaced by U+FFFD (the replacement character), so the reader sees that something was there.
 * {@link #sanitize(String)} applies exactly this rule and nothing else; text written by {@link
 * StorageBuilder} reads back through {@link StorageReader#plainText(String)} as {@code
 * sanitize(text)}.
 *
 * <p>Carriage returns, tabs and line feeds survive the XML parser's end-of-line and
 * attribute-value normalisation because they are written as character references where the
 * parser would otherwise rewrite them.
 */
public final class StorageEscaper {
    /** The character that replaces code points XML 1.0 cannot carry. */
    public static final char REPLACEMENT = '\uFFFD';

    private StorageEscaper() {}

    /**
     * Returns {@code text} with every code point XML 1.0 forbids replaced by U+FFFD; everything
     * else is unchanged.
     */
    public static String sanitize(String text) {
        Objects.requireNonNull(text, "text");
        int i = firstIllegal(text);
        if (i < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        out.append(text, 0, i);
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(i + 1));
                i += 2;
                continue;
            }
            out.append(isLegalChar(c) ? c : REPLACEMENT);
            i++;
        }
        return out.toString();
    }

    /** Escapes {@code text} for use as element content: {@code & < >} and carriage return. */
    public static String escapeText(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        appendText(out, text);
        return out.toString();
    }

    /** Escapes {@code value} for use inside a double- or single-quoted attribute value. */
    public static String escapeAttribute(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        appendAttribute(out, value);
        return out.toString();
    }

    /**
     * Wraps {@code text} in one or more CDATA sections. A {@code ]]>} in the text is split across
     * two sections ({@code ]]]]><![CDATA[>}); a carriage return, which a parser would turn into a
     * line feed inside CDATA, is written as a character reference between sections.
     */
    public static String cdata(String text) {
        StringBuilder out = new StringBuilder(text.length() + 24);
        appendCdata(out, text);
        return out.toString();
    }

    static void appendText(StringBuilder out, String text) {
        Objects.requireNonNull(text, "text");
        forEachSanitized(text, c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\r' -> out.append("&#13;");
                default -> out.append(c);
            }
        });
    }

    static void appendAttribute(StringBuilder out, String value) {
        Objects.requireNonNull(value, "value");
        forEachSanitized(value, c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\r' -> out.append("&#13;");
                case '\n' -> out.append("&#10;");
                case '\t' -> out.append("&#9;");
                default -> out.append(c);
            }
        });
    }

    static void appendCdata(StringBuilder out, String text) {
        Objects.requireNonNull(text, "text");
        String clean = sanitize(text);
        out.append("<![CDATA[");
        int from = 0;
        for (int i = 0; i < clean.length(); i++) {
            char c = clean.charAt(i);
            if (c == '\r') {
                out.append(clean, from, i).append("]]>&#13;<![CDATA[");
                from = i + 1;
            } else if (c == '>' && i >= 2 && clean.charAt(i - 1) == ']' && clean.charAt(i - 2) == ']') {
                // End the section between "]]" and ">" so that neither section contains "]]>".
                out.append(clean, from, i).append("]]><![CDATA[");
                from = i;
            }
        }
        out.append(clean, from, clean.length()).append("]]>");
    }

    private interface CharSink {
        void accept(char c);
    }

    private static void forEachSanitized(String text, CharSink sink) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    sink.accept(c);
                    sink.accept(text.charAt(++i));
                } else {
                    sink.accept(REPLACEMENT);
                }
            } else if (isLegalChar(c)) {
                sink.accept(c);
            } else {
                sink.accept(REPLACEMENT);
            }
        }
    }

    private static int firstIllegal(String text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (!isLegalChar(c)) {
                return i;
            }
        }
        return -1;
    }

    /** True for a UTF-16 unit that is legal on its own; surrogate halves are never legal alone. */
    private static boolean isLegalChar(char c) {
        if (c < 0x20) {
            return c == '\t' || c == '\n' || c == '\r';
        }
        if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
            return false;
        }
        return c != '\uFFFE' && c != '\uFFFF';
    }
}
