package dev.conftekton.confluence.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/**
 * Property: for any string, every block the builder writes is well-formed XML (checked by the
 * JDK's own DOM parser, independent of {@link StorageReader}) and reads back as {@code
 * sanitize(text)}; {@code sanitize} changes exactly the code points XML 1.0 forbids.
 */
class StorageRoundTripPropertyTest {
    private static final int RUNS = 1000;
    private static final String[] TOKENS = {
        "]]>",
        "]]",
        "]",
        ">",
        "<",
        "&",
        "&amp;",
        "&nbsp;",
        "&#0;",
        "&#x1F600;",
        "\"",
        "'",
        "<![CDATA[",
        "-->",
        "<!--",
        "<ac:link>",
        "</p>",
        "<ri:page ri:content-title=\"x\"/>",
        "<!DOCTYPE x [<!ENTITY a \"b\">]>",
        "\r\n",
        "\r",
        "\n",
        "\t",
        "\u0000",
        "\u0008",
        "\u000B",
        "\u001F",
        "\uFFFE",
        "\uFFFF",
        "\uD800",
        "\uDFFF",
        "\uD83D\uDE00",
        "\u2028",
        "\u0085",
        "&lt;",
        " ",
        "   ",
        "CDATA",
        "<?xml version=\"1.0\"?>",
        "%a;"
    };

    @Test
    void anyTextYieldsWellFormedXmlThatReadsBackAsSanitizedText() throws Exception {
        SplittableRandom random = new SplittableRandom(20261123L);
        DocumentBuilder dom = domParser();
        for (int run = 0; run < RUNS; run++) {
            String a = randomText(random);
            String b = randomText(random);
            String c = randomText(random);
            String d = randomText(random);
            String storage = StorageBuilder.create()
                    .paragraph(a)
                    .codeBlock(randomText(random), randomText(random), b)
                    .heading(1 + random.nextInt(6), c)
                    .bulletListOf(d, a)
                    .textTable(List.of(a, b), List.of(List.of(c, d)))
                    .paragraph(Inline.of(
                            Inline.strong(a),
                            Inline.em(b),
                            Inline.code(c),
                            Inline.pageLink(d, nonBlank(a), b),
                            Inline.attachmentLink(nonBlank(c), d),
                            Inline.status(StatusColour.values()[random.nextInt(6)], a),
                            Inline.attachedImage(nonBlank(b), c),
                            Inline.link("https://example.com/?q=" + d, a)))
                    .panel(PanelType.values()[random.nextInt(4)], randomText(random), p -> p.paragraph(b))
                    .build();

            String context = "run " + run + ": " + escapeForMessage(storage);
            Document parsed = dom.parse(new InputSource(new StringReader(wrap(storage))));
            assertThat(parsed.getDocumentElement().getLocalName()).as(context).isEqualTo("root");

            List<String> expected = new ArrayList<>();
            for (String t : List.of(a, b, c, d, a)) {
                addLine(expected, t);
            }
            addLine(expected, joinNonEmpty("\t", a, b));
            addLine(expected, joinNonEmpty("\t", c, d));
            // The inline paragraph: strong a, em b, code c, page link shown as b, attachment link
            // shown as d, status title a, image (no text), link text a. Each piece is sanitised alone.
            addLine(expected, String.join("", sanitized(a, b, c, b, d, a, a)));
            addLine(expected, b);

            assertThat(StorageReader.plainText(storage)).as(context).isEqualTo(String.join("\n", expected));
        }
    }

    @Test
    void sanitizeReplacesExactlyTheCodePointsXmlForbids() {
        SplittableRandom random = new SplittableRandom(7);
        for (int run = 0; run < RUNS; run++) {
            String text = randomText(random);
            String clean = StorageEscaper.sanitize(text);
            // Each forbidden UTF-16 unit becomes exactly one U+FFFD, so lengths match.
            assertThat(clean.length()).isEqualTo(text.length());
            int i = 0;
            int j = 0;
            while (i < text.length()) {
                int cp = text.codePointAt(i);
                boolean pair = Character.isSupplementaryCodePoint(cp);
                int expectedCp = isXmlChar(cp) ? cp : StorageEscaper.REPLACEMENT;
                assertThat(clean.codePointAt(j)).as("run %d index %d", run, i).isEqualTo(expectedCp);
                i += pair ? 2 : 1;
                j += Character.charCount(expectedCp);
            }
        }
    }

    private static List<String> sanitized(String... parts) {
        return java.util.Arrays.stream(parts).map(StorageEscaper::sanitize).toList();
    }

    private static boolean isXmlChar(int cp) {
        return cp == 0x9
                || cp == 0xA
                || cp == 0xD
                || (cp >= 0x20 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }

    private static void addLine(List<String> lines, String text) {
        if (text == null) {
            return;
        }
        String clean = StorageEscaper.sanitize(text);
        if (!clean.isEmpty()) {
            lines.add(clean);
        }
    }

    private static String joinNonEmpty(String sep, String x, String y) {
        String cx = StorageEscaper.sanitize(x);
        String cy = StorageEscaper.sanitize(y);
        if (cx.isEmpty()) {
            return cy;
        }
        return cy.isEmpty() ? cx : cx + sep + cy;
    }

    private static String nonBlank(String s) {
        return s.isBlank() ? "file.txt" : s;
    }

    static String randomText(SplittableRandom random) {
        int parts = random.nextInt(8);
        StringBuilder sb = new StringBuilder();
        for (int p = 0; p < parts; p++) {
            switch (random.nextInt(5)) {
                case 0 -> sb.append(TOKENS[random.nextInt(TOKENS.length)]);
                case 1 -> sb.append((char) random.nextInt(0x10000)); // any UTF-16 unit, lone surrogates included
                case 2 -> sb.appendCodePoint(random.nextInt(0x110000));
                case 3 -> sb.append((char) random.nextInt(0x80));
                default -> sb.append("release ").append(random.nextInt(100));
            }
        }
        return sb.toString();
    }

    static String wrap(String storage) {
        return "<root xmlns:ac=\"" + StorageReader.AC_NAMESPACE + "\" xmlns:ri=\"" + StorageReader.RI_NAMESPACE + "\">"
                + storage + "</root>";
    }

    static DocumentBuilder domParser() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        DocumentBuilder builder = f.newDocumentBuilder();
        builder.setErrorHandler(null);
        return builder;
    }

    private static String escapeForMessage(String s) {
        StringBuilder sb = new StringBuilder();
        s.chars().forEach(ch -> {
            if (ch < 0x20 || ch > 0x7e) {
                sb.append(String.format("\\u%04X", ch));
            } else {
                sb.append((char) ch);
            }
        });
        return sb.toString();
    }
}
