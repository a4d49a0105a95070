package dev.conftekton.confluence;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
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

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.conftekton.confluence.model.Attachment;
import dev.conftekton.confluence.model.ContentProperty;
import dev.conftekton.confluence.model.ContentState;
import dev.conftekton.confluence.model.FooterComment;
import dev.conftekton.confluence.model.Group;
import dev.conftekton.confluence.model.Label;
import dev.conftekton.confluence.model.NewPage;
import dev.conftekton.confluence.model.Page;
import dev.conftekton.confluence.model.PageSummary;
import dev.conftekton.confluence.model.PageUpdate;
import dev.conftekton.confluence.model.SearchResult;
import dev.conftekton.confluence.model.Space;
import dev.conftekton.confluence.model.User;
import dev.conftekton.confluence.model.Version;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every operation against Data Center: v1 without /wiki, under a context path, with a bearer PAT. */
class DataCenterTest {
    @RegisterExtension
    static final ValidatedConfluence server = new ValidatedConfluence();

    static final String API = "/confluence/rest/api";

    private final ConfluenceClient confluence = TestClients.dataCenter(server, "/confluence");

    static final String SPACE =
            """
            {"id":98304,"key":"DOCS","name":"Documentation","type":"global","status":"current",
             "homepage":{"id":"65537","type":"page","status":"current","title":"Home"},
             "_expandable":{},"_links":{"self":"https://dc.example/confluence/rest/api/space/DOCS"}}
            """;

    static String user(String key, String name) {
        return "{\"type\":\"known\",\"username\":\"" + name + "\",\"userKey\":\"" + key + "\",\"displayName\":\"" + name
                + "\"}";
    }

    static String page(String id, int version, String title, String body) {
        return """
                {"id":"%s","type":"page","status":"current","title":"%s",
                 "space":{"id":98304,"key":"DOCS","name":"Documentation","type":"global","status":"current",
                          "_expandable":{},"_links":{}},
                 "history":{"latest":true,"createdBy":%s,"createdDate":"2026-11-20T09:15:00.000Z"},
                 "version":{"by":%s,"when":"2026-11-21T10:00:00.000Z","number":%d,"minorEdit":false,"message":""},
                 "ancestors":[{"id":"65537","type":"page","status":"current","title":"Home"}],
                 "body":{"storage":{"value":"%s","representation":"storage"}},
                 "metadata":{"labels":{"results":[{"prefix":"global","name":"runbook","id":"11","label":"runbook"}],
                                       "size":1}},
                 "_links":{"webui":"/display/DOCS/Runbook"}}
                """
                .formatted(id, title, user("8a7f808a", "alice"), user("8a7f808b", "ci"), version, body);
    }

    @Test
    void readsSpacesByKeyAndPagesWithPropertiesUsingTheBearerToken() {
        server.wireMock().stubFor(get(urlPathEqualTo(API + "/space/DOCS")).willReturn(okJson(SPACE)));
        server.wireMock()
                .stubFor(get(urlPathEqualTo(API + "/content/123"))
                        .willReturn(okJson(page("123", 4, "Runbook", "<p>x</p>"))));
        server.wireMock()
                .stubFor(
                        get(urlPathEqualTo(API + "/content/123/property"))
                                .willReturn(
                                        okJson(
                                                """
                                {"results":[{"id":"77","key":"owner","value":{"team":"sre"},
                                  "version":{"when":"2026-11-21T10:00:00.000Z","message":"","number":2,"minorEdit":true},
                                  "_links":{}}],"start":0,"limit":100,"size":1,"_links":{}}
                                """)));

        Space space = confluence.spaces().byKey("DOCS");
        Page page = confluence.pages().get("123", EnumSet.allOf(PageField.class));

        assertThat(space.id()).isEqualTo("98304");
        assertThat(space.homepageId()).isEqualTo("65537");
        assertThat(page.spaceKey()).isEqualTo("DOCS");
        assertThat(page.parentId()).isEqualTo("65537");
        assertThat(page.authorId()).isEqualTo("8a7f808a");
        assertThat(page.version().authorId()).isEqualTo("8a7f808b");
        assertThat(page.labelNames()).containsExactly("runbook");
        assertThat(page.property("owner").orElseThrow().value()).isEqualTo("{\"team\":\"sre\"}");
        server.wireMock()
                .verify(getRequestedFor(urlPathEqualTo(API + "/content/123"))
                        .withHeader("Authorization", equalTo("Bearer dc-pat-secret-value"))
                        .withQueryParam(
                                "expand", equalTo("version,space,ancestors,history,body.storage,metadata.labels")));
    }

