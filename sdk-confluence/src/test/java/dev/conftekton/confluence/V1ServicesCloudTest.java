package dev.conftekton.confluence;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
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

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.conftekton.confluence.model.Attachment;
import dev.conftekton.confluence.model.ContentState;
import dev.conftekton.confluence.model.Group;
import dev.conftekton.confluence.model.Label;
import dev.conftekton.confluence.model.PageSummary;
import dev.conftekton.confluence.model.SearchResult;
import dev.conftekton.confluence.model.User;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operations that live on v1 for every flavour, here against Cloud's {@code /wiki/rest/api}. */
class V1ServicesCloudTest {
    @RegisterExtension
    static final ValidatedConfluence server = new ValidatedConfluence();

    static final String API = "/wiki/rest/api";

    private final ConfluenceClient confluence = TestClients.cloud(server);

    static String attachment(String id, String title, int version) {
        return """
                {"id":"%s","type":"attachment","status":"current","title":"%s",
                 "version":{"by":{"type":"known","accountId":"557058:ci-bot","displayName":"CI"},
                            "when":"2026-11-22T10:00:00.000Z","number":%d,"minorEdit":true,"message":""},
                 "container":{"id":"123","type":"page"},
                 "extensions":{"mediaType":"text/html","fileSize":11,"comment":"CI run 42"},
                 "_links":{"download":"/download/attachments/123/%s?version=%d&api=v2"}}
                """
                .formatted(id, title, version, title, version);
    }

    @Test
    void listsAddsAndRemovesLabels() {
        server.wireMock()
                .stubFor(
                        get(urlPathEqualTo(API + "/content/123/label"))
                                .willReturn(
                                        okJson(
                                                """
                                {"results":[{"prefix":"global","name":"release-notes","id":"7","label":"release-notes"}],
                                 "start":0,"limit":100,"size":1,"_links":{}}
                                """)));
        server.wireMock()
                .stubFor(
                        post(urlPathEqualTo(API + "/content/123/label"))
                                .willReturn(
                                        okJson(
                                                """
                                {"results":[{"prefix":"global","name":"release-notes","id":"7","label":"release-notes"},
                                            {"prefix":"global","name":"approved","id":"8","label":"approved"}],
                                 "start":0,"limit":200,"size":2,"_links":{}}
                                """)));
        server.wireMock()
                .stubFor(delete(urlPathEqualTo(API + "/content/123/label"))
                        .willReturn(aResponse().withStatus(204)));

        List<Label> before = confluence.labels().list("123").stream().toList();
        List<Label> after = confluence.labels().add("123", "Approved");
        confluence.labels().remove("123", "approved");

        assertThat(before).extracting(Label::name).containsExactly("release-notes");
        assertThat(after).extracting(Label::name).containsExactly("release-notes", "approved");
        server.wireMock()
                .verify(postRequestedFor(urlPathEqualTo(API + "/content/123/label"))
                        .withRequestBody(equalToJson("[{\"prefix\":\"global\",\"name\":\"approved\"}]")));
        server.wireMock()
                .verify(deleteRequestedFor(urlPathEqualTo(API + "/content/123/label"))
                        .withQueryParam("name", equalTo("approved")));
    }

    @Test
    void uploadsAttachmentsAsMultipartWithTheXsrfHeader() {
        byte[] html = "<h1>ok</h1>".getBytes(StandardCharsets.UTF_8);
        server.wireMock()
                .stubFor(put(urlPathEqualTo(API + "/content/123/child/attachment"))
                        .willReturn(okJson("{\"results\":[" + attachment("att555", "report.html", 1)
                                + "],\"start\":0,\"limit\":1,\"size\":1,\"_links\":{}}")));
        server.wireMock()
                .stubFor(post(urlPathEqualTo(API + "/content/123/child/attachment/att555/data"))
                        .willReturn(okJson(attachment("att555", "report.html", 2))));

        Attachment uploaded = confluence.attachments().upload("123", "report.html", "text/html", html, "CI run 42");
        Attachment updated = confluence.attachments().update("123", uploaded, html, "CI run 43");

        assertThat(uploaded.id()).isEqualTo("att555");
        assertThat(uploaded.fileSize()).isEqualTo(11);
        assertThat(uploaded.mediaType()).isEqualTo("text/html");
        assertThat(updated.version().number()).isEqualTo(2);
        server.wireMock()
                .verify(putRequestedFor(urlPathEqualTo(API + "/content/123/child/attachment"))
                        .withHeader("X-Atlassian-Token", equalTo("no-check"))
                        .withHeader("Content-Type", containing("multipart/form-data; boundary="))
                        .withRequestBodyPart(aMultipart()
                                .withName("file")
                                .withHeader("Content-Disposition", containing("filename=\"report.html\""))
                                .withHeader("Content-Type", containing("text/html"))
                                .withBody(binaryEqualTo(html))
                                .build())
                        .withRequestBodyPart(aMultipart()
                                .withName("minorEdit")
                                .withBody(equalTo("true"))
                                .build())
                        .withRequestBodyPart(aMultipart()
                                .withName("comment")
                                .withBody(equalTo("CI run 42"))
                                .build()));
        server.wireMock()
                .verify(postRequestedFor(urlPathEqualTo(API + "/content/123/child/attachment/att555/data"))
                        .withHeader("X-Atlassian-Token", equalTo("no-check"))
                        .withRequestBodyPart(aMultipart()
                                .withName("comment")
                                .withBody(equalTo("CI run 43"))
                                .build()));
    }

