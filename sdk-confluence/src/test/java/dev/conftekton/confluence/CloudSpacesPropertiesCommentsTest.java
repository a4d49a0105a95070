package dev.conftekton.confluence;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.conftekton.confluence.model.ContentProperty;
import dev.conftekton.confluence.model.FooterComment;
import dev.conftekton.confluence.model.Space;
import dev.conftekton.confluence.storage.StorageReader;
import dev.conftekton.core.error.NotFoundException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CloudSpacesPropertiesCommentsTest {
    @RegisterExtension
    static final ValidatedConfluence server = new ValidatedConfluence();

    private final ConfluenceClient confluence = TestClients.cloud(server);

    static String space(String id, String key) {
        return """
                {"id":"%s","key":"%s","name":"Space %s","type":"global","status":"current",
                 "authorId":"5b10ac8d82e05b22cc7d4ef5","createdAt":"2025-01-01T00:00:00.000Z","homepageId":"65537"}
                """
                .formatted(id, key, key);
    }

    static String property(String id, String key, String value, int version) {
        return """
                {"id":"%s","key":"%s","value":%s,
                 "version":{"createdAt":"2026-11-21T10:00:00.000Z","message":"","number":%d,"minorEdit":false,
                            "authorId":"557058:ci-bot"}}
                """
                .formatted(id, key, value, version);
    }

    @Test
    void findsSpacesByKeyAndByIdAndListsThemAcrossPages() {
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/api/v2/spaces"))
                        .withQueryParam("keys", equalTo("DOCS"))
                        .willReturn(okJson("{\"results\":[" + space("98304", "DOCS") + "],\"_links\":{}}")));
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/api/v2/spaces/98304")).willReturn(okJson(space("98304", "DOCS"))));
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/api/v2/spaces"))
                        .withQueryParam("keys", absent())
                        .withQueryParam("cursor", absent())
                        .willReturn(okJson("{\"results\":[" + space("1", "A") + "," + space("2", "B")
                                        + "],\"_links\":{\"next\":\"/wiki/api/v2/spaces?limit=100&cursor=abc\"}}")
                                .withHeader("Link", "</wiki/api/v2/spaces?limit=100&cursor=abc>; rel=\"next\"")));
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/api/v2/spaces"))
                        .withQueryParam("cursor", equalTo("abc"))
                        .willReturn(okJson("{\"results\":[" + space("3", "C") + "],\"_links\":{}}")));

        Space byKey = confluence.spaces().byKey("DOCS");
        Space byId = confluence.spaces().byId("98304");
        List<String> keys = confluence.spaces().list().stream().map(Space::key).toList();

        assertThat(byKey).isEqualTo(byId);
        assertThat(byKey.homepageId()).isEqualTo("65537");
        assertThat(keys).containsExactly("A", "B", "C");
    }

    @Test
    void aMissingSpaceKeyIsANotFoundErrorNamingTheSpace() {
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/api/v2/spaces"))
                        .willReturn(okJson("{\"results\":[],\"_links\":{}}")));

        assertThatThrownBy(() -> confluence.spaces().byKey("NOPE"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("space NOPE does not exist");
    }

    @Test
    void readsCreatesUpdatesAndDeletesPropertiesById() {
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/api/v2/pages/123/properties"))
                        .withQueryParam("key", equalTo("release"))
                        .willReturn(okJson("{\"results\":[" + property("301", "release", "{\"n\": 1.50}", 3)
                                + "],\"_links\":{}}")));
        server.wireMock()
                .stubFor(post(urlPathEqualTo("/wiki/api/v2/pages/123/properties"))
                        .willReturn(okJson(property("302", "approvals", "[\"alice\"]", 1))));
        server.wireMock()
                .stubFor(put(urlPathEqualTo("/wiki/api/v2/pages/123/properties/301"))
                        .willReturn(okJson(property("301", "release", "{\"n\":2}", 4))));
        server.wireMock()
                .stubFor(delete(urlPathEqualTo("/wiki/api/v2/pages/123/properties/301"))
                        .willReturn(aResponse().withStatus(204)));

        ContentProperty current = confluence.properties().get("123", "release").orElseThrow();
        ContentProperty created = confluence.properties().create("123", "approvals", "[\"alice\"]");
        ContentProperty updated = confluence.properties().update("123", current, "{\"n\":2}");
        confluence.properties().delete("123", updated);

        assertThat(current.value()).isEqualTo("{\"n\": 1.50}"); // byte-exact, no re-encoding
        assertThat(current.version()).isEqualTo(3);
        assertThat(created.id()).isEqualTo("302");
        assertThat(updated.version()).isEqualTo(4);
        server.wireMock()
                .verify(postRequestedFor(urlPathEqualTo("/wiki/api/v2/pages/123/properties"))
                        .withRequestBody(equalToJson("{\"key\":\"approvals\",\"value\":[\"alice\"]}")));
        server.wireMock()
                .verify(putRequestedFor(urlPathEqualTo("/wiki/api/v2/pages/123/properties/301"))
                        .withRequestBody(
                                equalToJson("{\"key\":\"release\",\"value\":{\"n\":2},\"version\":{\"number\":4}}")));
        server.wireMock().verify(deleteRequestedFor(urlPathEqualTo("/wiki/api/v2/pages/123/properties/301")));
    }

    @Test
    void refusesAPropertyValueThatIsNotJson() {
        assertThatThrownBy(() -> confluence.properties().create("123", "k", "{not json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
        assertThat(server.wireMock().getAllServeEvents()).isEmpty();
    }

    @Test
    void propertyUpdateWithRetryCreatesWhenAbsentAndReAppliesAfterAConcurrentCreate() {
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/api/v2/pages/123/properties"))
                        .inScenario("create race")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(okJson("{\"results\":[],\"_links\":{}}")));
        server.wireMock()
                .stubFor(post(urlPathEqualTo("/wiki/api/v2/pages/123/properties"))
                        .inScenario("create race")
                        .whenScenarioStateIs(Scenario.STARTED)
                        // The v2 description declares no body for 400, so the fixture has none.
                        .willReturn(aResponse().withStatus(400))
                        .willSetStateTo("exists"));
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/api/v2/pages/123/properties"))
                        .inScenario("create race")
                        .whenScenarioStateIs("exists")
                        .willReturn(okJson(
                                "{\"results\":[" + property("302", "approvals", "[\"bob\"]", 1) + "],\"_links\":{}}")));
        server.wireMock()
                .stubFor(put(urlPathEqualTo("/wiki/api/v2/pages/123/properties/302"))
                        .inScenario("create race")
                        .whenScenarioStateIs("exists")
                        .willReturn(okJson(property("302", "approvals", "[\"bob\",\"alice\"]", 2))));

        ContentProperty result = confluence.properties().updateWithRetry("123", "approvals", current -> current.map(
                        p -> p.value().replace("]", ",\"alice\"]"))
                .orElse("[\"alice\"]"));

        assertThat(result.value()).isEqualTo("[\"bob\",\"alice\"]");
        server.wireMock()
                .verify(putRequestedFor(urlPathEqualTo("/wiki/api/v2/pages/123/properties/302"))
                        .withRequestBody(equalToJson(
                                "{\"key\":\"approvals\",\"value\":[\"bob\",\"alice\"],\"version\":{\"number\":2}}")));
    }

    @Test
    void listsFooterCommentsWithAuthorTimeVersionAndBody() {
        server.wireMock()
                .stubFor(
                        get(urlPathEqualTo("/wiki/api/v2/pages/123/footer-comments"))
                                .willReturn(
                                        okJson(
                                                """
                                {"results":[
                                  {"id":"900","status":"current","title":"Re: Release","pageId":"123",
                                   "version":{"createdAt":"2026-11-22T08:00:00.000Z","message":"","number":1,
                                              "minorEdit":false,"authorId":"approver-1"},
                                   "body":{"storage":{"representation":"storage","value":"<p>/approve</p>"}},
                                   "_links":{"webui":"/spaces/DOCS/pages/123?focusedCommentId=900"}},
                                  {"id":"901","status":"current","title":"Re: Release","pageId":"123",
                                   "version":{"createdAt":"2026-11-22T09:30:00.000Z","message":"","number":2,
                                              "minorEdit":false,"authorId":"approver-2"},
                                   "body":{"storage":{"representation":"storage","value":"<p>edited</p>"}},
                                   "_links":{}}],
                                 "_links":{"base":"https://example.atlassian.net/wiki"}}
                                """)));

        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/api/v2/footer-comments/901/children"))
                        .willReturn(okJson("{\"results\":[],\"_links\":{}}")));
        server.wireMock()
                .stubFor(
                        get(urlPathEqualTo("/wiki/api/v2/footer-comments/900/children"))
                                .willReturn(
                                        okJson(
                                                """
                                {"results":[
                                  {"id":"902","status":"current","title":"Re: Release","parentCommentId":"900",
                                   "version":{"createdAt":"2026-11-22T08:30:00.000Z","message":"","number":1,
                                              "minorEdit":false,"authorId":"approver-3"},
                                   "body":{"storage":{"representation":"storage","value":"<p>/reject</p>"}},
                                   "_links":{}}],
                                 "_links":{}}
                                """)));
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/api/v2/footer-comments/902/children"))
                        .willReturn(okJson("{\"results\":[],\"_links\":{}}")));

        List<FooterComment> comments =
                confluence.comments().list("123").stream().toList();

        // Cloud lists the root comments on the page; a reply comes from its parent's children, right after it.
        assertThat(comments).extracting(FooterComment::id).containsExactly("900", "902", "901");
        FooterComment reply = comments.get(1);
        assertThat(reply.pageId()).isEqualTo("123");
        assertThat(reply.parentCommentId()).isEqualTo("900");
        assertThat(StorageReader.plainText(reply.body())).isEqualTo("/reject");
        comments = List.of(comments.get(0), comments.get(2));
        assertThat(comments).hasSize(2);
        assertThat(comments.get(0).authorId()).isEqualTo("approver-1");
        assertThat(comments.get(0).createdAt()).isEqualTo(Instant.parse("2026-11-22T08:00:00Z"));
        assertThat(StorageReader.plainText(comments.get(0).body())).isEqualTo("/approve");
        assertThat(comments.get(0).edited()).isFalse();
        assertThat(comments.get(1).edited()).isTrue();
        server.wireMock()
                .verify(getRequestedFor(urlPathEqualTo("/wiki/api/v2/pages/123/footer-comments"))
                        .withQueryParam("body-format", equalTo("storage")));
        server.wireMock()
                .verify(getRequestedFor(urlPathEqualTo("/wiki/api/v2/footer-comments/900/children"))
                        .withQueryParam("body-format", equalTo("storage")));
    }

    @Test
    void createsAFooterComment() {
        server.wireMock()
                .stubFor(
                        post(urlPathEqualTo("/wiki/api/v2/footer-comments"))
                                .willReturn(
                                        aResponse()
                                                .withStatus(201)
                                                .withHeader("Content-Type", "application/json")
                                                .withBody(
                                                        """
                                        {"id":"950","status":"current","title":"Re: Release","pageId":"123",
                                         "version":{"createdAt":"2026-11-22T10:00:00.000Z","message":"","number":1,
                                                    "minorEdit":false,"authorId":"557058:ci-bot"},
                                         "body":{"storage":{"representation":"storage","value":"<p>Deployed</p>"}},
                                         "_links":{"base":"https://example.atlassian.net/wiki"}}
                                        """)));

        FooterComment c = confluence.comments().create("123", "<p>Deployed</p>");

        assertThat(c.id()).isEqualTo("950");
        assertThat(c.pageId()).isEqualTo("123");
        server.wireMock()
                .verify(
                        postRequestedFor(urlPathEqualTo("/wiki/api/v2/footer-comments"))
                                .withRequestBody(
                                        equalToJson(
                                                "{\"pageId\":\"123\",\"body\":{\"representation\":\"storage\",\"value\":\"<p>Deployed</p>\"}}")));
        assertThat(Optional.of(c.body())).contains("<p>Deployed</p>");
    }
}
