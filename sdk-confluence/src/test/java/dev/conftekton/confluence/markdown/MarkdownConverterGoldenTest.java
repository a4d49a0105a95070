package dev.conftekton.confluence.markdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: each {@code markdown-golden/NAME.md} must convert to exactly {@code NAME.xml}. The
 * source path of every input is {@code guide/NAME.md}. Regenerate after a deliberate change with
 * {@code -Dgolden.update=true} and review the diff.
 */
class MarkdownConverterGoldenTest {
    private static final Map<String, String> TITLES = Map.of(
            "ops/setup.md", "Setting up",
            "guide/sibling.md", "Sibling page",
            "ops", "Operations");

    static Stream<String> inputs() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(dir())) {
            return files
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".md"))
                    .map(n -> n.substring(0, n.length() - 3))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest
    @MethodSource("inputs")
    void convertsToTheGoldenOutput(String name) throws Exception {
        // given
        String markdown = Files.readString(dir().resolve(name + ".md"), StandardCharsets.UTF_8);
        // when
        ConvertedDocument doc = MarkdownConverter.create()
                .convert(markdown, "guide/" + name + ".md", path -> Optional.ofNullable(TITLES.get(path)));
        String actual = describe(doc);
        // then
        Path expectedFile = source().resolve(name + ".xml");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(actual).isEqualTo(Files.readString(dir().resolve(name + ".xml"), StandardCharsets.UTF_8));
        WellFormed.assertWellFormed(doc.storage());
    }

    /** The golden file: metadata as XML comments, then the body with one element start per line. */
    static String describe(ConvertedDocument doc) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!-- title: ")
                .append(doc.title().orElse("(none)"))
                .append(" (")
                .append(doc.titleSource())
                .append(") -->\n");
        sb.append("<!-- labels: ").append(doc.labels()).append(" -->\n");
        for (AttachmentRef a : doc.attachments()) {
            sb.append("<!-- attachment: ")
                    .append(a.sourcePath())
                    .append(" as ")
                    .append(a.fileName())
                    .append(" -->\n");
        }
        sb.append("<!-- page links: ").append(doc.pageLinks()).append(" -->\n");
        for (String w : doc.warnings()) {
            sb.append("<!-- warning: ").append(w.replace("--", "- -")).append(" -->\n");
        }
        sb.append(doc.storage()).append('\n');
        return sb.toString();
    }

    private static Path dir() throws URISyntaxException {
        return Path.of(MarkdownConverterGoldenTest.class
                .getResource("/markdown-golden")
                .toURI());
    }

    private static Path source() {
        return Path.of("src/test/resources/markdown-golden");
    }
}