    @Test
    void createsFindsUpdatesAndDeletesPagesThroughContentShapes() {
        server.wireMock()
                .stubFor(post(urlPathEqualTo(API + "/content")).willReturn(okJson(page("555", 1, "New", "<p>n</p>"))));
        server.wireMock()
                .stubFor(get(urlPathEqualTo(API + "/content"))
                        .willReturn(okJson("{\"results\":[" + page("555", 1, "New", "<p>n</p>")
                                + "],\"start\":0,\"limit\":25,\"size\":1,\"_links\":{}}")));
        server.wireMock()
                .stubFor(put(urlPathEqualTo(API + "/content/555"))
                        .willReturn(okJson(page("555", 2, "New", "<p>m</p>"))));
        server.wireMock()
                .stubFor(delete(urlPathEqualTo(API + "/content/555"))
                        .willReturn(aResponse().withStatus(204)));

        Page created = confluence
                .pages()
                .create(NewPage.inSpace("DOCS", "New", "<p>n</p>").underParent("65537"));
        Page found = confluence.pages().findByTitle("DOCS", "New").orElseThrow();
        Page updated = confluence.pages().update(found, PageUpdate.body("<p>m</p>"));
        confluence.pages().delete("555");

        assertThat(created.id()).isEqualTo("555");
        assertThat(updated.version().number()).isEqualTo(2);
        server.wireMock()
                .verify(
                        postRequestedFor(urlPathEqualTo(API + "/content"))
                                .withRequestBody(
                                        equalToJson(
                                                """
                                {"type":"page","title":"New","space":{"key":"DOCS"},"status":"current",
                                 "ancestors":[{"id":"65537"}],
                                 "body":{"storage":{"value":"<p>n</p>","representation":"storage"}}}
                                """)));
        server.wireMock()
                .verify(getRequestedFor(urlPathEqualTo(API + "/content"))
                        .withQueryParam("spaceKey", equalTo("DOCS"))
                        .withQueryParam("title", equalTo("New"))
                        .withQueryParam("type", equalTo("page")));
        server.wireMock()
                .verify(
                        putRequestedFor(urlPathEqualTo(API + "/content/555"))
                                .withRequestBody(
                                        equalToJson(
                                                """
                                {"version":{"number":2},"title":"New","type":"page","status":"current",
                                 "body":{"storage":{"value":"<p>m</p>","representation":"storage"}}}
                                """)));
        server.wireMock().verify(deleteRequestedFor(urlPathEqualTo(API + "/content/555")));
    }

    @Test
    void updateWithRetryReAppliesAfterAConflict() {
        server.wireMock()
                .stubFor(get(urlPathEqualTo(API + "/content/123"))
                        .inScenario("race")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(okJson(page("123", 4, "Log", "<p>a</p>"))));
        server.wireMock()
                .stubFor(put(urlPathEqualTo(API + "/content/123"))
                        .inScenario("race")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(aResponse().withStatus(409))
                        .willSetStateTo("conflicted"));
        server.wireMock()
                .stubFor(get(urlPathEqualTo(API + "/content/123"))
                        .inScenario("race")
                        .whenScenarioStateIs("conflicted")
                        .willReturn(okJson(page("123", 5, "Log", "<p>a</p><p>b</p>"))));
        server.wireMock()
                .stubFor(put(urlPathEqualTo(API + "/content/123"))
                        .inScenario("race")
                        .whenScenarioStateIs("conflicted")
                        .willReturn(okJson(page("123", 6, "Log", "<p>a</p><p>b</p><p>c</p>"))));

        Page result = confluence.pages().updateWithRetry("123", p -> PageUpdate.body(p.body() + "<p>c</p>"));

        assertThat(result.version().number()).isEqualTo(6);
        server.wireMock()
                .verify(putRequestedFor(urlPathEqualTo(API + "/content/123"))
                        .withRequestBody(matchingJsonPath("$.version.number", equalTo("6")))
                        .withRequestBody(
                                matchingJsonPath("$.body.storage.value", equalTo("<p>a</p><p>b</p><p>c</p>"))));
    }

