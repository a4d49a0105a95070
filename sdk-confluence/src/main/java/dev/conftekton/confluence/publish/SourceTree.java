package dev.conftekton.confluence.publish;

import dev.conftekton.confluence.markdown.AttachmentRef;
import dev.conftekton.confluence.markdown.ConvertedDocument;
import dev.conftekton.confluence.markdown.MarkdownConverter;
import dev.conftekton.confluence.markdown.MarkdownException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A directory of Markdown read as a tree of pages.
 *
 * <p>Every {@code .md}/{@code .markdown} file is a page; every directory holding Markdown is a
 * parent page whose body comes from its {@code index.md} or {@code README.md} (or, without one, a
 * list of its children). Titles come from front matter, else the first heading, else the file or
 * directory name, with an optional prefix. Hidden files and directories (name starting with
 * {@code .}) and symbolic links are ignored.
 *
 * <pre>{@code
 * SourceTree tree = SourceTree.read(Path.of("docs"), "");
 * tree.pages().forEach(p -> System.out.println(p.key() + " -> " + p.title()));
 * }</pre>
 */
public final class SourceTree {
    static final String CHILDREN_MACRO = "<ac:structured-macro ac:name=\"children\"/>";
    private static final int MAX_TITLE = 255;
    /** The largest Markdown file published; a bigger one (a generated dump) is an error naming it, not an OOM. */
    static final int MAX_MARKDOWN_BYTES = 5 * 1024 * 1024;

    private final Path root;
    private final List<SourcePage> pages;

    private SourceTree(Path root, List<SourcePage> pages) {
        this.root = root;
        this.pages = List.copyOf(pages);
    }

    /** The pages, parents before children. */
    public List<SourcePage> pages() {
        return pages;
    }

    /** The directory that was read. */
    public Path root() {
        return root;
    }

