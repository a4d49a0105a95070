package dev.conftekton.confluence.markdown;

import dev.conftekton.confluence.storage.StorageEscaper;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The one place where the Markdown converter writes XML. Text, attribute values and CDATA go
 * through the shared {@link StorageEscaper} (characters XML 1.0 forbids become U+FFFD, {@code ]]>}
 * is split); elements are tracked on a stack so the output is always well-formed. The converter
 * needs arbitrary nesting (quotes in lists in tasks), which the block-level {@code StorageBuilder}
 * does not offer, so only the escaping rules are shared.
 */
final class StorageXml {
    private final StringBuilder out = new StringBuilder(256);
    private final Deque<String> open = new ArrayDeque<>();

    /** Opens {@code name} with attribute name/value pairs. */
    StorageXml open(String name, String... attributes) {
        startTag(name, attributes);
        out.append('>');
        open.push(name);
        return this;
    }

    /** Writes an empty element {@code <name .../>}. */
    StorageXml empty(String name, String... attributes) {
        startTag(name, attributes);
        out.append("/>");
        return this;
    }

    /** Closes the innermost open element, which must be {@code name}. */
    StorageXml close(String name) {
        String top = open.poll();
        if (!name.equals(top)) {
            throw new IllegalStateException("closing <" + name + "> but <" + top + "> is open");
        }
        out.append("</").append(name).append('>');
        return this;
    }

    /** Escaped character data. */
    StorageXml text(String text) {
        out.append(StorageEscaper.escapeText(text));
        return this;
    }

    /**
     * A CDATA section holding {@code text} verbatim; a {@code ]]>} inside is split across two
     * sections so that it survives.
     */
    StorageXml cdata(String text) {
        out.append(StorageEscaper.cdata(text));
        return this;
    }

    /** An element holding only escaped text. */
    StorageXml element(String name, String text, String... attributes) {
        return open(name, attributes).text(text).close(name);
    }

    int depth() {
        return open.size();
    }

    /** The document so far; every element must have been closed. */
    String finish() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements: " + open);
        }
        return out.toString();
    }

    private void startTag(String name, String... attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name/value pairs");
        }
        out.append('<').append(name);
        for (int i = 0; i < attributes.length; i += 2) {
            out.append(' ').append(attributes[i]).append("=\"");
            out.append(StorageEscaper.escapeAttribute(attributes[i + 1]));
            out.append('"');
        }
    }

    /** Removes characters that XML 1.0 does not allow anywhere (C0 controls, lone surrogates, U+FFFE/F). */
    static String stripIllegal(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean keep;
            if (Character.isHighSurrogate(c)) {
                keep = i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
                if (keep) {
                    if (sb != null) {
                        sb.append(c).append(text.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                keep = !Character.isLowSurrogate(c) && isLegal(c);
            }
            if (!keep && sb == null) {
                sb = new StringBuilder(text.length()).append(text, 0, i);
            } else if (keep && sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? text : sb.toString();
    }

    private static boolean isLegal(char c) {
        return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
    }
}