    @Test
    void listsAttachmentsAcrossPagesAndDownloadsOne() {
        server.wireMock()
                .stubFor(get(urlPathEqualTo(API + "/content/123/child/attachment"))
                        .withQueryParam("start", com.github.tomakehurst.wiremock.client.WireMock.absent())
                        .willReturn(okJson("{\"results\":[" + attachment("att1", "a.txt", 1)
                                + "],\"start\":0,\"limit\":1,\"size\":1,"
                                + "\"_links\":{\"next\":\"/rest/api/content/123/child/attachment?expand=version,container&limit=1&start=1\","
                                + "\"base\":\"https://example.atlassian.net/wiki\"}}")));
        server.wireMock()
                .stubFor(get(urlPathEqualTo(API + "/content/123/child/attachment"))
                        .withQueryParam("start", equalTo("1"))
                        .willReturn(okJson("{\"results\":[" + attachment("att2", "b.txt", 1)
                                + "],\"start\":1,\"limit\":1,\"size\":1,\"_links\":{}}")));
        server.wireMock()
                .stubFor(get(urlPathEqualTo(API + "/content/123/child/attachment/att2/download"))
                        .willReturn(aResponse().withStatus(302).withHeader("Location", "/media/file/b.txt")));
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/media/file/b.txt"))
                        .willReturn(aResponse()
                                .withHeader("Content-Type", "text/plain")
                                .withBody("bee")));
        server.exemptPathPrefix("/media/"); // the media store is not part of the REST API

        List<Attachment> all = confluence.attachments().list("123").stream().toList();
        byte[] content = confluence.attachments().download(all.get(1));

