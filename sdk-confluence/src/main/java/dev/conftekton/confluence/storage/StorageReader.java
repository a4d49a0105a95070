package dev.conftekton.confluence.storage;

import dev.conftekton.core.error.DecodingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads Confluence storage format back into plain text, for example to read the body of a comment.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>Character data (including CDATA) is kept exactly as the XML parser reports it.
 *   <li>Blocks ({@code p}, {@code h1}–{@code h6}, {@code li}, {@code tr}, {@code pre}, {@code
 *       blockquote}, {@code div}, block macros, tasks) are separated by one line feed; a block
 *       that yields no text yields no line. Table cells in a row are separated by a tab. {@code
 *       <br/>} becomes a line feed.
 *   <li>Macro parameters are not text, except the {@code title} of a {@code status} lozenge. Task
 *       ids and statuses and template placeholders are skipped.
 *   <li>A link without a body reads as the page title or attachment file name it points to, or as
 *       {@code @accountId} for a user mention.
 *   <li>Whitespace-only text directly inside containers ({@code ul}, {@code table}, {@code tr},
 *       macro bodies...) is layout, not content, and is dropped.
 *   <li>HTML named character references that Confluence emits ({@code &nbsp;}, {@code &mdash;}
 *       ...) are understood; document type declarations and external entities are refused.
 * </ul>
 *
 * <p>Consequently every block written by {@link StorageBuilder} from text {@code t} reads back as
 * {@link StorageEscaper#sanitize(String) sanitize(t)}.
 *
 * <pre>{@code
 * String text = StorageReader.plainText(comment.body()); // "Approved\nShip it"
 * }</pre>
 */
public final class StorageReader {
    /** Namespace Confluence uses for {@code ac:} elements. */
    public static final String AC_NAMESPACE = "http://atlassian.com/content";
    /** Namespace Confluence uses for {@code ri:} elements. */
    public static final String RI_NAMESPACE = "http://atlassian.com/resource/identifier";
    /** Namespace Confluence uses for {@code at:} template elements. */
    public static final String AT_NAMESPACE = "http://atlassian.com/template";

    private static final String ROOT = "conftekton-storage";
    private static final Map<String, Integer> HTML_ENTITIES = loadEntities();
    private static final Set<String> HTML_BLOCKS = Set.of(
            "p",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "li",
            "tr",
            "pre",
            "blockquote",
            "div",
            "table",
            "ul",
            "ol",
            "dl",
            "dt",
            "dd",
            "hr");
    private static final Set<String> AC_BLOCKS =
            Set.of("rich-text-body", "plain-text-body", "task", "task-body", "layout", "layout-section", "layout-cell");
    private static final Set<String> CONTAINERS = Set.of(
            ROOT,
            "ul",
            "ol",
            "dl",
            "table",
            "thead",
            "tbody",
            "tfoot",
            "tr",
            "colgroup",
            "ac:structured-macro",
            "ac:macro",
            "ac:rich-text-body",
            "ac:link",
            "ac:image",
            "ac:task-list",
            "ac:task",
            "ac:layout",
            "ac:layout-section",
            "ac:layout-cell");
    private static final Set<String> AC_SKIPPED = Set.of("task-id", "task-status", "task-uuid", "placeholder");

    private StorageReader() {}

    /**
     * The plain text of a storage-format fragment (see the class comment for the rules).
     *
     * @throws DecodingException when {@code storage} is not well-formed storage format; the
     *     message gives the line and column
     */
    public static String plainText(String storage) {
        Objects.requireNonNull(storage, "storage");
        String document = "<" + ROOT + " xmlns:ac=\"" + AC_NAMESPACE + "\" xmlns:ri=\"" + RI_NAMESPACE
                + "\" xmlns:at=\"" + AT_NAMESPACE + "\">" + replaceNamedReferences(storage) + "</" + ROOT + ">";
        TextHandler handler = new TextHandler();
        try {
            SAXParser parser = newParser();
            parser.parse(new InputSource(new StringReader(document)), handler);
        } catch (SAXParseException e) {
            throw new DecodingException(
                    "storage format is not well-formed XML at line " + e.getLineNumber() + ", column "
                            + e.getColumnNumber() + ": " + e.getMessage()
                            + " (fix the body or escape its text with StorageEscaper)",
                    e);
        } catch (SAXException | IOException | RuntimeException e) {
            // The JDK parser reports some malformed input (a DOCTYPE inside content) without a position.
            throw new DecodingException(
                    "storage format is not well-formed XML: " + e.getMessage()
                            + " (fix the body or escape its text with StorageEscaper)",
                    e);
        }
        return handler.out.toString();
    }

    /**
     * Checks that {@code storage} is well-formed storage format.
     *
     * @throws DecodingException naming the line and column of the first error
     */
    public static void requireWellFormed(String storage) {
        plainText(storage);
    }

    private static final SAXParserFactory FACTORY = newFactory();

    private static SAXParser newParser() throws SAXException {
        try {
            synchronized (FACTORY) {
                return FACTORY.newSAXParser();
            }
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser does not support secure processing", e);
        }
    }

    private static SAXParserFactory newFactory() {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // No DOCTYPE at all: named HTML references are rewritten before parsing, so nothing
            // legitimate needs one, and refusing it rules out external entities and entity bombs.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setXIncludeAware(false);
            return factory;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK XML parser does not support secure processing", e);
        }
    }

    /**
     * Rewrites {@code &name;} for HTML named references into numeric references, outside CDATA
     * sections and comments. Unknown names are left alone (the parser then reports them).
     */
    static String replaceNamedReferences(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '<' && s.startsWith("<![CDATA[", i)) {
                int end = s.indexOf("]]>", i + 9);
                int stop = end < 0 ? n : end + 3;
                out.append(s, i, stop);
                i = stop;
            } else if (c == '<' && s.startsWith("<!--", i)) {
                int end = s.indexOf("-->", i + 4);
                int stop = end < 0 ? n : end + 3;
                out.append(s, i, stop);
                i = stop;
            } else if (c == '&') {
                int j = i + 1;
                while (j < n && j - i <= 32 && Character.isLetterOrDigit(s.charAt(j)) && s.charAt(j) < 0x80) {
                    j++;
                }
                Integer cp = j < n && s.charAt(j) == ';' && j > i + 1 ? HTML_ENTITIES.get(s.substring(i + 1, j)) : null;
                if (cp != null) {
                    out.append("&#").append(cp.intValue()).append(';');
                    i = j + 1;
                } else {
                    out.append(c);
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static Map<String, Integer> loadEntities() {
        Map<String, Integer> map = new HashMap<>();
        try (InputStream in = StorageReader.class.getResourceAsStream("html-entities.txt")) {
            if (in == null) {
                throw new IllegalStateException("html-entities.txt is missing from the jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split(" ");
                map.put(parts[0], Integer.parseInt(parts[1], 16));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(map);
    }

    private static final class TextHandler extends DefaultHandler {
        final StringBuilder out = new StringBuilder();
        private final Deque<String> elements = new ArrayDeque<>();
        private final Deque<String> macros = new ArrayDeque<>();
        private final Deque<LinkState> links = new ArrayDeque<>();
        private boolean pendingBlock;
        private boolean pendingCell;
        private boolean pendingRow;
        private int skipDepth;

        private static final class LinkState {
            boolean hasBody;
            String fallback;
        }

        @Override
        public void startElement(String uri, String local, String qName, Attributes atts) {
            if (skipDepth > 0) {
                skipDepth++;
                return;
            }
            String name = AC_NAMESPACE.equals(uri) ? "ac:" + local : RI_NAMESPACE.equals(uri) ? "ri:" + local : local;
            elements.push(name);
            if (AC_NAMESPACE.equals(uri)) {
                switch (local) {
                    case "structured-macro", "macro" -> {
                        String macro = atts.getValue(AC_NAMESPACE, "name");
                        macros.push(macro == null ? "" : macro);
                        if (!"status".equals(macro)) {
                            pendingBlock = true;
                        }
                    }
                    case "parameter" -> {
                        String param = atts.getValue(AC_NAMESPACE, "name");
                        boolean statusTitle = "status".equals(macros.peek()) && "title".equals(param);
                        if (!statusTitle) {
                            skip();
                        }
                    }
                    case "link" -> links.push(new LinkState());
                    case "plain-text-link-body", "link-body" -> {
                        if (!links.isEmpty()) {
                            links.peek().hasBody = true;
                        }
                    }
                    default -> {
                        if (AC_SKIPPED.contains(local)) {
                            skip();
                        } else if (AC_BLOCKS.contains(local)) {
                            pendingBlock = true;
                        }
                    }
                }
            } else if (RI_NAMESPACE.equals(uri)) {
                if (!links.isEmpty() && links.peek().fallback == null) {
                    LinkState link = links.peek();
                    switch (local) {
                        case "page", "blog-post" -> link.fallback = atts.getValue(RI_NAMESPACE, "content-title");
                        case "attachment" -> link.fallback = atts.getValue(RI_NAMESPACE, "filename");
                        case "user" -> {
                            String id = atts.getValue(RI_NAMESPACE, "account-id");
                            if (id == null) {
                                id = atts.getValue(RI_NAMESPACE, "userkey");
                            }
                            link.fallback = id == null ? null : "@" + id;
                        }
                        case "space" -> link.fallback = atts.getValue(RI_NAMESPACE, "space-key");
                        default -> {}
                    }
                }
            } else if (uri.isEmpty()) {
                if (local.equals("tr")) {
                    pendingRow = true;
                    pendingBlock = true;
                } else if (HTML_BLOCKS.contains(local)) {
                    // The first block inside a fresh cell (<td><p>) is separated by the cell's tab.
                    if (!pendingCell) {
                        pendingBlock = true;
                    }
                } else if (local.equals("td") || local.equals("th")) {
                    if (!pendingRow) {
                        pendingBlock = false;
                    }
                    pendingCell = true;
                } else if (local.equals("br")) {
                    emit("\n");
                }
            }
        }

        @Override
        public void endElement(String uri, String local, String qName) {
            if (skipDepth > 0) {
                skipDepth--;
                if (skipDepth > 0) {
                    return;
                }
            }
            elements.pop();
            if (AC_NAMESPACE.equals(uri)) {
                switch (local) {
                    case "structured-macro", "macro" -> {
                        String macro = macros.pop();
                        if (!"status".equals(macro)) {
                            pendingBlock = true;
                        }
                    }
                    case "link" -> {
                        LinkState link = links.pop();
                        if (!link.hasBody && link.fallback != null) {
                            emit(link.fallback);
                        }
                    }
                    default -> {
                        if (AC_BLOCKS.contains(local)) {
                            pendingBlock = true;
                        }
                    }
                }
            } else if (uri.isEmpty() && HTML_BLOCKS.contains(local)) {
                pendingBlock = true;
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (skipDepth > 0 || length == 0) {
                return;
            }
            String parent = elements.peek();
            if (parent != null && CONTAINERS.contains(parent) && isWhitespace(ch, start, length)) {
                return;
            }
            emit(new String(ch, start, length));
        }

        private void skip() {
            skipDepth = 1;
        }

        private void emit(String text) {
            if (text.isEmpty()) {
                return;
            }
            if (out.length() > 0) {
                if (pendingBlock) {
                    out.append('\n');
                } else if (pendingCell) {
                    out.append('\t');
                }
            }
            pendingBlock = false;
            pendingCell = false;
            pendingRow = false;
            out.append(text);
        }

        private static boolean isWhitespace(char[] ch, int start, int length) {
            for (int i = start; i < start + length; i++) {
                char c = ch[i];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return false;
                }
            }
            return true;
        }
    }
}
