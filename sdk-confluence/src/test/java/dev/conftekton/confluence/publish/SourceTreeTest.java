package dev.conftekton.confluence.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceTreeTest {
    @Test
    void directoriesBecomeParentPagesWithIndexOrReadmeAsBody(@TempDir Path dir) throws IOException {
        EmulatorFixture.write(dir, "a/README.md", "# Section A\n\nreadme\n");
        EmulatorFixture.write(dir, "a/page.md", "no heading\n");
        EmulatorFixture.write(dir, "b/c/leaf.md", "# Leaf\n");
        EmulatorFixture.write(dir, ".hidden/x.md", "# Hidden\n");

        SourceTree tree = SourceTree.read(dir, "P: ");

        assertThat(tree.pages())
                .extracting(SourcePage::key, SourcePage::title, SourcePage::depth)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a/", "P: Section A", 0),
                        org.assertj.core.groups.Tuple.tuple("b/", "P: b", 0),
                        org.assertj.core.groups.Tuple.tuple("a/page.md", "P: page", 1),
                        org.assertj.core.groups.Tuple.tuple("b/c/", "P: c", 1),
                        org.assertj.core.groups.Tuple.tuple("b/c/leaf.md", "P: Leaf", 2));
        assertThat(tree.pages().get(1).storage()).isEqualTo(SourceTree.CHILDREN_MACRO);
    }

    @Test
    void duplicateTitlesAndMissingImagesAreReportedTogether(@TempDir Path dir) throws IOException {
        EmulatorFixture.write(dir, "one.md", "# Same\n");
        EmulatorFixture.write(dir, "two.md", "# Same\n\n![x](missing.png)\n");

        assertThatThrownBy(() -> SourceTree.read(dir, ""))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("'Same' is used by both one.md and two.md")
                .hasMessageContaining("two.md: refers to 'missing.png'");
    }

    @Test
    void imageThroughASymbolicLinkOutOfTheTreeIsRefused(@TempDir Path tmp) throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.png"), "not for publishing");
        Path dir = Files.createDirectories(tmp.resolve("docs"));
        Files.createSymbolicLink(dir.resolve("img"), outside);
        EmulatorFixture.write(dir, "a.md", "# A\n\n![x](img/secret.png)\n");

        assertThatThrownBy(() -> SourceTree.read(dir, ""))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("img/secret.png");
    }

    @Test
    void aMarkdownFileOverTheLimitIsAnErrorNamingItNotAnOutOfMemory(@TempDir Path dir) throws IOException {
        // a generated 200 MB file took 5.5 GB of heap and 26 s before the plan said "create"
        EmulatorFixture.write(dir, "ok.md", "# Fine\n");
        Path big = dir.resolve("dump.md");
        try (var out = Files.newOutputStream(big)) {
            byte[] line = "word word word word word word word word word word\n\n".getBytes();
            for (long written = 0; written <= SourceTree.MAX_MARKDOWN_BYTES; written += line.length) {
                out.write(line);
            }
        }

        assertThatThrownBy(() -> SourceTree.read(dir, ""))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("dump.md: larger than 5242880 bytes; split it into several pages");
    }
}
