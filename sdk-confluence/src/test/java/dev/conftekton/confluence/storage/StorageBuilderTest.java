package dev.conftekton.confluence.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conftekton.core.error.DecodingException;
import java.util.List;
import org.junit.jupiter.api.Test;

class StorageBuilderTest {

    @Test
    void writesConfluenceMarkupForEveryBlockKind() {
        String storage = StorageBuilder.create()
                .heading(2, "Notes & <more>")
                .paragraph(Inline.of(Inline.strong("a"), Inline.em("b"), Inline.code("c<d>"), Inline.lineBreak()))
                .orderedListOf("one", "two")
                .textTable(List.of("k"), List.of(List.of("v")))
                .horizontalRule()
                .build();

        assertThat(storage)
                .isEqualTo("<h2>Notes &amp; &lt;more&gt;</h2>"
                        + "<p><strong>a</strong><em>b</em><code>c&lt;d&gt;</code><br/></p>"
                        + "<ol><li>one</li><li>two</li></ol>"
                        + "<table><tbody><tr><th>k</th></tr><tr><td>v</td></tr></tbody></table>"
                        + "<hr/>");
    }

    @Test
    void codeMacroCarriesLanguageAndTitleAndSplitsCdataTerminator() {
        String storage = StorageBuilder.create()
                .codeBlock("java", "A \"quoted\" title", "a]]>b")
                .build();

        assertThat(storage)
                .isEqualTo("<ac:structured-macro ac:name=\"code\" ac:schema-version=\"1\">"
                        + "<ac:parameter ac:name=\"title\">A \"quoted\" title</ac:parameter>"
                        + "<ac:parameter ac:name=\"language\">java</ac:parameter>"
                        + "<ac:plain-text-body><![CDATA[a]]]]><![CDATA[>b]]></ac:plain-text-body>"
                        + "</ac:structured-macro>");
        assertThat(StorageReader.plainText(storage)).isEqualTo("a]]>b");
    }

    @Test
    void linksPointAtPagesAttachmentsAndImagesWithEscapedAttributes() {
        String storage = StorageBuilder.create()
                .paragraph(
                        Inline.pageLink("DOCS", "Runbook \"v2\" & <co>", "the runbook"),
                        Inline.attachmentLink("report's.pdf", null),
                        Inline.attachedImage("chart.png", "Chart"),
                        Inline.imageUrl("https://example.com/a.png?x=1&y=2", null))
                .build();

        assertThat(storage)
                .contains("<ac:link><ri:page ri:space-key=\"DOCS\" ri:content-title=\"Runbook &quot;v2&quot; &amp;"
                        + " &lt;co&gt;\"/><ac:plain-text-link-body><![CDATA[the runbook]]></ac:plain-text-link-body>"
                        + "</ac:link>")
                .contains("<ac:link><ri:attachment ri:filename=\"report&#39;s.pdf\"/></ac:link>")
                .contains("<ac:image ac:alt=\"Chart\"><ri:attachment ri:filename=\"chart.png\"/></ac:image>")
                .contains("<ri:url ri:value=\"https://example.com/a.png?x=1&amp;y=2\"/>");
        assertThat(StorageReader.plainText(storage)).isEqualTo("the runbookreport's.pdf");
    }

    @Test
    void statusLozengeAndPanelsUseConfluenceMacroNames() {
        String storage = StorageBuilder.create()
                .paragraph(Inline.status(StatusColour.GREEN, "APPROVED"))
                .warning("Careful", "Downtime expected")
                .panel(PanelType.TIP, null, b -> b.paragraph("Use --dry-run"))
                .build();

        assertThat(storage)
                .contains("<ac:structured-macro ac:name=\"status\" ac:schema-version=\"1\">"
                        + "<ac:parameter ac:name=\"colour\">Green</ac:parameter>"
                        + "<ac:parameter ac:name=\"title\">APPROVED</ac:parameter></ac:structured-macro>")
                .contains("<ac:structured-macro ac:name=\"warning\" ac:schema-version=\"1\">"
                        + "<ac:parameter ac:name=\"title\">Careful</ac:parameter>"
                        + "<ac:rich-text-body><p>Downtime expected</p></ac:rich-text-body></ac:structured-macro>")
                .contains("ac:name=\"tip\"");
        assertThat(StorageReader.plainText(storage)).isEqualTo("APPROVED\nDowntime expected\nUse --dry-run");
    }

    @Test
    void controlCharactersBecomeReplacementCharactersAndCarriageReturnsSurvive() {
        String storage =
                StorageBuilder.create().paragraph("a\u0000b\r\nc\uD800").build();

        assertThat(storage).isEqualTo("<p>a\uFFFDb&#13;\nc\uFFFD</p>");
        assertThat(StorageReader.plainText(storage)).isEqualTo("a\uFFFDb\r\nc\uFFFD");
    }

    @Test
    void refusesScriptUrlsInLinksAndImages() {
        assertThatThrownBy(() -> Inline.link("javascript:alert(1)", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("javascript");
        assertThatThrownBy(() -> Inline.link(" JavaScript:alert(1)", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Inline.link("java\nscript:alert(1)", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Inline.imageUrl("data:image/png;base64,AAAA", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Inline.link("/wiki/spaces/DOCS", null)).isNotNull();
        assertThat(Inline.link("mailto:ops@example.com", "ops")).isNotNull();
    }

    @Test
    void rejectsHeadingLevelsOutsideOneToSix() {
        assertThatThrownBy(() -> StorageBuilder.create().heading(7, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 6");
    }

    @Test
    void readerUnderstandsRealConfluenceBodies() {
        String fromConfluence =
                "<p>Looks good&nbsp;&mdash; <ac:link><ri:user ri:account-id=\"5b10ac8d82e05b22cc7d4ef5\"/>"
                        + "</ac:link> approved</p>\n<ac:task-list>\n<ac:task><ac:task-id>1</ac:task-id>"
                        + "<ac:task-status>complete</ac:task-status><ac:task-body>ship</ac:task-body></ac:task>\n</ac:task-list>"
                        + "<table><tbody>\n<tr><td><p>k</p></td><td><p>v</p></td></tr></tbody></table>";

        assertThat(StorageReader.plainText(fromConfluence))
                .isEqualTo("Looks good\u00A0\u2014 @5b10ac8d82e05b22cc7d4ef5 approved\nship\nk\tv");
    }

    @Test
    void readerRefusesDoctypesAndExternalEntities() {
        String xxe = "<!DOCTYPE p [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><p>&x;</p>";

        assertThatThrownBy(() -> StorageReader.plainText(xxe))
                .isInstanceOf(DecodingException.class)
                .hasMessageContaining("not well-formed");
        assertThatThrownBy(() -> StorageReader.plainText("<p>&x;</p>")).isInstanceOf(DecodingException.class);
    }

    @Test
    void readerReportsWhereMalformedInputBreaks() {
        assertThatThrownBy(() -> StorageReader.plainText("<p>open"))
                .isInstanceOf(DecodingException.class)
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> StorageReader.plainText("</conftekton-storage><x/>"))
                .isInstanceOf(DecodingException.class);
    }

    @Test
    void namedReferencesInsideCdataStayLiteral() {
        String storage =
                StorageBuilder.create().codeBlock(null, null, "echo '&nbsp;'").build();

        assertThat(StorageReader.plainText(storage)).isEqualTo("echo '&nbsp;'");
    }
}
