package dev.conftekton.confluence;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.conftekton.confluence.model.NewPage;
import dev.conftekton.confluence.model.Page;
import dev.conftekton.confluence.model.PageSummary;
import dev.conftekton.confluence.model.PageUpdate;
import dev.conftekton.confluence.model.Version;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CloudPagesTest {
    @RegisterExtension
    static final ValidatedConfluence server = new ValidatedConfluence();

    private final ConfluenceClient confluence = TestClients.cloud(server);

    static String page(String id, int version, String title, String body) {
        return """
                {"id":"%s","status":"current","title":"%s","spaceId":"98304","parentId":"65537",
                 "parentType":"page","authorId":"5b10ac8d82e05b22cc7d4ef5","createdAt":"2026-11-20T09:15:00.000Z",
                 "version":{"createdAt":"2026-11-21T10:00:00.000Z","message":"","number":%d,"minorEdit":false,
                            "authorId":"557058:ci-bot"},
                 "body":{"storage":{"representation":"storage","value":"%s"}},
                 "_links":{"base":"https://example.atlassian.net/wiki"}}
                """
                .formatted(id, title, version, body);
    }

    static final String DOCS_SPACE =
            """
            {"results":[{"id":"98304","key":"DOCS","name":"Documentation","type":"global","status":"current",
              "authorId":"5b10ac8d82e05b22cc7d4ef5","createdAt":"2025-01-01T00:00:00.000Z","homepageId":"65537"}],
             "_links":{"base":"https://example.atlassian.net/wiki"}}
            """;

    @Test
    void getsAPageWithBodyVersionLabelsAndProperties() {
        server.wireMock()
                .stubFor(
                        get(urlPathEqualTo("/wiki/api/v2/pages/123"))
                                .willReturn(
                                        okJson(
                                                """
                                {"id":"123","status":"current","title":"Release 1.4","spaceId":"98304",
                                 "parentId":"65537","authorId":"5b10ac8d82e05b22cc7d4ef5",
                                 "createdAt":"2026-11-20T09:15:00.000Z",
                                 "version":{"createdAt":"2026-11-21T10:00:00.000Z","message":"ci: notes",
                                            "number":4,"minorEdit":true,"authorId":"557058:ci-bot"},
                                 "body":{"storage":{"representation":"storage","value":"<p>Shipped &amp; live</p>"}},
                                 "labels":{"results":[{"id":"7","name":"release-notes","prefix":"global"}],
                                           "meta":{"hasMore":false,"cursor":""}},
                                 "properties":{"results":[{"id":"301","key":"conftekton.approval",
                                     "value":{"approved":true,"count":12345678901234567890},
                                     "version":{"number":2,"createdAt":"2026-11-21T10:00:00.000Z",
                                                "message":"","minorEdit":false,"authorId":"557058:ci-bot"}}],
                                     "meta":{"hasMore":false,"cursor":""}}}
                                """)));

        Page page = confluence.pages().get("123", EnumSet.allOf(PageField.class));

        assertThat(page.title()).isEqualTo("Release 1.4");
        assertThat(page.body()).isEqualTo("<p>Shipped &amp; live</p>");
        assertThat(page.version())
                .isEqualTo(new Version(4, "ci: notes", "557058:ci-bot", Instant.parse("2026-11-21T10:00:00Z"), true));
        assertThat(page.authorId()).isEqualTo("5b10ac8d82e05b22cc7d4ef5");
        assertThat(page.createdAt()).isEqualTo(Instant.parse("2026-11-20T09:15:00Z"));
        assertThat(page.parentId()).isEqualTo("65537");
        assertThat(page.labelNames()).containsExactly("release-notes");
        // The property value is the JSON text exactly as sent, big integers included.
        assertThat(page.property("conftekton.approval").orElseThrow().value())
                .isEqualTo("{\"approved\":true,\"count\":12345678901234567890}");
        server.wireMock()
                .verify(getRequestedFor(urlPathEqualTo("/wiki/api/v2/pages/123"))
                        .withQueryParam("body-format", equalTo("storage"))
                        .withQueryParam("include-labels", equalTo("true"))
                        .withQueryParam("include-properties", equalTo("true"))
                        .withHeader(
                                "Authorization",
                                equalTo("Basic "
                                        + java.util.Base64.getEncoder()
                                                .encodeToString((TestClients.EMAIL + ":" + TestClients.API_TOKEN)
                                                        .getBytes()))));
    }

    @Test
    void createsAPageInASpaceGivenByKey() {
        server.wireMock().stubFor(get(urlPathEqualTo("/wiki/api/v2/spaces")).willReturn(okJson(DOCS_SPACE)));
        server.wireMock()
                .stubFor(post(urlPathEqualTo("/wiki/api/v2/pages"))
                        .willReturn(okJson(page("555", 1, "Release 1.5", "<p>hi</p>"))));

        Page created = confluence
                .pages()
                .create(NewPage.inSpace("DOCS", "Release 1.5", "<p>hi</p>").underParent("65537"));

        assertThat(created.id()).isEqualTo("555");
        assertThat(created.version().number()).isEqualTo(1);
        server.wireMock()
                .verify(getRequestedFor(urlPathEqualTo("/wiki/api/v2/spaces")).withQueryParam("keys", equalTo("DOCS")));
        server.wireMock()
                .verify(
                        postRequestedFor(urlPathEqualTo("/wiki/api/v2/pages"))
                                .withRequestBody(
                                        equalToJson(
                                                """
                                {"spaceId":"98304","status":"current","title":"Release 1.5","parentId":"65537",
                                 "body":{"representation":"storage","value":"<p>hi</p>"}}
                                """)));
    }

    @Test
    void updatesWithTheNextVersionNumberKeepingTheTitle() {
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/api/v2/pages/123"))
                        .willReturn(okJson(page("123", 4, "Runbook", "<p>old</p>"))));
        server.wireMock()
                .stubFor(put(urlPathEqualTo("/wiki/api/v2/pages/123"))
                        .willReturn(okJson(page("123", 5, "Runbook", "<p>new</p>"))));

        Page current = confluence.pages().get("123");
        Page updated =
                confluence.pages().update(current, PageUpdate.body("<p>new</p>").withMessage("ci run 42"));

        assertThat(updated.version().number()).isEqualTo(5);
        server.wireMock()
                .verify(
                        putRequestedFor(urlPathEqualTo("/wiki/api/v2/pages/123"))
                                .withRequestBody(
                                        equalToJson(
                                                """
                                {"id":"123","status":"current","title":"Runbook",
                                 "body":{"representation":"storage","value":"<p>new</p>"},
                                 "version":{"number":5,"message":"ci run 42"}}
                                """)));
    }

    @Test
    void updateWithRetryReReadsAndReAppliesAfterAConflict() {
        // Another writer moves the page from version 4 to 5 between our read and our write.
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/api/v2/pages/123"))
                        .inScenario("race")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(okJson(page("123", 4, "Log", "<p>a</p>")))
                        .willSetStateTo("read once"));
        server.wireMock()
                .stubFor(put(urlPathEqualTo("/wiki/api/v2/pages/123"))
                        .inScenario("race")
                        .whenScenarioStateIs("read once")
                        .withRequestBody(matchingJsonPath("$.version.number", equalTo("5")))
                        .willReturn(
                                aResponse()
                                        .withStatus(409)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"errors\":[{\"status\":409,\"code\":\"CONFLICT\","
                                                        + "\"title\":\"Version must be incremented on update. Current version is: 5\"}]}"))
                        .willSetStateTo("conflicted"));
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/api/v2/pages/123"))
                        .inScenario("race")
                        .whenScenarioStateIs("conflicted")
                        .willReturn(okJson(page("123", 5, "Log", "<p>a</p><p>b</p>"))));
        server.wireMock()
                .stubFor(put(urlPathEqualTo("/wiki/api/v2/pages/123"))
                        .inScenario("race")
                        .whenScenarioStateIs("conflicted")
                        .withRequestBody(matchingJsonPath("$.version.number", equalTo("6")))
                        .willReturn(okJson(page("123", 6, "Log", "<p>a</p><p>b</p><p>c</p>"))));

        Page result = confluence.pages().updateWithRetry("123", p -> PageUpdate.body(p.body() + "<p>c</p>"));

        assertThat(result.version().number()).isEqualTo(6);
        // The second write carries the other writer's paragraph: nothing was lost.
        server.wireMock()
                .verify(putRequestedFor(urlPathEqualTo("/wiki/api/v2/pages/123"))
                        .withRequestBody(matchingJsonPath("$.body.value", equalTo("<p>a</p><p>b</p><p>c</p>"))));
    }

    @Test
    void updateWithRetryGivesUpAfterTheConfiguredAttempts() {
        ConfluenceClient twice = TestClients.builder(server, Flavour.CLOUD)
                .basicAuth(TestClients.EMAIL, dev.conftekton.core.auth.Secret.of(TestClients.API_TOKEN))
                .maxConflictAttempts(2)
                .build();
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/api/v2/pages/123"))
                        .willReturn(okJson(page("123", 4, "Log", "<p>a</p>"))));
        server.wireMock()
                .stubFor(put(urlPathEqualTo("/wiki/api/v2/pages/123"))
                        .willReturn(aResponse().withStatus(409)));

        assertThatThrownBy(() -> twice.pages().updateWithRetry("123", p -> PageUpdate.body("x")))
                .isInstanceOf(VersionConflictException.class)
                .hasMessageContaining("after 2 attempts")
                .satisfies(e -> assertThat(((VersionConflictException) e).attemptedVersion())
                        .isEqualTo(5));
        server.wireMock().verify(2, putRequestedFor(urlPathEqualTo("/wiki/api/v2/pages/123")));
    }

    @Test
    void findsAPageByTitleInASpace() {
        server.wireMock().stubFor(get(urlPathEqualTo("/wiki/api/v2/spaces")).willReturn(okJson(DOCS_SPACE)));
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/api/v2/pages"))
                        .willReturn(okJson("{\"results\":["
                                + page("123", 3, "Release notes", "<p/>")
                                        .replace(
                                                "\"base\":\"https://example.atlassian.net/wiki\"",
                                                "\"webui\":\"/spaces/DOCS/pages/123\"")
                                + "],\"_links\":{\"base\":\"https://example.atlassian.net/wiki\"}}")));

        assertThat(confluence.pages().findByTitle("DOCS", "Release notes"))
                .map(Page::id)
                .contains("123");
        server.wireMock()
                .verify(getRequestedFor(urlPathEqualTo("/wiki/api/v2/pages"))
                        .withQueryParam("space-id", equalTo("98304"))
                        .withQueryParam("title", equalTo("Release notes")));
    }

    @Test
    void deletesAPage() {
        server.wireMock()
                .stubFor(delete(urlPathEqualTo("/wiki/api/v2/pages/123"))
                        .willReturn(aResponse().withStatus(204)));

        confluence.pages().delete("123");

        server.wireMock().verify(deleteRequestedFor(urlPathEqualTo("/wiki/api/v2/pages/123")));
    }

    @Test
    void childrenArePagedAcrossSeveralResponsesByCursor() {
        for (int i = 0; i < 3; i++) {
            String next = i < 2
                    ? ",\"_links\":{\"next\":\"/wiki/api/v2/pages/123/children?cursor=c" + (i + 1)
                            + "&limit=100\",\"base\":\"https://example.atlassian.net/wiki\"}"
                    : "";
            var stub = get(urlPathEqualTo("/wiki/api/v2/pages/123/children"));
            stub = i == 0
                    ? stub.withQueryParam("cursor", com.github.tomakehurst.wiremock.client.WireMock.absent())
                    : stub.withQueryParam("cursor", equalTo("c" + i));
            server.wireMock()
                    .stubFor(stub.willReturn(okJson("{\"results\":[{\"id\":\"" + (200 + 2 * i)
                            + "\",\"status\":\"current\",\"title\":\"Child " + (2 * i) + "\",\"spaceId\":\"98304\","
                            + "\"childPosition\":" + (2 * i) + "},{\"id\":\"" + (201 + 2 * i)
                            + "\",\"status\":\"current\",\"title\":\"Child " + (2 * i + 1)
                            + "\",\"spaceId\":\"98304\",\"childPosition\":" + (2 * i + 1) + "}]" + next + "}")));
        }

        List<String> titles = confluence.pages().children("123").stream()
                .map(PageSummary::title)
                .toList();

        assertThat(titles).containsExactly("Child 0", "Child 1", "Child 2", "Child 3", "Child 4", "Child 5");
        server.wireMock().verify(3, getRequestedFor(urlPathEqualTo("/wiki/api/v2/pages/123/children")));
    }

    @Test
    void descendantsAndAncestorsComeFromV1WithTitles() {
        server.wireMock()
                .stubFor(
                        get(urlPathEqualTo("/wiki/rest/api/content/123/descendant/page"))
                                .willReturn(
                                        okJson(
                                                """
                                {"results":[{"id":"301","type":"page","status":"current","title":"Deep",
                                  "space":{"id":98304,"key":"DOCS","name":"Documentation","type":"global",
                                           "status":"current","_expandable":{},"_links":{}}}],
                                 "start":0,"limit":100,"size":1,"_links":{"base":"https://example.atlassian.net/wiki"}}
                                """)));
        server.wireMock()
                .stubFor(
                        get(urlPathEqualTo("/wiki/rest/api/content/123"))
                                .willReturn(
                                        okJson(
                                                """
                                {"id":"123","type":"page","status":"current","title":"Release 1.4",
                                 "ancestors":[{"id":"1","type":"page","status":"current","title":"Home"},
                                              {"id":"65537","type":"page","status":"current","title":"Releases"}],
                                 "_links":{}}
                                """)));

        assertThat(confluence.pages().descendants("123").stream().map(PageSummary::title))
                .containsExactly("Deep");
        assertThat(confluence.pages().ancestors("123"))
                .extracting(PageSummary::id, PageSummary::title)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("1", "Home"),
                        org.assertj.core.groups.Tuple.tuple("65537", "Releases"));
    }

    @Test
    void versionHistoryHasAuthorTimeAndMessage() {
        server.wireMock()
                .stubFor(
                        get(urlPathEqualTo("/wiki/api/v2/pages/123/versions"))
                                .willReturn(
                                        okJson(
                                                """
                                {"results":[
                                  {"createdAt":"2026-11-21T10:00:00.000Z","message":"second","number":2,
                                   "minorEdit":false,"authorId":"557058:ci-bot","page":{"id":"123","title":"Log"}},
                                  {"createdAt":"2026-11-20T09:15:00.000Z","message":"","number":1,
                                   "minorEdit":false,"authorId":"5b10ac8d82e05b22cc7d4ef5","page":{"id":"123","title":"Log"}}],
                                 "_links":{"base":"https://example.atlassian.net/wiki"}}
                                """)));

        List<Version> versions = confluence.pages().versions("123").stream().toList();

        assertThat(versions)
                .containsExactly(
                        new Version(2, "second", "557058:ci-bot", Instant.parse("2026-11-21T10:00:00Z"), false),
                        new Version(1, "", "5b10ac8d82e05b22cc7d4ef5", Instant.parse("2026-11-20T09:15:00Z"), false));
    }

    @Test
    void refusesIdsThatCouldChangeThePathBeforeSendingAnything() {
        assertThatThrownBy(() -> confluence.pages().get("../../admin"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("page id must be a number");
        assertThat(server.wireMock().getAllServeEvents()).isEmpty();
    }
}
