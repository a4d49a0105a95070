package dev.conftekton.confluence.markdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conftekton.confluence.markdown.ConvertedDocument.TitleSource;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MarkdownConverterTest {
    private final MarkdownConverter converter = MarkdownConverter.create();

    @Test
    void firstHeadingBecomesTheTitleAndLeavesTheBody() {
        ConvertedDocument doc = converter.convert("# Release *notes*\n\nBody.\n");

        assertThat(doc.title()).contains("Release notes");
        assertThat(doc.titleSource()).isEqualTo(TitleSource.FIRST_HEADING);
        assertThat(doc.storage()).isEqualTo("<p>Body.</p>");
    }

    @Test
    void frontMatterTitleWinsAndLabelsAreNormalised() {
        ConvertedDocument doc =
                converter.convert("---\ntitle: 'Ops: runbook'\nlabels:\n  - Ops\n  - on-call\n---\n# H\n");

        assertThat(doc.title()).contains("Ops: runbook");
        assertThat(doc.labels()).containsExactly("ops", "on-call");
        assertThat(doc.storage()).isEqualTo("<h1>H</h1>");
    }

    @Test
    void noHeadingAndNoFrontMatterLeavesTheTitleToTheCaller() {
        ConvertedDocument doc = converter.convert("Just text.\n");

        assertThat(doc.title()).isEmpty();
        assertThat(doc.titleSource()).isEqualTo(TitleSource.NONE);
    }

    @Test
    void invalidLabelIsAClearErrorNamingTheFile() {
        assertThatThrownBy(() ->
                        converter.convert("---\nlabels: [good, bad:label]\n---\n", "a/b.md", PageLinkResolver.NONE))
                .isInstanceOf(MarkdownException.class)
                .hasMessageContaining("a/b.md")
                .hasMessageContaining("bad:label");
    }

    @Test
    void relativePathsResolveInsideTheTreeOnly() {
        assertThat(MarkdownConverter.resolve("a/b", "../c.md")).contains("a/c.md");
        assertThat(MarkdownConverter.resolve("a", "./x/./y.md")).contains("a/x/y.md");
        assertThat(MarkdownConverter.resolve("a", "../../etc/passwd")).isEmpty();
    }

    @Test
    void linkToAPageInTheTreeAsksTheResolverWithTheNormalisedPath() {
        ConvertedDocument doc = converter.convert(
                "[x](../other/page.md)",
                "docs/here.md",
                p -> p.equals("other/page.md") ? Optional.of("Other") : Optional.empty());

        assertThat(doc.storage()).contains("<ri:page ri:content-title=\"Other\"/>");
        assertThat(doc.pageLinks()).containsExactly("other/page.md");
        assertThat(doc.warnings()).isEmpty();
    }
}