        assertThat(all).extracting(Attachment::title).containsExactly("a.txt", "b.txt");
        assertThat(new String(content, StandardCharsets.UTF_8)).isEqualTo("bee");
    }

    @Test
    void searchesWithCqlFollowingV1NextLinksRelativeToWiki() {
        server.wireMock()
                .stubFor(get(urlPathEqualTo(API + "/search"))
                        .withQueryParam("cursor", com.github.tomakehurst.wiremock.client.WireMock.absent())
                        .willReturn(okJson(searchPage(
                                "Release 1.4", "/rest/api/search?next=true&cursor=xyz&limit=50&cql=label%3Drelease"))));
        server.wireMock()
                .stubFor(get(urlPathEqualTo(API + "/search"))
                        .withQueryParam("cursor", equalTo("xyz"))
                        .willReturn(okJson(searchPage("Release 1.3", null))));

        List<SearchResult> results =
                confluence.search().cql("label = release and title ~ " + SearchService.quote("Release \"1\"")).stream()
                        .toList();

        assertThat(results).extracting(SearchResult::title).containsExactly("Release 1.4", "Release 1.3");
        assertThat(results.get(0).spaceKey()).isEqualTo("DOCS");
        assertThat(results.get(0).lastModified()).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
        server.wireMock()
                .verify(getRequestedFor(urlPathEqualTo(API + "/search"))
                        .withQueryParam("cql", equalTo("label = release and title ~ \"Release \\\"1\\\"\"")));
    }

    static String searchPage(String title, String next) {
        return """
                {"results":[{"content":{"id":"123","type":"page","status":"current","title":"%s",
                   "space":{"key":"DOCS","name":"Documentation","type":"global","status":"current",
                            "_expandable":{},"_links":{}},"_links":{}},
                  "title":"%s","excerpt":"notes","url":"/spaces/DOCS/pages/123","breadcrumbs":[],
                  "entityType":"content","iconCssClass":"aui-icon content-type-page",
                  "lastModified":"2026-11-21T10:00:00.000Z"}],
                 "start":0,"limit":50,"size":1,"totalSize":2,"cqlQuery":"label = release","searchDuration":12,
                 "_links":{%s"base":"https://example.atlassian.net/wiki"}}
                """
                .formatted(title, title, next == null ? "" : "\"next\":\"" + next + "\",");
    }

    @Test
    void contentSearchPassesExpand() {
        server.wireMock()
                .stubFor(
                        get(urlPathEqualTo(API + "/content/search"))
                                .willReturn(
                                        okJson(
                                                """
                                {"results":[{"id":"123","type":"page","status":"current","title":"Release 1.4"}],
                                 "start":0,"limit":50,"size":1,"_links":{}}
                                """)));

        List<PageSummary> found = confluence.search().content("type = page", "version", "space").stream()
                .toList();

        assertThat(found).extracting(PageSummary::id).containsExactly("123");
        server.wireMock()
                .verify(getRequestedFor(urlPathEqualTo(API + "/content/search"))
                        .withQueryParam("cql", equalTo("type = page"))
                        .withQueryParam("expand", equalTo("version,space")));
    }

    @Test
    void getsSetsAndRemovesTheContentState() {
        String state =
                """
                {"contentState":{"id":42,"name":"Approved","color":"#57d9a3"},"lastUpdated":"2026-11-22T10:00:00.000Z"}
                """;
        server.wireMock()
                .stubFor(get(urlPathEqualTo(API + "/content/123/state")).willReturn(okJson(state)));
        server.wireMock()
                .stubFor(put(urlPathEqualTo(API + "/content/123/state")).willReturn(okJson(state)));
        server.wireMock()
                .stubFor(delete(urlPathEqualTo(API + "/content/123/state")).willReturn(okJson(state)));

        ContentState current = confluence.contentStates().get("123").orElseThrow();
        ContentState set = confluence.contentStates().set("123", ContentState.custom("Approved", "#57d9a3"));
        confluence.contentStates().remove("123");

        assertThat(current).isEqualTo(new ContentState(42, "Approved", "#57d9a3"));
        assertThat(set.id()).isEqualTo(42);
        server.wireMock()
                .verify(putRequestedFor(urlPathEqualTo(API + "/content/123/state"))
                        .withQueryParam("status", equalTo("current"))
                        .withRequestBody(equalToJson("{\"name\":\"Approved\",\"color\":\"#57d9a3\"}")));
        server.wireMock().verify(deleteRequestedFor(urlPathEqualTo(API + "/content/123/state")));
    }

    @Test
    void readsTheCurrentUserTheirGroupsAndAGroupsMembers() {
        server.wireMock()
                .stubFor(
                        get(urlPathEqualTo(API + "/user/current"))
                                .willReturn(
                                        okJson(
                                                """
                                {"type":"known","accountId":"557058:ci-bot","accountType":"app",
                                 "email":"","publicName":"CI","displayName":"CI bot"}
                                """)));
        server.wireMock()
                .stubFor(
                        get(urlPathEqualTo(API + "/user/memberof"))
                                .willReturn(
                                        okJson(
                                                """
                                {"results":[{"type":"group","name":"release-approvers","id":"g-1"}],
                                 "start":0,"limit":100,"size":1,"_links":{}}
                                """)));
        server.wireMock()
                .stubFor(
                        get(urlPathEqualTo(API + "/group/g-1/membersByGroupId"))
                                .willReturn(
                                        okJson(
                                                """
                                {"results":[{"type":"known","accountId":"approver-1","displayName":"Alice",
                                             "email":"alice@example.com","publicName":"alice"}],
                                 "start":0,"limit":100,"size":1,"_links":{}}
                                """)));

        User me = confluence.users().current();
        List<Group> groups = confluence.users().groupsOf(me).stream().toList();
        List<User> members =
                confluence.users().membersOf(groups.get(0)).stream().toList();

        assertThat(me.accountId()).isEqualTo("557058:ci-bot");
        assertThat(me.emailAddress()).isEmpty();
        assertThat(groups).containsExactly(new Group("g-1", "release-approvers"));
        assertThat(members).extracting(User::displayName).containsExactly("Alice");
        server.wireMock()
                .verify(getRequestedFor(urlPathEqualTo(API + "/user/memberof"))
                        .withQueryParam("accountId", equalTo("557058:ci-bot")));
    }

    static String body(LoggedRequest r) {
        return r.getBodyAsString();
    }
}
