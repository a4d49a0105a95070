package dev.conftekton.testkit.confluence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorageRendererTest {
    @Test
    void linksThatBrowsersReadAsAnotherHostLoseTheirHref() {
        // "/\evil" and "/<TAB>/evil" look like paths of this site, but browsers go to //evil (another host)
        assertThat(StorageRenderer.render("<a href=\"/\\evil.example\">a</a>"))
                .isEqualTo("<a rel=\"noopener noreferrer nofollow\">a</a>");
        assertThat(StorageRenderer.render("<a href=\"/&#x09;/evil.example\">b</a>"))
                .isEqualTo("<a rel=\"noopener noreferrer nofollow\">b</a>");
        assertThat(StorageRenderer.render("<a href=\" /\n/evil.example\">c</a>"))
                .isEqualTo("<a rel=\"noopener noreferrer nofollow\">c</a>");
        assertThat(StorageRenderer.render("<ac:image><ri:url ri:value=\"/\\evil.example/x.png\"/></ac:image>"))
                .isEmpty();
        assertThat(StorageRenderer.render("<a href=\"/wiki/spaces/DEV\">d</a>"))
                .isEqualTo("<a href=\"/wiki/spaces/DEV\" rel=\"noopener noreferrer nofollow\">d</a>");
        assertThat(StorageRenderer.render("<a href=\"&#106;avascript:alert(1)\">e</a>"))
                .isEqualTo("<a rel=\"noopener noreferrer nofollow\">e</a>");
    }

    @Test
    void attributeValuesAreDecodedOnceAndEscapedOnce() {
        // storage is XML: ri:content-title="Q&amp;A" is the title Q&A, shown as Q&amp;A in HTML (not Q&amp;amp;A)
        assertThat(StorageRenderer.render("<ac:link><ri:page ri:content-title=\"Q&amp;A &lt;2026&gt;\"/></ac:link>"))
                .isEqualTo("<span class=\"link\">Q&amp;A &lt;2026&gt; </span>");
        assertThat(StorageRenderer.render("<ac:emoticon ac:name=\"&quot;&gt;x\"/>"))
                .isEqualTo(":&quot;&gt;x:");
        assertThat(StorageRenderer.render("<p title=\"a &amp;amp; b\">t</p>"))
                .isEqualTo("<p title=\"a &amp;amp; b\">t</p>");
        assertThat(StorageRenderer.render("<a href=\"https://x.example/?a=1&amp;b=2\">f</a>"))
                .isEqualTo("<a href=\"https://x.example/?a=1&amp;b=2\" rel=\"noopener noreferrer nofollow\">f</a>");
        assertThat(StorageRenderer.render(
                        "<ac:image><ri:attachment ri:filename=\"R&amp;D.png\"/></ac:image>",
                        file -> file.equals("R&D.png") ? "/att/R%26D.png" : null))
                .isEqualTo("<img src=\"/att/R%26D.png\" alt=\"R&amp;D.png\">");
    }
}
