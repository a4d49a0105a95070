package dev.conftekton.confluence.storage;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A piece of inline storage-format content: text, emphasis, code, links, status lozenges and
 * images. Instances are immutable values; create them with the static factories and pass them to
 * {@link StorageBuilder}.
 *
 * <pre>{@code
 * Inline line = Inline.of(
 *         Inline.text("Deployed "), Inline.code("v1.2.3"), Inline.text(" — "),
 *         Inline.status(StatusColour.GREEN, "DONE"));
 * }</pre>
 *
 * <p>Every text value is escaped on output; nothing passed here can break the XML.
 */
public sealed interface Inline
        permits Inline.Text,
                Inline.Strong,
                Inline.Emphasis,
                Inline.Code,
                Inline.Sequence,
                Inline.Link,
                Inline.PageLink,
                Inline.AttachmentLink,
                Inline.Status,
                Inline.Image,
                Inline.LineBreak {

    /** Plain text. */
    static Inline text(String text) {
        return new Text(text);
    }

    /** Several pieces one after another. */
    static Inline of(Inline... parts) {
        return new Sequence(List.of(parts));
    }

    /** Bold text ({@code <strong>}). */
    static Inline strong(String text) {
        return new Strong(new Text(text));
    }

    /** Bold content ({@code <strong>}). */
    static Inline strong(Inline content) {
        return new Strong(content);
    }

    /** Italic text ({@code <em>}). */
    static Inline em(String text) {
        return new Emphasis(new Text(text));
    }

    /** Monospaced inline code ({@code <code>}). */
    static Inline code(String text) {
        return new Code(text);
    }

    /** A hyperlink. Only {@code http}, {@code https} and {@code mailto} links and relative URLs are accepted. */
    static Inline link(String href, String text) {
        return new Link(href, text);
    }

    /** A link to a page by title in the current space ({@code ac:link} + {@code ri:page}). */
    static Inline pageLink(String title) {
        return new PageLink(null, title, null);
    }

    /** A link to a page by space key and title, shown as {@code linkText} (null for the title). */
    static Inline pageLink(String spaceKey, String title, String linkText) {
        return new PageLink(spaceKey, title, linkText);
    }

    /** A link to an attachment of the current page ({@code ac:link} + {@code ri:attachment}). */
    static Inline attachmentLink(String filename, String linkText) {
        return new AttachmentLink(filename, linkText);
    }

    /** A status lozenge (the {@code status} macro) with a colour and a title such as {@code DONE}. */
    static Inline status(StatusColour colour, String title) {
        return new Status(colour, title, false);
    }

    /** An image stored as an attachment of the current page ({@code ac:image} + {@code ri:attachment}). */
    static Inline attachedImage(String filename, String altText) {
        return new Image(filename, null, altText);
    }

    /** An image loaded from a URL ({@code ac:image} + {@code ri:url}); only {@code http(s)} URLs. */
    static Inline imageUrl(String url, String altText) {
        return new Image(null, url, altText);
    }

    /** A line break ({@code <br/>}), read back as a line feed. */
    static Inline lineBreak() {
        return LineBreak.INSTANCE;
    }

    /** Plain text. */
    record Text(String text) implements Inline {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Bold content. */
    record Strong(Inline content) implements Inline {
        public Strong {
            Objects.requireNonNull(content, "content");
        }
    }

    /** Italic content. */
    record Emphasis(Inline content) implements Inline {
        public Emphasis {
            Objects.requireNonNull(content, "content");
        }
    }

    /** Inline code. */
    record Code(String text) implements Inline {
        public Code {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Pieces in order. */
    record Sequence(List<Inline> parts) implements Inline {
        public Sequence {
            parts = List.copyOf(parts);
        }
    }

    /** A hyperlink; {@code text} may be null to show the URL. */
    record Link(String href, String text) implements Inline {
        public Link {
            Objects.requireNonNull(href, "href");
            checkUrl(href, true);
        }
    }

    /** A link to a page; {@code spaceKey} null means the current space, {@code linkText} null shows the title. */
    record PageLink(String spaceKey, String title, String linkText) implements Inline {
        public PageLink {
            Objects.requireNonNull(title, "title");
            if (title.isBlank()) {
                throw new IllegalArgumentException("a page link needs a page title");
            }
        }
    }

    /** A link to an attachment of the current page; {@code linkText} null shows the file name. */
    record AttachmentLink(String filename, String linkText) implements Inline {
        public AttachmentLink {
            Objects.requireNonNull(filename, "filename");
            if (filename.isBlank()) {
                throw new IllegalArgumentException("an attachment link needs a file name");
            }
        }
    }

    /** A status lozenge; {@code subtle} draws it outlined. */
    record Status(StatusColour colour, String title, boolean subtle) implements Inline {
        public Status {
            Objects.requireNonNull(colour, "colour");
            Objects.requireNonNull(title, "title");
        }
    }

    /** An image: exactly one of {@code attachment} (a file name) and {@code url} is set. */
    record Image(String attachment, String url, String altText) implements Inline {
        public Image {
            if ((attachment == null) == (url == null)) {
                throw new IllegalArgumentException("an image needs exactly one of an attachment file name and a URL");
            }
            if (attachment != null && attachment.isBlank()) {
                throw new IllegalArgumentException("an image attachment needs a file name");
            }
            if (url != null) {
                checkUrl(url, false);
            }
        }
    }

    /** A line break. */
    enum LineBreak implements Inline {
        INSTANCE
    }

    private static void checkUrl(String url, boolean allowMailtoAndRelative) {
        String trimmed = url.strip();
        int colon = trimmed.indexOf(':');
        int slash = trimmed.indexOf('/');
        boolean hasScheme = colon > 0 && (slash < 0 || colon < slash);
        if (!hasScheme) {
            if (allowMailtoAndRelative && !trimmed.isEmpty()) {
                return;
            }
            throw new IllegalArgumentException("expected an absolute http(s) URL but got a relative or empty one");
        }
        String scheme = trimmed.substring(0, colon).toLowerCase(Locale.ROOT);
        boolean ok =
                scheme.equals("http") || scheme.equals("https") || (allowMailtoAndRelative && scheme.equals("mailto"));
        if (!ok) {
            throw new IllegalArgumentException("URL scheme '" + StorageEscaper.sanitize(scheme)
                    + "' is not allowed in storage format; use http, https"
                    + (allowMailtoAndRelative ? ", mailto or a relative URL" : ""));
        }
    }
}