    @Test
    void walksTheTreeWithOffsetPagingAndReadsHistory() {
        server.wireMock()
                .stubFor(
                        get(urlPathEqualTo(API + "/content/123/child/page"))
                                .withQueryParam("start", absent())
                                .willReturn(
                                        okJson(
                                                """
                                {"results":[{"id":"201","type":"page","status":"current","title":"One"}],
                                 "start":0,"limit":1,"size":1,
                                 "_links":{"next":"/rest/api/content/123/child/page?expand=space&limit=1&start=1",
                                           "base":"https://dc.example/confluence","context":"/confluence"}}
                                """)));
        server.wireMock()
                .stubFor(
                        get(urlPathEqualTo(API + "/content/123/child/page"))
                                .withQueryParam("start", equalTo("1"))
                                .willReturn(
                                        okJson(
                                                """
                                {"results":[{"id":"202","type":"page","status":"current","title":"Two"}],
                                 "start":1,"limit":1,"size":1,"_links":{}}
                                """)));
        server.wireMock()
                .stubFor(
                        get(urlPathEqualTo(API + "/content/123/descendant/page"))
                                .willReturn(
                                        okJson(
                                                """
                                {"results":[{"id":"301","type":"page","status":"current","title":"Deep"}],
                                 "start":0,"limit":100,"size":1,"_links":{}}
                                """)));
        server.wireMock()
                .stubFor(
                        get(urlPathEqualTo(API + "/content/123/version"))
                                .willReturn(
                                        okJson(
                                                """
                                {"results":[{"by":{"type":"known","username":"ci","userKey":"8a7f808b"},
                                             "when":"2026-11-21T10:00:00.000Z","number":2,"minorEdit":false,
                                             "message":"second"}],
                                 "start":0,"limit":100,"size":1,"_links":{}}
                                """)));

        List<String> children = confluence.pages().children("123").stream()
                .map(PageSummary::title)
                .toList();
        List<String> descendants = confluence.pages().descendants("123").stream()
                .map(PageSummary::title)
                .toList();
        List<Version> versions = confluence.pages().versions("123").stream().toList();

        assertThat(children).containsExactly("One", "Two");
        assertThat(descendants).containsExactly("Deep");
        assertThat(versions)
                .containsExactly(new Version(2, "second", "8a7f808b", Instant.parse("2026-11-21T10:00:00Z"), false));
    }

    @Test
    void managesPropertiesByKey() {
        String prop =
                """
                {"id":"77","key":"state","value":{"stage":"%s"},
                 "version":{"when":"2026-11-21T10:00:00.000Z","message":"","number":%d,"minorEdit":true},"_links":{}}
                """;
        server.wireMock()
                .stubFor(get(urlPathEqualTo(API + "/content/123/property/state"))
                        .willReturn(okJson(prop.formatted("qa", 1))));
        server.wireMock()
                .stubFor(put(urlPathEqualTo(API + "/content/123/property/state"))
                        .willReturn(okJson(prop.formatted("prod", 2))));
        server.wireMock()
                .stubFor(post(urlPathEqualTo(API + "/content/123/property"))
                        .willReturn(okJson(prop.formatted("dev", 1))));
        server.wireMock()
                .stubFor(delete(urlPathEqualTo(API + "/content/123/property/state"))
                        .willReturn(aResponse().withStatus(204)));

        ContentProperty current = confluence.properties().get("123", "state").orElseThrow();
        ContentProperty updated = confluence.properties().update("123", current, "{\"stage\":\"prod\"}");
        confluence.properties().create("123", "state", "{\"stage\":\"dev\"}");
        confluence.properties().delete("123", updated);

        assertThat(updated.value()).isEqualTo("{\"stage\":\"prod\"}");
        server.wireMock()
                .verify(putRequestedFor(urlPathEqualTo(API + "/content/123/property/state"))
                        .withRequestBody(equalToJson(
                                "{\"value\":{\"stage\":\"prod\"},\"version\":{\"number\":2,\"minorEdit\":true}}")));
    }

    @Test
    void listsAndCreatesFooterComments() {
        String comment =
                """
                {"id":"900","type":"comment","status":"current","title":"Re: Runbook",
                 "container":{"id":"123","type":"page"},
                 "ancestors":[],
                 "version":{"by":{"type":"known","username":"alice","userKey":"8a7f808a"},
                            "when":"2026-11-22T08:00:00.000Z","number":1,"minorEdit":false,"message":""},
                 "body":{"storage":{"value":"<p>/approve</p>","representation":"storage"}},"_links":{}}
                """;
        server.wireMock()
                .stubFor(get(urlPathEqualTo(API + "/content/123/child/comment"))
                        .willReturn(okJson(
                                "{\"results\":[" + comment + "],\"start\":0,\"limit\":100,\"size\":1,\"_links\":{}}")));
        server.wireMock().stubFor(post(urlPathEqualTo(API + "/content")).willReturn(okJson(comment)));

        List<FooterComment> comments =
                confluence.comments().list("123").stream().toList();
        FooterComment created = confluence.comments().create("123", "<p>/approve</p>");

        assertThat(comments).singleElement().satisfies(c -> {
            assertThat(c.authorId()).isEqualTo("8a7f808a");
            assertThat(c.pageId()).isEqualTo("123");
            assertThat(c.body()).isEqualTo("<p>/approve</p>");
        });
        assertThat(created.id()).isEqualTo("900");
        server.wireMock()
                .verify(
                        postRequestedFor(urlPathEqualTo(API + "/content"))
                                .withRequestBody(
                                        equalToJson(
                                                """
                                {"type":"comment","container":{"id":"123","type":"page"},
                                 "body":{"storage":{"value":"<p>/approve</p>","representation":"storage"}}}
                                """)));
    }

