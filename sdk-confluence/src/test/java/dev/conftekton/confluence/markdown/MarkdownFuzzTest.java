package dev.conftekton.confluence.markdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Random Markdown, built from fragments that stress the converter (markup-like text, CDATA
 * terminators, control characters, lone surrogates, deep nesting), must always convert to
 * well-formed XML made only of the elements the converter itself writes.
 */
class MarkdownFuzzTest {
    private static final List<String> FRAGMENTS = List.of(
            "# ",
            "## ",
            "> ",
            "> [!NOTE]\n> ",
            "- ",
            "1. ",
            "- [ ] ",
            "- [x] ",
            "* ",
            "    ",
            "\t",
            "```",
            "```java\n",
            "~~~",
            "`",
            "``",
            "*",
            "**",
            "_",
            "~~",
            "[",
            "]",
            "(",
            ")",
            "![",
            "](",
            "](x.md)",
            "](../a.md#b)",
            "](img/a.png)",
            "](javascript:alert(1))",
            "](https://e.com/?a=1&b=2)",
            "<",
            ">",
            "&",
            "&amp;",
            "&#0;",
            "&#x1;",
            "&#xD800;",
            "&lt;",
            "\"",
            "'",
            "]]>",
            "<![CDATA[",
            "]]",
            "<script>",
            "</script>",
            "<div>",
            "<!--",
            "-->",
            "<?xml?>",
            "<!DOCTYPE x>",
            "<ac:link>",
            "</p>",
            "<br>",
            "|",
            "| a | b |\n| --- | --- |\n",
            "---\n",
            "---\ntitle: x\nlabels: [a]\n---\n",
            "\n",
            "\n\n",
            "  \n",
            "\\",
            "\u0000",
            "\u0001",
            "\u0008",
            "\u000b",
            "\u000c",
            "\u001f",
            "\u007f",
            "\ud800",
            "\udc00",
            "\ud83d\ude00",
            "\ufffe",
            "\uffff",
            "\u2028",
            "\u00e9",
            "\u202e",
            "https://example.com/x",
            "user@example.com",
            "text",
            " ",
            "word ",
            "1)",
            "+ ",
            "===",
            "***");

    /** The elements the converter writes; anything else would be HTML passed through. */
    private static final Set<String> ALLOWED = Set.of(
            "root",
            "p",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "em",
            "strong",
            "code",
            "span",
            "br",
            "hr",
            "a",
            "ul",
            "ol",
            "li",
            "blockquote",
            "table",
            "tbody",
            "tr",
            "th",
            "td",
            "ac:structured-macro",
            "ac:parameter",
            "ac:plain-text-body",
            "ac:rich-text-body",
            "ac:link",
            "ac:link-body",
            "ac:image",
            "ri:page",
            "ri:attachment",
            "ri:url",
            "ac:task-list",
            "ac:task",
            "ac:task-id",
            "ac:task-status",
            "ac:task-body");

    private final MarkdownConverter converter = MarkdownConverter.create();

    @Test
    void randomMarkdownAlwaysConvertsToWellFormedStorageFormat() throws Exception {
        for (long seed = 1; seed <= 500; seed++) {
            Random random = new Random(seed);
            StringBuilder md = new StringBuilder();
            int n = 1 + random.nextInt(60);
            for (int i = 0; i < n; i++) {
                md.append(
                        random.nextInt(4) == 0 ? randomChars(random) : FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
            }
            String input = md.toString();
            ConvertedDocument doc;
            try {
                doc = converter.convert(input, "dir/page.md", p -> Optional.of("T<&>\"" + p));
            } catch (MarkdownException e) {
                continue; // a clear refusal (for example an invalid label) is a valid answer
            }
            Document parsed;
            try {
                parsed = WellFormed.parse(doc.storage());
            } catch (Exception e) {
                throw new AssertionError(
                        "seed " + seed + ": not well-formed for input " + escape(input) + "\n" + doc.storage(), e);
            }
            assertOnlyAllowedElements(parsed, seed, input);
            doc.title().ifPresent(t -> assertThat(t).doesNotContainPattern("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]"));
        }
    }

    @Test
    void deeplyNestedInputIsConvertedOrRefusedClearly() throws Exception {
        for (String unit : List.of("> ", "- ", "*", "[", "1. ")) {
            String input = unit.repeat(5_000) + "deep";
            try {
                ConvertedDocument doc = converter.convert(input);
                WellFormed.assertWellFormed(doc.storage());
            } catch (MarkdownException e) {
                assertThat(e).hasMessageContaining("nested too deeply");
            }
        }
    }

    private static String randomChars(Random random) {
        StringBuilder sb = new StringBuilder();
        int len = 1 + random.nextInt(8);
        for (int i = 0; i < len; i++) {
            sb.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000)));
        }
        return sb.toString();
    }

    private static void assertOnlyAllowedElements(Document doc, long seed, String input) {
        Deque<Node> todo = new ArrayDeque<>();
        todo.push(doc.getDocumentElement());
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (n instanceof Element e && !ALLOWED.contains(e.getTagName())) {
                throw new AssertionError(
                        "seed " + seed + ": element <" + e.getTagName() + "> passed through from " + escape(input));
            }
            for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
                todo.push(c);
            }
        }
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp > 0x7e) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }
}
