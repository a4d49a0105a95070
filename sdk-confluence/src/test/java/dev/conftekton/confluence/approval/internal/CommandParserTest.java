package dev.conftekton.confluence.approval.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.confluence.approval.internal.CommandParser.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserTest {
    private static final String HEX = "0123456789abcdef".repeat(4);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<p>/approve</p>",
                "/approve",
                "<p> /approve&nbsp;</p>",
                "<p>/approve<br/>Looks good, ship it.</p>",
                "<p local-id=\"abc\">/approve</p><p>more text</p>",
                "\n<p>/approve</p>",
                "/approve<p>second paragraph</p>",
                "<p>&#47;approve</p>",
            })
    void recognisesAPlainApprove(String body) {
        assertThat(CommandParser.parse(body)).isEqualTo(new Result.Approve(null));
    }

    @Test
    void recognisesAPinnedApproveAndNormalisesTheHex() {
        assertThat(CommandParser.parse("<p>/approve sha256:" + HEX.toUpperCase() + "</p>"))
                .isEqualTo(new Result.Approve("sha256:" + HEX));
        assertThat(CommandParser.parse("<p>/approve&nbsp;&nbsp;sha256:" + HEX + "</p>"))
                .isEqualTo(new Result.Approve("sha256:" + HEX));
    }

    @Test
    void recognisesRejectWithAndWithoutAReason() {
        assertThat(CommandParser.parse("<p>/reject</p>")).isEqualTo(new Result.Reject(""));
        assertThat(CommandParser.parse("<p>/reject  the migration   is not reversible</p>"))
                .isEqualTo(new Result.Reject("the migration is not reversible"));
        assertThat(CommandParser.parse("<p>/reject a &amp; b</p>")).isEqualTo(new Result.Reject("a & b"));
    }

    @Test
    void capsTheRejectReason() {
        Result r = CommandParser.parse("<p>/reject " + "x".repeat(5000) + "</p>");
        assertThat(((Result.Reject) r).reason()).hasSize(500);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<blockquote><p>/approve</p></blockquote>",
                "<ac:structured-macro ac:name=\"code\"><ac:plain-text-body><![CDATA[/approve]]></ac:plain-text-body></ac:structured-macro>",
                "<pre>/approve</pre>",
                "<p><code>/approve</code></p>",
                "<p><strong>/approve</strong></p>",
                "<p>/app<!-- x -->rove</p>",
                "<p><![CDATA[/approve]]></p>",
                "<p>Please review.</p><p>/approve</p>",
                "<p>I will /approve later</p>",
                "<p><br/>/approve</p>",
                "<ul><li>/approve</li></ul>",
                "<table><tr><td>/approve</td></tr></table>",
                "<h1>/approve</h1>",
                "<p><ac:link><ri:user ri:account-id=\"x\"/></ac:link> /approve</p>",
                "<p>/approve",
                "<p>/approve</p",
                "",
            })
    void ignoresTheCommandAnywhereButAPlainFirstLine(String body) {
        assertThat(CommandParser.parse(body))
                .isNotInstanceOf(Result.Approve.class)
                .isNotInstanceOf(Result.Reject.class);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "<p>\uFF0Fapprove</p>|only looks like '/'",
                "<p>\u2215approve</p>|only looks like '/'",
                "<p>\u2044approve</p>|only looks like '/'",
                "<p>\\approve</p>|only looks like '/'",
                "<p>/Approve</p>|lower case",
                "<p>/APPROVE</p>|lower case",
                "<p>/app\u200Brove</p>|lower case",
                "<p>\u200B/approve</p>|only looks like '/'",
                "<p>/approve please</p>|exactly '/approve'",
                "<p>/approved</p>|exactly '/approve'",
                "<p>/approve sha256:abc</p>|exactly '/approve'",
                "<p>/approve sha512:" + "00" + "</p>|exactly '/approve'",
                "<p>/rejected</p>|'/reject <reason>'",
            })
    void reportsLookalikesWithTheRuleTheyBreak(String body, String why) {
        Result r = CommandParser.parse(body);

        assertThat(r).isInstanceOf(Result.Lookalike.class);
        assertThat(((Result.Lookalike) r).why()).contains(why);
    }

    @Test
    void ordinaryCommentsAreNotCommandsNorLookalikes() {
        assertThat(CommandParser.parse("<p>Looks good to me</p>")).isEqualTo(new Result.None());
        assertThat(CommandParser.parse("<p>see /docs/approve.md</p>")).isEqualTo(new Result.None());
    }

    @Test
    void hostileBodiesDoNotBreakTheParser() {
        assertThat(CommandParser.parse(null)).isEqualTo(new Result.None());
        assertThat(CommandParser.parse("<".repeat(100_000))).isEqualTo(new Result.None());
        assertThat(CommandParser.parse("<p>" + "&".repeat(100_000))).isEqualTo(new Result.None());
        assertThat(CommandParser.parse("<p>/approve&#xFFFFFFFF;</p>")).isNotEqualTo(new Result.Approve(null));
        assertThat(CommandParser.parse("<p>" + " ".repeat(70_000) + "/approve</p>"))
                .isEqualTo(new Result.None());
    }
}