    /**
     * Reads {@code root}.
     *
     * @param titlePrefix prepended to every title (may be empty), to keep titles unique in a space
     * @throws PublishException listing every problem found (duplicate titles, missing images, invalid
     *     front matter, files that are not UTF-8)
     */
    public static SourceTree read(Path root, String titlePrefix) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(titlePrefix, "titlePrefix");
        if (!Files.isDirectory(root)) {
            throw new PublishException(
                    "the source " + root + " is not a directory; give the directory holding the Markdown");
        }
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> errors = new ArrayList<>();
        // key -> file (null for a generated directory page)
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(realRoot)) {
            walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !hidden(realRoot.relativize(p)))
                    .filter(p ->
                            MarkdownConverterAccess.isMarkdown(p.getFileName().toString()))
                    .forEach(p -> files.put(relative(realRoot, p), p));
        } catch (IOException e) {
            throw new PublishException("cannot read the source directory " + root + ": " + e.getMessage(), e);
        }
        // Directory pages and which file (if any) gives their body.
        Map<String, Path> indexOf = new HashMap<>();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            String key = e.getKey();
            int slash = key.lastIndexOf('/');
            String name = key.substring(slash + 1).toLowerCase(Locale.ROOT);
            if (slash >= 0 && (name.equals("index.md") || name.equals("readme.md"))) {
                String dir = key.substring(0, slash + 1);
                Path current = indexOf.get(dir);
                if (current == null
                        || (name.equals("index.md")
                                && !current.getFileName().toString().equalsIgnoreCase("index.md"))) {
                    indexOf.put(dir, e.getValue()); // index.md wins over README.md
                }
            }
        }
        Map<String, Path> pageFiles = new TreeMap<>();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            String key = e.getKey();
            int slash = key.lastIndexOf('/');
            String dir = slash < 0 ? "" : key.substring(0, slash + 1);
            for (String d = dir; !d.isEmpty(); d = parentDir(d)) {
                pageFiles.putIfAbsent(d, indexOf.get(d));
            }
            if (!dir.isEmpty() && e.getValue().equals(indexOf.get(dir))) {
                continue;
            }
            pageFiles.put(key, e.getValue());
        }

        MarkdownConverter converter = MarkdownConverter.create();
        // Pass 1: titles.
        Map<String, String> texts = new HashMap<>();
        Map<String, String> titles = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : pageFiles.entrySet()) {
            String key = e.getKey();
            String fallback = fallbackTitle(key);
            String title = fallback;
            if (e.getValue() != null) {
                try {
                    String text = readUtf8(e.getValue());
                    texts.put(key, text);
                    title = converter
                            .convert(text, sourcePathOf(key, e.getValue(), realRoot), p -> Optional.empty())
                            .title()
                            .orElse(fallback);
                } catch (MarkdownException ex) {
                    errors.add(ex.getMessage());
                } catch (TooLarge ex) {
                    errors.add(relative(realRoot, e.getValue()) + ": larger than " + MAX_MARKDOWN_BYTES
                            + " bytes; split it into several pages or leave it out of the tree");
                } catch (CharacterCodingException ex) {
                    errors.add(relative(realRoot, e.getValue()) + ": not valid UTF-8; save the file as UTF-8");
                } catch (IOException ex) {
                    errors.add(relative(realRoot, e.getValue()) + ": cannot be read (" + ex.getMessage() + ")");
                }
            }
            String full = titlePrefix + title;
            if (full.length() > MAX_TITLE) {
                errors.add(key + ": the title is longer than Confluence's 255 characters; shorten it");
            }
            titles.put(key, full);
        }
        Map<String, String> byTitle = new HashMap<>();
        for (Map.Entry<String, String> e : titles.entrySet()) {
            String other = byTitle.putIfAbsent(e.getValue().toLowerCase(Locale.ROOT), e.getKey());
            if (other != null) {
                errors.add("the title '" + e.getValue() + "' is used by both " + describe(other, pageFiles, realRoot)
                        + " and " + describe(e.getKey(), pageFiles, realRoot)
                        + "; Confluence needs unique titles in a space: change one title (front matter 'title:')");
            }
        }
        Map<String, String> linkTitles = new HashMap<>();
        for (Map.Entry<String, Path> e : pageFiles.entrySet()) {
            String key = e.getKey();
            String title = titles.get(key);
            if (key.endsWith("/")) {
                linkTitles.put(key.substring(0, key.length() - 1), title);
                if (e.getValue() != null) {
                    linkTitles.put(relative(realRoot, e.getValue()), title);
                }
            } else {
                linkTitles.put(key, title);
            }
        }

        // Pass 2: bodies with links resolved.
        List<SourcePage> pages = new ArrayList<>();
        for (Map.Entry<String, Path> e : pageFiles.entrySet()) {
            String key = e.getKey();
            String title = titles.get(key);
            Optional<String> parent = parentKey(key);
            int depth = depth(key);
            if (e.getValue() == null) {
                pages.add(new SourcePage(
                        key,
                        parent,
                        title,
                        CHILDREN_MACRO,
                        Hashes.sha256("directory:" + key),
                        Hashes.sha256(CHILDREN_MACRO),
                        List.of(),
                        List.of(),
                        List.of(),
                        depth));
                continue;
            }
            String text = texts.get(key);
            if (text == null) {
                continue; // already reported
            }
            String sourcePath = relative(realRoot, e.getValue());
            ConvertedDocument doc;
            try {
                doc = converter.convert(text, sourcePath, p -> Optional.ofNullable(linkTitles.get(p)));
            } catch (MarkdownException ex) {
                errors.add(ex.getMessage());
                continue;
            }
            List<SourceAttachment> attachments = new ArrayList<>();
            for (AttachmentRef ref : doc.attachments()) {
                Path file = realRoot.resolve(ref.sourcePath()).normalize();
                try {
                    // toRealPath: a symbolic link on the way (a linked directory) must not lead out of the tree
                    if (!file.startsWith(realRoot)
                            || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                            || !file.toRealPath().startsWith(realRoot)
                            || hidden(realRoot.relativize(file))) {
                        errors.add(sourcePath + ": refers to '" + ref.sourcePath()
                                + "', which is not a file in the source tree; add the file or fix the path");
                        continue;
                    }
                    attachments.add(new SourceAttachment(ref.fileName(), file, Hashes.sha256(file), Files.size(file)));
                } catch (IOException ex) {
                    errors.add(sourcePath + ": cannot read '" + ref.sourcePath() + "' (" + ex.getMessage() + ")");
                }
            }
            List<String> warnings =
                    doc.warnings().stream().map(w -> sourcePath + ": " + w).toList();
            pages.add(new SourcePage(
                    key,
                    parent,
                    title,
                    doc.storage(),
                    Hashes.sha256(text),
                    Hashes.sha256(doc.storage()),
                    doc.labels(),
                    attachments,
                    warnings,
                    depth));
        }
        if (!errors.isEmpty()) {
            throw new PublishException("the source tree " + root + " cannot be published:\n  - "
                    + String.join("\n  - ", new TreeSet<>(errors)));
        }
        pages.sort(Comparator.comparingInt(SourcePage::depth).thenComparing(SourcePage::key));
        return new SourceTree(realRoot, pages);
    }

    private static String describe(String key, Map<String, Path> pageFiles, Path root) {
        Path file = pageFiles.get(key);
        return file == null ? "directory " + key : relative(root, file);
    }

    private static String sourcePathOf(String key, Path file, Path root) {
        return relative(root, file);
    }

    static Optional<String> parentKey(String key) {
        String k = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        int slash = k.lastIndexOf('/');
        return slash < 0 ? Optional.empty() : Optional.of(k.substring(0, slash + 1));
    }

    static int depth(String key) {
        int d = 0;
        for (Optional<String> p = parentKey(key); p.isPresent(); p = parentKey(p.get())) {
            d++;
        }
        return d;
    }

    private static String parentDir(String dir) {
        return parentKey(dir).orElse("");
    }

    private static String fallbackTitle(String key) {
        String k = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        String name = k.substring(k.lastIndexOf('/') + 1);
        if (!key.endsWith("/")) {
            int dot = name.lastIndexOf('.');
            name = dot > 0 ? name.substring(0, dot) : name;
        }
        return name;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static String readUtf8(Path file) throws IOException {
        byte[] bytes;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_MARKDOWN_BYTES + 1);
        }
        if (bytes.length > MAX_MARKDOWN_BYTES) {
            throw new TooLarge();
        }
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes))
                .toString();
    }

    /** A Markdown file over {@link #MAX_MARKDOWN_BYTES}. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
    }

    /** Bridges to the converter's package-private helper without widening its API. */
    private static final class MarkdownConverterAccess {
        static boolean isMarkdown(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            return n.endsWith(".md") || n.endsWith(".markdown");
        }
    }
}
