package dev.conftekton.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.confluence.model.FooterComment;
import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.auth.TokenSource;
import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import dev.conftekton.testkit.confluence.ConfluenceEmulatorExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replies are comments too: Cloud lists a page's root comments only and a comment's replies under it, so listing
 * the comments must walk the threads, or a {@code /reject} written as a reply goes unseen. Data Center lists them all
 * with {@code depth=all}.
 */
@ExtendWith(ConfluenceEmulatorExtension.class)
class CommentRepliesEmulatorTest {

    @Test
    void listsRepliesBelowTheirParentOnCloudAndDataCenter(ConfluenceEmulator emulator) throws Exception {
        ConfluenceClient cloud = ConfluenceClient.newBuilder()
                .siteUrl(emulator.cloudUrl())
                .flavour(Flavour.CLOUD)
                .basicAuth("alice@example.com", Secret.of("alice-api-token"))
                .build();
        ConfluenceClient dataCenter = ConfluenceClient.newBuilder()
                .siteUrl(emulator.baseUrl())
                .flavour(Flavour.DATA_CENTER)
                .tokenSource(TokenSource.of(AccessToken.bearer("alice-pat")))
                .build();
        String pageId = emulator.createPage("alice@example.com", "DEV", "Release 2.0", "<p>notes</p>", null);
        String first = cloud.comments().create(pageId, "<p>/approve</p>").id();
        String reject = reply(emulator, first, "<p>/reject</p>");
        String answer = reply(emulator, reject, "<p>why?</p>");
        String second = cloud.comments().create(pageId, "<p>later</p>").id();

        assertThat(cloud.comments().list(pageId).stream().map(FooterComment::id))
                .containsExactly(first, reject, answer, second);
        assertThat(cloud.comments().list(pageId).stream().filter(c -> c.id().equals(reject)))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.pageId()).isEqualTo(pageId);
                    assertThat(c.parentCommentId()).isEqualTo(first);
                    assertThat(c.authorId()).isEqualTo("557058:bob");
                });
        assertThat(dataCenter.comments().list(pageId).stream().map(FooterComment::id))
                .containsExactlyInAnyOrder(first, reject, answer, second);
    }

    /** A reply by bob, as the Confluence editor would post it (the SDK itself only writes top-level comments). */
    private static String reply(ConfluenceEmulator emulator, String parentId, String storage) throws Exception {
        HttpResponse<String> res = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(emulator.cloudUrl() + "/api/v2/footer-comments"))
                                .header(
                                        "Authorization",
                                        emulator.user("bob@example.com").basicAuthorization())
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"parentCommentId\":\"" + parentId
                                        + "\",\"body\":{\"representation\":\"storage\",\"value\":\"" + storage
                                        + "\"}}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        String body = res.body();
        int at = body.indexOf("\"id\":\"") + 6;
        return body.substring(at, body.indexOf('"', at));
    }
}
