package dev.conftekton.confluence.storage;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Builds a Confluence storage-format (XHTML) document block by block.
 *
 * <p>All text is escaped and sanitised (see {@link StorageEscaper}), so the output is well-formed
 * XML whatever strings go in — including {@code <}, {@code &}, {@code ]]>} and control characters
 * — and {@link StorageReader#plainText(String)} reads each block back as the text that went in.
 *
 * <pre>{@code
 * String body = StorageBuilder.create()
 *         .heading(1, "Release 1.4.0")
 *         .paragraph(Inline.of(Inline.text("Status: "), Inline.status(StatusColour.GREEN, "SHIPPED")))
 *         .bulletList(List.of(Inline.text("Faster sync"), Inline.code("--dry-run")))
 *         .codeBlock("bash", "Install", "curl -fsSL https://example.com/install.sh | sh")
 *         .panel(PanelType.WARNING, "Breaking change", b -> b.paragraph("Config key renamed."))
 *         .build();
 * }</pre>
 *
 * <p>A builder is mutable and not thread-safe; {@link #build()} may be called more than once.
 */
public final class StorageBuilder {
    private final StringBuilder out = new StringBuilder(256);

    private StorageBuilder() {}

    /** A new, empty document. */
    public static StorageBuilder create() {
        return new StorageBuilder();
    }

    /** A paragraph of plain text. */
    public StorageBuilder paragraph(String text) {
        return paragraph(Inline.text(text));
    }

    /** A paragraph of inline content. */
    public StorageBuilder paragraph(Inline... content) {
        out.append("<p>");
        for (Inline i : content) {
            appendInline(out, Objects.requireNonNull(i, "content"));
        }
        out.append("</p>");
        return this;
    }

    /** A heading of level 1 to 6. */
    public StorageBuilder heading(int level, String text) {
        return heading(level, Inline.text(text));
    }

    /** A heading of level 1 to 6 with inline content. */
    public StorageBuilder heading(int level, Inline content) {
        if (level < 1 || level > 6) {
            throw new IllegalArgumentException("heading level must be 1 to 6 but was " + level);
        }
        out.append("<h").append(level).append('>');
        appendInline(out, Objects.requireNonNull(content, "content"));
        out.append("</h").append(level).append('>');
        return this;
    }

    /** A bulleted list, one item per element. */
    public StorageBuilder bulletList(List<? extends Inline> items) {
        return list("ul", items);
    }

    /** A numbered list, one item per element. */
    public StorageBuilder orderedList(List<? extends Inline> items) {
        return list("ol", items);
    }

    /** A bulleted list of plain-text items. */
    public StorageBuilder bulletListOf(String... items) {
        return list("ul", texts(items));
    }

    /** A numbered list of plain-text items. */
    public StorageBuilder orderedListOf(String... items) {
        return list("ol", texts(items));
    }

    /**
     * A table with an optional header row ({@code header} may be empty) and body rows. Rows may
     * differ in length; Confluence shows what is there.
     */
    public StorageBuilder table(List<? extends Inline> header, List<? extends List<? extends Inline>> rows) {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(rows, "rows");
        out.append("<table><tbody>");
        if (!header.isEmpty()) {
            row("th", header);
        }
        for (List<? extends Inline> r : rows) {
            row("td", Objects.requireNonNull(r, "row"));
        }
        out.append("</tbody></table>");
        return this;
    }

    /** A table of plain-text cells. */
    public StorageBuilder textTable(List<String> header, List<List<String>> rows) {
        return table(
                texts(header.toArray(String[]::new)),
                rows.stream().map(r -> texts(r.toArray(String[]::new))).toList());
    }

    /**
     * A code block (the {@code code} macro). {@code language} and {@code title} may be null. The
     * code goes into CDATA; a {@code ]]>} inside it is split across two CDATA sections.
     */
    public StorageBuilder codeBlock(String language, String title, String code) {
        Objects.requireNonNull(code, "code");
        out.append("<ac:structured-macro ac:name=\"code\" ac:schema-version=\"1\">");
        if (title != null) {
            parameter("title", title);
        }
        if (language != null) {
            parameter("language", language);
        }
        out.append("<ac:plain-text-body>");
        StorageEscaper.appendCdata(out, code);
        out.append("</ac:plain-text-body></ac:structured-macro>");
        return this;
    }

    /** An info/note/warning/tip panel with an optional title (null for none) and rich content. */
    public StorageBuilder panel(PanelType type, String title, Consumer<StorageBuilder> body) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(body, "body");
        StorageBuilder inner = new StorageBuilder();
        body.accept(inner);
        out.append("<ac:structured-macro ac:name=\"").append(type.macroName()).append("\" ac:schema-version=\"1\">");
        if (title != null) {
            parameter("title", title);
        }
        out.append("<ac:rich-text-body>").append(inner.out).append("</ac:rich-text-body></ac:structured-macro>");
        return this;
    }

    /** An info panel holding one paragraph. */
    public StorageBuilder info(String title, String text) {
        return panel(PanelType.INFO, title, b -> b.paragraph(text));
    }

    /** A note panel holding one paragraph. */
    public StorageBuilder note(String title, String text) {
        return panel(PanelType.NOTE, title, b -> b.paragraph(text));
    }

    /** A warning panel holding one paragraph. */
    public StorageBuilder warning(String title, String text) {
        return panel(PanelType.WARNING, title, b -> b.paragraph(text));
    }

    /** A tip panel holding one paragraph. */
    public StorageBuilder tip(String title, String text) {
        return panel(PanelType.TIP, title, b -> b.paragraph(text));
    }

    /** A block image, see {@link Inline#attachedImage} and {@link Inline#imageUrl}. */
    public StorageBuilder image(Inline.Image image) {
        out.append("<p>");
        appendInline(out, Objects.requireNonNull(image, "image"));
        out.append("</p>");
        return this;
    }

    /** A horizontal rule. */
    public StorageBuilder horizontalRule() {
        out.append("<hr/>");
        return this;
    }

    /** The document so far, as storage format. */
    public String build() {
        return out.toString();
    }

    @Override
    public String toString() {
        return build();
    }

    private StorageBuilder list(String tag, List<? extends Inline> items) {
        Objects.requireNonNull(items, "items");
        out.append('<').append(tag).append('>');
        for (Inline item : items) {
            out.append("<li>");
            appendInline(out, Objects.requireNonNull(item, "item"));
            out.append("</li>");
        }
        out.append("</").append(tag).append('>');
        return this;
    }

    private void row(String cellTag, List<? extends Inline> cells) {
        out.append("<tr>");
        for (Inline cell : cells) {
            out.append('<').append(cellTag).append('>');
            appendInline(out, Objects.requireNonNull(cell, "cell"));
            out.append("</").append(cellTag).append('>');
        }
        out.append("</tr>");
    }

    private void parameter(String name, String value) {
        appendParameter(out, name, value);
    }

    private static void appendParameter(StringBuilder out, String name, String value) {
        out.append("<ac:parameter ac:name=\"").append(name).append("\">");
        StorageEscaper.appendText(out, value);
        out.append("</ac:parameter>");
    }

    private static List<Inline> texts(String... items) {
        return java.util.Arrays.stream(items).map(Inline::text).toList();
    }

    static void appendInline(StringBuilder out, Inline inline) {
        if (inline instanceof Inline.Text t) {
            StorageEscaper.appendText(out, t.text());
        } else if (inline instanceof Inline.Sequence s) {
            s.parts().forEach(p -> appendInline(out, p));
        } else if (inline instanceof Inline.Strong s) {
            out.append("<strong>");
            appendInline(out, s.content());
            out.append("</strong>");
        } else if (inline instanceof Inline.Emphasis e) {
            out.append("<em>");
            appendInline(out, e.content());
            out.append("</em>");
        } else if (inline instanceof Inline.Code c) {
            out.append("<code>");
            StorageEscaper.appendText(out, c.text());
            out.append("</code>");
        } else if (inline instanceof Inline.Link l) {
            out.append("<a href=\"");
            StorageEscaper.appendAttribute(out, l.href().strip());
            out.append("\">");
            StorageEscaper.appendText(out, l.text() == null ? l.href().strip() : l.text());
            out.append("</a>");
        } else if (inline instanceof Inline.PageLink p) {
            out.append("<ac:link><ri:page");
            if (p.spaceKey() != null) {
                out.append(" ri:space-key=\"");
                StorageEscaper.appendAttribute(out, p.spaceKey());
                out.append('"');
            }
            out.append(" ri:content-title=\"");
            StorageEscaper.appendAttribute(out, p.title());
            out.append("\"/>");
            if (p.linkText() != null) {
                out.append("<ac:plain-text-link-body>");
                StorageEscaper.appendCdata(out, p.linkText());
                out.append("</ac:plain-text-link-body>");
            }
            out.append("</ac:link>");
        } else if (inline instanceof Inline.AttachmentLink a) {
            out.append("<ac:link><ri:attachment ri:filename=\"");
            StorageEscaper.appendAttribute(out, a.filename());
            out.append("\"/>");
            if (a.linkText() != null) {
                out.append("<ac:plain-text-link-body>");
                StorageEscaper.appendCdata(out, a.linkText());
                out.append("</ac:plain-text-link-body>");
            }
            out.append("</ac:link>");
        } else if (inline instanceof Inline.Status s) {
            out.append("<ac:structured-macro ac:name=\"status\" ac:schema-version=\"1\">");
            appendParameter(out, "colour", s.colour().parameterValue());
            appendParameter(out, "title", s.title());
            if (s.subtle()) {
                appendParameter(out, "subtle", "true");
            }
            out.append("</ac:structured-macro>");
        } else if (inline instanceof Inline.Image i) {
            out.append("<ac:image");
            if (i.altText() != null) {
                out.append(" ac:alt=\"");
                StorageEscaper.appendAttribute(out, i.altText());
                out.append('"');
            }
            out.append('>');
            if (i.attachment() != null) {
                out.append("<ri:attachment ri:filename=\"");
                StorageEscaper.appendAttribute(out, i.attachment());
            } else {
                out.append("<ri:url ri:value=\"");
                StorageEscaper.appendAttribute(out, i.url().strip());
            }
            out.append("\"/></ac:image>");
        } else if (inline instanceof Inline.LineBreak) {
            out.append("<br/>");
        } else {
            throw new IllegalStateException("unknown inline " + inline.getClass());
        }
    }
}