    @Test
    void labelsAttachmentsSearchStatesAndUsers() {
        byte[] pdf = {'%', 'P', 'D', 'F', 0, 1, 2, (byte) 0xff};
        server.wireMock()
                .stubFor(
                        post(urlPathEqualTo(API + "/content/123/label"))
                                .willReturn(
                                        okJson(
                                                "{\"results\":[{\"prefix\":\"global\",\"name\":\"ok\",\"id\":\"1\",\"label\":\"ok\"}],\"size\":1}")));
        server.wireMock()
                .stubFor(
                        put(urlPathEqualTo(API + "/content/123/child/attachment"))
                                .willReturn(
                                        okJson(
                                                """
                                {"results":[{"id":"att9","type":"attachment","status":"current","title":"r.pdf",
                                  "version":{"by":{"type":"known","username":"ci","userKey":"8a7f808b"},
                                             "when":"2026-11-22T10:00:00.000Z","number":1,"minorEdit":true},
                                  "container":{"id":"123","type":"page"},
                                  "extensions":{"mediaType":"application/pdf","fileSize":8},
                                  "_links":{"download":"/download/attachments/123/r.pdf?version=1&api=v2"}}],
                                 "size":1,"_links":{}}
                                """)));
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/confluence/download/attachments/123/r.pdf"))
                        .willReturn(aResponse().withBody(pdf)));
        server.exemptPathPrefix("/confluence/download/"); // a servlet, not part of the REST API
        // Data Center names users by username; the Cloud description (our stand-in for DC) requires accountId.
        server.allow("/rest/api/user/memberof", "validation.request.parameter.query.missing");
        server.wireMock()
                .stubFor(get(urlPathEqualTo(API + "/search"))
                        .willReturn(okJson(V1ServicesCloudTest.searchPage("Runbook", null))));
        server.wireMock()
                .stubFor(get(urlPathEqualTo(API + "/content/123/state")).willReturn(okJson("{\"lastUpdated\":\"\"}")));
        server.wireMock()
                .stubFor(get(urlPathEqualTo(API + "/user/current")).willReturn(okJson(user("8a7f808b", "ci"))));
        server.wireMock()
                .stubFor(get(urlPathEqualTo(API + "/user/memberof"))
                        .willReturn(okJson(
                                "{\"results\":[{\"type\":\"group\",\"name\":\"confluence-users\",\"id\":\"confluence-users\"}],"
                                        + "\"start\":0,\"limit\":100,\"size\":1,\"_links\":{}}")));
        server.wireMock()
                .stubFor(get(urlPathEqualTo(API + "/group/confluence-users/member"))
                        .willReturn(okJson("{\"results\":[" + user("8a7f808a", "alice")
                                + "],\"start\":0,\"limit\":100,\"size\":1,\"_links\":{}}")));

        List<Label> labels = confluence.labels().add("123", "ok");
        Attachment a = confluence.attachments().upload("123", "r.pdf", "application/pdf", pdf, null);
        byte[] back = confluence.attachments().download(a);
        List<SearchResult> hits =
                confluence.search().cql("type = page").stream().toList();
        var state = confluence.contentStates().get("123");
        User me = confluence.users().current();
        List<Group> groups = confluence.users().groupsOf(me).stream().toList();
        List<User> members =
                confluence.users().membersOf(groups.get(0)).stream().toList();

        assertThat(labels).extracting(Label::name).containsExactly("ok");
        assertThat(back).isEqualTo(pdf);
        assertThat(hits).extracting(SearchResult::title).containsExactly("Runbook");
        assertThat(state).isEmpty();
        assertThat(me.username()).isEqualTo("ci");
        assertThat(members).extracting(User::accountId).containsExactly("8a7f808a");
        server.wireMock()
                .verify(putRequestedFor(urlPathEqualTo(API + "/content/123/child/attachment"))
                        .withHeader("X-Atlassian-Token", equalTo("no-check"))
                        .withRequestBodyPart(aMultipart()
                                .withName("file")
                                .withBody(binaryEqualTo(pdf))
                                .build()));
        server.wireMock()
                .verify(getRequestedFor(urlPathEqualTo(API + "/user/memberof"))
                        .withQueryParam("username", equalTo("ci")));
        assertThat(new String(pdf, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("%PDF");
        assertThat(ContentState.custom("Ready", "#2684ff").id()).isEqualTo(-1);
    }
}
