package dev.conftekton.confluence.markdown;

import dev.conftekton.confluence.markdown.ConvertedDocument.TitleSource;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.front.matter.YamlFrontMatterBlock;
import org.commonmark.ext.front.matter.YamlFrontMatterExtension;
import org.commonmark.ext.front.matter.YamlFrontMatterNode;
import org.commonmark.ext.front.matter.YamlFrontMatterVisitor;
import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.task.list.items.TaskListItemMarker;
import org.commonmark.ext.task.list.items.TaskListItemsExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;

/**
 * Converts Markdown (CommonMark with GitHub tables, task lists, strikethrough, autolinks, alerts and
 * YAML front matter) to the Confluence storage format.
 *
 * <pre>{@code
 * MarkdownConverter converter = MarkdownConverter.create();
 * ConvertedDocument doc = converter.convert(markdown, "guides/setup.md", titles::lookup);
 * String body = doc.storage();          // well-formed storage-format XML
 * doc.attachments();                    // local images and files to upload
 * }</pre>
 *
 * <p>What becomes what:
 *
 * <ul>
 *   <li>Fenced and indented code: the {@code code} macro (language from the info string, mapped to
 *       the names Confluence knows; CDATA-safe).
 *   <li>GitHub alerts: {@code [!NOTE]} &rarr; {@code info}, {@code [!TIP]} &rarr; {@code tip},
 *       {@code [!IMPORTANT]} and {@code [!WARNING]} &rarr; {@code note} (yellow), {@code [!CAUTION]}
 *       &rarr; {@code warning} (red); each with the alert's name as the macro title.
 *   <li>Relative links to Markdown files: {@code ac:link} to the page (title from the
 *       {@link PageLinkResolver}); relative links to other files and local images: attachments.
 *   <li>Task lists: {@code ac:task-list}; tables: {@code table} with {@code th} header cells.
 *   <li>Raw HTML is shown as text, never passed through; links with schemes other than http, https,
 *       mailto, ftp and tel keep their text but lose the link.
 *   <li>The first heading, when it is the first block and there is no front-matter title, becomes
 *       the title and is left out of the body (Confluence shows the title above the body).
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MarkdownConverter {
    /** Deeper nesting than this is rendered as plain text, which keeps the converter's stack bounded. */
    static final int MAX_DEPTH = 48;

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Set<String> SAFE_SCHEMES = Set.of("http", "https", "mailto", "ftp", "tel");
    private static final Pattern ALERT =
            Pattern.compile("^\\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)]\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern BR = Pattern.compile("^<br\\s*/?>$", Pattern.CASE_INSENSITIVE);
    private static final Pattern LABEL_FORBIDDEN = Pattern.compile("[:;,.?&\\[\\]()#^*@!<>\"'/\\\\|{}=+%$~`]");
    private static final Map<String, String> LANGUAGES = languages();

    private final Parser parser;

    private MarkdownConverter() {
        this.parser = Parser.builder()
                .extensions(List.of(
                        TablesExtension.create(),
                        StrikethroughExtension.create(),
                        TaskListItemsExtension.create(),
                        AutolinkExtension.create(),
                        YamlFrontMatterExtension.create()))
                .build();
    }

    /** A converter with the standard extensions. */
    public static MarkdownConverter create() {
        return new MarkdownConverter();
    }

    /** Converts a stand-alone document: links to other Markdown files are left unresolved. */
    public ConvertedDocument convert(String markdown) {
        return convert(markdown, "document.md", PageLinkResolver.NONE);
    }

    /**
     * Converts {@code markdown} read from {@code sourcePath}.
     *
     * @param sourcePath the document's path relative to the tree root ({@code /}-separated); relative
     *     links and images are resolved against its directory
     * @param links resolves links to other Markdown files to page titles
     * @throws MarkdownException when the document cannot be published as it is (invalid label, or
     *     nesting so deep that it cannot be parsed)
     */
    public ConvertedDocument convert(String markdown, String sourcePath, PageLinkResolver links) {
        Objects.requireNonNull(markdown, "markdown");
        Objects.requireNonNull(sourcePath, "sourcePath");
        Objects.requireNonNull(links, "links");
        Node document;
        try {
            document = parser.parse(markdown);
        } catch (StackOverflowError e) {
            throw new MarkdownException(sourcePath + ": the Markdown is nested too deeply to convert;"
                    + " flatten the nested block quotes or lists");
        }
        YamlFrontMatterVisitor frontMatter = new YamlFrontMatterVisitor();
        for (Node n = document.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof YamlFrontMatterBlock) {
                n.accept(frontMatter);
            }
        }
        Map<String, List<String>> data = frontMatter.getData();
        Optional<String> title = first(data.get("title"))
                .map(MarkdownConverter::unquote)
                .map(MarkdownConverter::clean)
                .filter(t -> !t.isEmpty());
        TitleSource titleSource = title.isPresent() ? TitleSource.FRONT_MATTER : TitleSource.NONE;
        Node skip = null;
        if (title.isEmpty()) {
            Heading heading = firstHeading(document);
            if (heading != null) {
                String text = clean(plainText(heading));
                if (!text.isEmpty()) {
                    title = Optional.of(text);
                    titleSource = TitleSource.FIRST_HEADING;
                    if (firstContentBlock(document) == heading) {
                        skip = heading;
                    }
                }
            }
        }
        List<String> labels = labels(data.get("labels"), sourcePath);
        Render render = new Render(normalizeDir(sourcePath), links, skip);
        try {
            render.blocks(document, 0);
        } catch (StackOverflowError e) {
            throw new MarkdownException(sourcePath + ": the Markdown is nested too deeply to convert;"
                    + " flatten the nested block quotes or lists");
        }
        return new ConvertedDocument(
                title,
                titleSource,
                labels,
                render.xml.finish(),
                new ArrayList<>(render.attachments.values()),
                new ArrayList<>(render.pageLinks),
                render.warnings);
    }

    // ---------------------------------------------------------------- front matter and titles

    private static Optional<String> first(List<String> values) {
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    private static String unquote(String s) {
        String t = s.trim();
        if (t.length() >= 2 && ((t.startsWith("\"") && t.endsWith("\"")) || (t.startsWith("'") && t.endsWith("'")))) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }

    /** Removes XML-illegal characters and collapses whitespace; used for titles and labels. */
    static String clean(String s) {
        return StorageXml.stripIllegal(s).replaceAll("\\s+", " ").trim();
    }

    private static List<String> labels(List<String> values, String sourcePath) {
        if (values == null) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String value : values) {
            String v = value.trim();
            if (v.startsWith("[") && v.endsWith("]")) {
                v = v.substring(1, v.length() - 1);
            }
            for (String part : v.split("[,\\s]+")) {
                String label = clean(unquote(part)).toLowerCase(Locale.ROOT);
                if (label.isEmpty()) {
                    continue;
                }
                if (LABEL_FORBIDDEN.matcher(label).find() || label.length() > 255) {
                    throw new MarkdownException(sourcePath + ": label '" + label
                            + "' in the front matter is not a valid Confluence label; use letters, digits, '-' and '_'"
                            + " (at most 255 characters)");
                }
                out.add(label);
            }
        }
        return List.copyOf(out);
    }

    private static Heading firstHeading(Node document) {
        for (Node n = document.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Heading h) {
                return h;
            }
        }
        return null;
    }

    private static Node firstContentBlock(Node document) {
        for (Node n = document.getFirstChild(); n != null; n = n.getNext()) {
            if (!(n instanceof YamlFrontMatterBlock) && !(n instanceof LinkReferenceDefinition)) {
                return n;
            }
        }
        return null;
    }

    /** The text of {@code root} and everything below it, iteratively (any depth is fine). */
    static String plainText(Node root) {
        StringBuilder sb = new StringBuilder();
        Node n = root;
        while (true) {
            if (n instanceof Text t) {
                sb.append(t.getLiteral());
            } else if (n instanceof Code c) {
                sb.append(c.getLiteral());
            } else if (n instanceof SoftLineBreak || n instanceof HardLineBreak) {
                sb.append(' ');
            } else if (n instanceof FencedCodeBlock f) {
                sb.append(f.getLiteral());
            } else if (n instanceof IndentedCodeBlock i) {
                sb.append(i.getLiteral());
            } else if (n instanceof HtmlInline h) {
                sb.append(h.getLiteral());
            } else if (n instanceof HtmlBlock h) {
                sb.append(h.getLiteral());
            } else if (n instanceof Paragraph || n instanceof Heading) {
                sb.append(' ');
            }
            if (n.getFirstChild() != null) {
                n = n.getFirstChild();
                continue;
            }
            while (n != root && n.getNext() == null) {
                n = n.getParent();
            }
            if (n == root) {
                return sb.toString();
            }
            n = n.getNext();
        }
    }

    private static String normalizeDir(String sourcePath) {
        String p = sourcePath.replace('\\', '/');
        int slash = p.lastIndexOf('/');
        return slash < 0 ? "" : p.substring(0, slash);
    }

    /**
     * Resolves {@code relative} against directory {@code dir}; empty when the result would leave the
     * tree root.
     */
    static Optional<String> resolve(String dir, String relative) {
        Deque<String> parts = new ArrayDeque<>();
        if (!dir.isEmpty()) {
            for (String s : dir.split("/")) {
                if (!s.isEmpty() && !s.equals(".")) {
                    parts.addLast(s);
                }
            }
        }
        for (String s : relative.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (parts.isEmpty()) {
                    return Optional.empty();
                }
                parts.removeLast();
            } else {
                parts.addLast(s);
            }
        }
        return Optional.of(String.join("/", parts));
    }

    private static Map<String, String> languages() {
        Map<String, String> m = new HashMap<>();
        for (String known : List.of(
                "actionscript3",
                "applescript",
                "bash",
                "c#",
                "coldfusion",
                "cpp",
                "css",
                "delphi",
                "diff",
                "erl",
                "groovy",
                "java",
                "javafx",
                "js",
                "perl",
                "php",
                "powershell",
                "py",
                "ruby",
                "sass",
                "scala",
                "sql",
                "text",
                "vb",
                "xml",
                "yaml",
                "go",
                "kotlin",
                "rust",
                "swift",
                "typescript",
                "json",
                "dockerfile",
                "c",
                "graphql",
                "lua",
                "r",
                "haskell",
                "clojure",
                "elixir")) {
            m.put(known, known);
        }
        m.putAll(Map.ofEntries(
                Map.entry("sh", "bash"),
                Map.entry("shell", "bash"),
                Map.entry("zsh", "bash"),
                Map.entry("console", "bash"),
                Map.entry("javascript", "js"),
                Map.entry("jsx", "js"),
                Map.entry("node", "js"),
                Map.entry("ts", "typescript"),
                Map.entry("python", "py"),
                Map.entry("python3", "py"),
                Map.entry("rb", "ruby"),
                Map.entry("c++", "cpp"),
                Map.entry("cs", "c#"),
                Map.entry("csharp", "c#"),
                Map.entry("html", "xml"),
                Map.entry("xhtml", "xml"),
                Map.entry("svg", "xml"),
                Map.entry("yml", "yaml"),
                Map.entry("ps1", "powershell"),
                Map.entry("pwsh", "powershell"),
                Map.entry("erlang", "erl"),
                Map.entry("patch", "diff"),
                Map.entry("kt", "kotlin"),
                Map.entry("rs", "rust"),
                Map.entry("golang", "go"),
                Map.entry("plaintext", "text"),
                Map.entry("txt", "text"),
                Map.entry("docker", "dockerfile")));
        return Map.copyOf(m);
    }

    /** The Confluence code-macro language for a fenced block's info string; empty when unknown. */
    static Optional<String> language(String info) {
        if (info == null) {
            return Optional.empty();
        }
        String word = info.trim().split("[\\s{]", 2)[0].toLowerCase(Locale.ROOT);
        return Optional.ofNullable(LANGUAGES.get(word));
    }

    // ---------------------------------------------------------------- rendering

    private enum AlertKind {
        NOTE("info", "Note"),
        TIP("tip", "Tip"),
        IMPORTANT("note", "Important"),
        WARNING("note", "Warning"),
        CAUTION("warning", "Caution");

        final String macro;
        final String title;

        AlertKind(String macro, String title) {
            this.macro = macro;
            this.title = title;
        }
    }

    private static final class Render {
        final StorageXml xml = new StorageXml();
        final String dir;
        final PageLinkResolver links;
        final Node skip;
        final Map<String, AttachmentRef> attachments = new LinkedHashMap<>();
        final Set<String> fileNames = new LinkedHashSet<>();
        final Set<String> pageLinks = new LinkedHashSet<>();
        final List<String> warnings = new ArrayList<>();
        int taskId;

        Render(String dir, PageLinkResolver links, Node skip) {
            this.dir = dir;
            this.links = links;
            this.skip = skip;
        }

        void blocks(Node parent, int depth) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
                block(n, depth);
            }
        }

        void block(Node n, int depth) {
            if (n == skip) {
                return;
            }
            if (depth > MAX_DEPTH) {
                xml.element("p", clean(plainText(n)));
                return;
            }
            if (n instanceof Paragraph p) {
                if (isTightListParagraph(p)) {
                    inlines(p, depth);
                } else {
                    xml.open("p");
                    inlines(p, depth);
                    xml.close("p");
                }
            } else if (n instanceof Heading h) {
                String tag = "h" + Math.max(1, Math.min(6, h.getLevel()));
                xml.open(tag);
                inlines(h, depth);
                xml.close(tag);
            } else if (n instanceof BlockQuote q) {
                blockQuote(q, depth);
            } else if (n instanceof BulletList list) {
                bulletList(list, depth);
            } else if (n instanceof OrderedList list) {
                xml.open("ol");
                listItems(list, depth);
                xml.close("ol");
            } else if (n instanceof FencedCodeBlock f) {
                codeMacro(f.getLiteral(), language(f.getInfo()));
            } else if (n instanceof IndentedCodeBlock c) {
                codeMacro(c.getLiteral(), Optional.empty());
            } else if (n instanceof HtmlBlock h) {
                String literal = h.getLiteral().strip();
                if (!(literal.startsWith("<!--") && literal.endsWith("-->"))) {
                    xml.element("p", literal);
                }
            } else if (n instanceof ThematicBreak) {
                xml.empty("hr");
            } else if (n instanceof TableBlock t) {
                table(t, depth);
            } else if (n instanceof ListItem item) {
                // only reached through the depth fallback; lists render their own items
                blocks(item, depth + 1);
            } else if (n instanceof YamlFrontMatterBlock
                    || n instanceof YamlFrontMatterNode
                    || n instanceof LinkReferenceDefinition) {
                // not content
            } else if (n.getFirstChild() != null) {
                blocks(n, depth + 1);
            }
        }

        boolean isTightListParagraph(Paragraph p) {
            return p.getParent() instanceof ListItem
                    && p.getParent().getParent() instanceof ListBlock list
                    && list.isTight();
        }

        void codeMacro(String code, Optional<String> language) {
            xml.open("ac:structured-macro", "ac:name", "code");
            language.ifPresent(l -> xml.element("ac:parameter", l, "ac:name", "language"));
            String body = code.endsWith("\n") ? code.substring(0, code.length() - 1) : code;
            xml.open("ac:plain-text-body").cdata(body).close("ac:plain-text-body");
            xml.close("ac:structured-macro");
        }

        void blockQuote(BlockQuote q, int depth) {
            AlertKind kind = null;
            Node markerNode = null;
            if (q.getFirstChild() instanceof Paragraph p && p.getFirstChild() instanceof Text t) {
                Matcher m = ALERT.matcher(t.getLiteral());
                if (m.matches() && (t.getNext() == null || t.getNext() instanceof SoftLineBreak)) {
                    kind = AlertKind.valueOf(m.group(1).toUpperCase(Locale.ROOT));
                    markerNode = t;
                }
            }
            if (kind == null) {
                xml.open("blockquote");
                blocks(q, depth + 1);
                xml.close("blockquote");
                return;
            }
            xml.open("ac:structured-macro", "ac:name", kind.macro);
            xml.element("ac:parameter", kind.title, "ac:name", "title");
            xml.open("ac:rich-text-body");
            Paragraph first = (Paragraph) q.getFirstChild();
            Node rest =
                    markerNode.getNext() == null ? null : markerNode.getNext().getNext();
            if (rest != null) {
                xml.open("p");
                for (Node n = rest; n != null; n = n.getNext()) {
                    inline(n, depth + 1);
                }
                xml.close("p");
            }
            for (Node n = first.getNext(); n != null; n = n.getNext()) {
                block(n, depth + 1);
            }
            xml.close("ac:rich-text-body");
            xml.close("ac:structured-macro");
        }

        void bulletList(BulletList list, int depth) {
            boolean allTasks = list.getFirstChild() != null;
            for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
                if (!(item.getFirstChild() instanceof TaskListItemMarker)) {
                    allTasks = false;
                }
            }
            if (!allTasks) {
                xml.open("ul");
                listItems(list, depth);
                xml.close("ul");
                return;
            }
            xml.open("ac:task-list");
            for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
                TaskListItemMarker marker = (TaskListItemMarker) item.getFirstChild();
                xml.open("ac:task");
                xml.element("ac:task-id", Integer.toString(++taskId));
                xml.element("ac:task-status", marker.isChecked() ? "complete" : "incomplete");
                xml.open("ac:task-body");
                for (Node n = marker.getNext(); n != null; n = n.getNext()) {
                    if (n instanceof Paragraph p && n == marker.getNext()) {
                        inlines(p, depth + 1);
                    } else {
                        block(n, depth + 1);
                    }
                }
                xml.close("ac:task-body");
                xml.close("ac:task");
            }
            xml.close("ac:task-list");
        }

        void listItems(ListBlock list, int depth) {
            for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
                xml.open("li");
                for (Node n = item.getFirstChild(); n != null; n = n.getNext()) {
                    if (n instanceof TaskListItemMarker marker) {
                        xml.text(marker.isChecked() ? "\u2611 " : "\u2610 ");
                    } else {
                        block(n, depth + 1);
                    }
                }
                xml.close("li");
            }
        }

        void table(TableBlock t, int depth) {
            xml.open("table").open("tbody");
            for (Node section = t.getFirstChild(); section != null; section = section.getNext()) {
                for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
                    if (!(row instanceof TableRow)) {
                        continue;
                    }
                    xml.open("tr");
                    for (Node c = row.getFirstChild(); c != null; c = c.getNext()) {
                        if (!(c instanceof TableCell cell)) {
                            continue;
                        }
                        String tag = cell.isHeader() ? "th" : "td";
                        if (cell.getAlignment() == null) {
                            xml.open(tag);
                        } else {
                            xml.open(
                                    tag,
                                    "style",
                                    "text-align: " + cell.getAlignment().name().toLowerCase(Locale.ROOT) + ";");
                        }
                        inlines(cell, depth + 1);
                        xml.close(tag);
                    }
                    xml.close("tr");
                }
            }
            xml.close("tbody").close("table");
        }

        void inlines(Node parent, int depth) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
                inline(n, depth);
            }
        }

        void inline(Node n, int depth) {
            if (depth > MAX_DEPTH) {
                xml.text(plainText(n));
                return;
            }
            if (n instanceof Text t) {
                xml.text(t.getLiteral());
            } else if (n instanceof Code c) {
                xml.element("code", c.getLiteral());
            } else if (n instanceof Emphasis) {
                xml.open("em");
                inlines(n, depth + 1);
                xml.close("em");
            } else if (n instanceof StrongEmphasis) {
                xml.open("strong");
                inlines(n, depth + 1);
                xml.close("strong");
            } else if (n instanceof Strikethrough) {
                xml.open("span", "style", "text-decoration: line-through;");
                inlines(n, depth + 1);
                xml.close("span");
            } else if (n instanceof SoftLineBreak) {
                xml.text("\n");
            } else if (n instanceof HardLineBreak) {
                xml.empty("br");
            } else if (n instanceof HtmlInline h) {
                if (BR.matcher(h.getLiteral()).matches()) {
                    xml.empty("br");
                } else {
                    xml.text(h.getLiteral());
                }
            } else if (n instanceof Link link) {
                link(link, depth);
            } else if (n instanceof Image image) {
                image(image);
            } else if (n.getFirstChild() != null) {
                inlines(n, depth + 1);
            }
        }

        void link(Link link, int depth) {
            String dest =
                    link.getDestination() == null ? "" : link.getDestination().trim();
            if (dest.isEmpty()) {
                inlines(link, depth + 1);
                return;
            }
            if (dest.startsWith("#")) {
                xml.open("ac:link", "ac:anchor", decode(dest.substring(1)));
                linkBody(link, depth);
                xml.close("ac:link");
                return;
            }
            Matcher scheme = SCHEME.matcher(dest);
            boolean hasScheme = scheme.find();
            if (hasScheme || dest.startsWith("/")) {
                String s = hasScheme ? dest.substring(0, scheme.end() - 1).toLowerCase(Locale.ROOT) : "";
                if (hasScheme && !SAFE_SCHEMES.contains(s)) {
                    warnings.add("link to '" + abbreviate(dest) + "' dropped: the scheme '" + s + "' is not allowed");
                    inlines(link, depth + 1);
                    return;
                }
                if (link.getTitle() != null && !link.getTitle().isEmpty()) {
                    xml.open("a", "href", dest, "title", link.getTitle());
                } else {
                    xml.open("a", "href", dest);
                }
                inlines(link, depth + 1);
                xml.close("a");
                return;
            }
            String path = dest;
            String anchor = null;
            int hash = path.indexOf('#');
            if (hash >= 0) {
                anchor = decode(path.substring(hash + 1));
                path = path.substring(0, hash);
            }
            int query = path.indexOf('?');
            if (query >= 0) {
                path = path.substring(0, query);
            }
            Optional<String> resolved = resolve(dir, decode(path));
            if (resolved.isEmpty() || resolved.get().isEmpty()) {
                warnings.add("link to '" + abbreviate(dest) + "' points outside the published tree; kept as text");
                inlines(link, depth + 1);
                return;
            }
            String target = resolved.get();
            Optional<String> title = links.pageTitleFor(target);
            if (title.isPresent()) {
                pageLinks.add(target);
                if (anchor == null || anchor.isEmpty()) {
                    xml.open("ac:link");
                } else {
                    xml.open("ac:link", "ac:anchor", anchor);
                }
                xml.empty("ri:page", "ri:content-title", title.get());
                linkBody(link, depth);
                xml.close("ac:link");
                return;
            }
            if (isMarkdown(target)) {
                warnings.add("link to '" + abbreviate(dest) + "': " + target
                        + " is not part of the published tree; kept as text");
                inlines(link, depth + 1);
                return;
            }
            AttachmentRef ref = attachment(target);
            xml.open("ac:link");
            xml.empty("ri:attachment", "ri:filename", ref.fileName());
            linkBody(link, depth);
            xml.close("ac:link");
        }

        void linkBody(Link link, int depth) {
            if (link.getFirstChild() != null) {
                xml.open("ac:link-body");
                inlines(link, depth + 1);
                xml.close("ac:link-body");
            }
        }

        void image(Image image) {
            String dest =
                    image.getDestination() == null ? "" : image.getDestination().trim();
            String alt = clean(plainText(image));
            Matcher scheme = SCHEME.matcher(dest);
            if (scheme.find()) {
                String s = dest.substring(0, scheme.end() - 1).toLowerCase(Locale.ROOT);
                if (!s.equals("http") && !s.equals("https")) {
                    warnings.add(
                            "image '" + abbreviate(dest) + "' dropped: only http, https and local files are shown");
                    xml.text(alt);
                    return;
                }
                openImage(alt, image.getTitle());
                xml.empty("ri:url", "ri:value", dest);
                xml.close("ac:image");
                return;
            }
            String path = dest;
            int cut = indexOfAny(path, '#', '?');
            if (cut >= 0) {
                path = path.substring(0, cut);
            }
            Optional<String> resolved = path.startsWith("/") ? Optional.empty() : resolve(dir, decode(path));
            if (resolved.isEmpty() || resolved.get().isEmpty()) {
                warnings.add(
                        "image '" + abbreviate(dest) + "' points outside the published tree; shown as its alt text");
                xml.text(alt);
                return;
            }
            AttachmentRef ref = attachment(resolved.get());
            openImage(alt, image.getTitle());
            xml.empty("ri:attachment", "ri:filename", ref.fileName());
            xml.close("ac:image");
        }

        private void openImage(String alt, String title) {
            List<String> attrs = new ArrayList<>();
            if (!alt.isEmpty()) {
                attrs.add("ac:alt");
                attrs.add(alt);
            }
            if (title != null && !title.isEmpty()) {
                attrs.add("ac:title");
                attrs.add(title);
            }
            xml.open("ac:image", attrs.toArray(String[]::new));
        }

        AttachmentRef attachment(String sourcePath) {
            AttachmentRef existing = attachments.get(sourcePath);
            if (existing != null) {
                return existing;
            }
            String base = clean(sourcePath.substring(sourcePath.lastIndexOf('/') + 1));
            if (base.isEmpty()) {
                base = "file";
            }
            String name = base;
            int dot = base.lastIndexOf('.');
            String stem = dot > 0 ? base.substring(0, dot) : base;
            String ext = dot > 0 ? base.substring(dot) : "";
            for (int i = 2; fileNames.contains(name.toLowerCase(Locale.ROOT)); i++) {
                name = stem + "-" + i + ext;
            }
            fileNames.add(name.toLowerCase(Locale.ROOT));
            AttachmentRef ref = new AttachmentRef(sourcePath, name);
            attachments.put(sourcePath, ref);
            return ref;
        }
    }

    static boolean isMarkdown(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return p.endsWith(".md") || p.endsWith(".markdown");
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // not valid percent-encoding: take it literally
        }
    }

    private static String abbreviate(String s) {
        String c = clean(s);
        return c.length() > 80 ? c.substring(0, 77) + "..." : c;
    }
}
