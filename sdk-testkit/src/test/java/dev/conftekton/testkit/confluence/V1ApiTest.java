package dev.conftekton.testkit.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ConfluenceEmulatorExtension.class)
class V1ApiTest {
    private static final String V1 = "/wiki/rest/api";

    private ConfluenceEmulator emulator;
    private Api alice;

    @BeforeEach
    void setUp(ConfluenceEmulator emulator) {
        this.emulator = emulator;
        alice = Api.as(emulator, "alice@example.com");
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private String createPage(Api api, String title, String parentId) {
        Api.Res r = api.post(
                V1 + "/content",
                "{\"type\":\"page\",\"title\":\"" + title + "\",\"space\":{\"key\":\"DEV\"},"
                        + (parentId == null ? "" : "\"ancestors\":[{\"id\":\"" + parentId + "\"}],")
                        + "\"body\":{\"storage\":{\"value\":\"<p>" + title
                        + "</p>\",\"representation\":\"storage\"}}}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.str("id");
    }

    /** A query parameter of a relative link such as {@code /rest/api/search?cql=x&cursor=y}, decoded; or null. */
    private static String queryParam(String link, String name) {
        String query = URI.create(link).getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void createsReadsUpdatesAndTrashesContentWithExpansions() {
        String parent = createPage(alice, "V1 parent", null);
        String id = createPage(alice, "V1 page", parent);

        Api.Res read =
                alice.get(V1 + "/content/" + id + "?expand=" + q("version,ancestors,body.storage,space,history"));
        Map<String, Object> json = read.json();
        assertThat(map(json.get("version")).get("number")).isEqualTo(1.0);
        assertThat(map(map(json.get("version")).get("by")).get("accountId")).isEqualTo("557058:alice");
        assertThat((List<?>) json.get("ancestors"))
                .extracting(a -> map(a).get("id"))
                .containsExactly(parent);
        assertThat(map(map(json.get("body")).get("storage")).get("value")).isEqualTo("<p>V1 page</p>");
        assertThat(map(json.get("space")).get("key")).isEqualTo("DEV");
        assertThat(map(json.get("history")).get("createdDate")).isNotNull();

        Api.Res updated = alice.put(
                V1 + "/content/" + id,
                "{\"type\":\"page\",\"title\":\"V1 page\",\"version\":{\"number\":2},"
                        + "\"body\":{\"storage\":{\"value\":\"<p>two</p>\",\"representation\":\"storage\"}}}");
        Api.Res stale = alice.put(
                V1 + "/content/" + id,
                "{\"type\":\"page\",\"title\":\"V1 page\",\"version\":{\"number\":2},"
                        + "\"body\":{\"storage\":{\"value\":\"<p>late</p>\",\"representation\":\"storage\"}}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(map(updated.json().get("version")).get("number")).isEqualTo(2.0);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json()).containsEntry("statusCode", 409.0);
        assertThat(alice.get(V1 + "/content/" + id + "/history").json()).containsKey("lastUpdated");

        assertThat(alice.delete(V1 + "/content/" + id).status()).isEqualTo(204);
        assertThat(alice.get(V1 + "/content/" + id).status()).isEqualTo(404);
        assertThat(alice.get(V1 + "/content/" + id + "?status=trashed").str("status"))
                .isEqualTo("trashed");
        assertThat(alice.delete(V1 + "/content/" + id + "?status=trashed").status())
                .isEqualTo(204);
        assertThat(alice.get(V1 + "/content/" + id + "?status=any").status()).isEqualTo(404);
    }

    @Test
    void setsContentPropertiesGivenAsMetadataInAnUpdateLikeConfluence() {
        String id = createPage(alice, "Wide", null);

        Api.Res updated = alice.put(
                V1 + "/content/" + id,
                "{\"id\":\"" + id + "\",\"type\":\"page\",\"title\":\"Wide\","
                        + "\"version\":{\"number\":2,\"minorEdit\":false},\"body\":{\"storage\":{\"value\":\"<p>w</p>\","
                        + "\"representation\":\"storage\"}},\"metadata\":{\"properties\":{\"content-appearance-published\":"
                        + "{\"value\":\"full-width\"}}}}");

        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(alice.get(V1 + "/content/" + id + "/property/content-appearance-published")
                        .json()
                        .get("value"))
                .isEqualTo("full-width");
    }

    @Test
    void refusesADuplicateTitleLikeConfluence() {
        createPage(alice, "Same", null);

        Api.Res dup = alice.post(
                V1 + "/content",
                "{\"type\":\"page\",\"title\":\"Same\",\"space\":{\"key\":\"DEV\"},"
                        + "\"body\":{\"storage\":{\"value\":\"<p/>\",\"representation\":\"storage\"}}}");

        assertThat(dup.status()).isEqualTo(400);
        assertThat(dup.str("message")).startsWith("A page with this title already exists");
    }

    @Test
    void findsContentBySpaceKeyAndTitleWithOffsetPagination() {
        Api.Res found = alice.get(V1 + "/content?spaceKey=DEV&title=" + q("Release procedure") + "&expand=version");
        assertThat(found.results()).hasSize(1);
        assertThat(found.json()).containsEntry("start", 0.0).containsEntry("size", 1.0);

        for (int i = 0; i < 30; i++) {
            emulator.createPage("alice@example.com", "DEV", "Many " + i, "<p/>", null);
        }
        Api.Res first = alice.get(V1 + "/content?spaceKey=DEV&limit=10");
        assertThat(first.results()).hasSize(10);
        assertThat(first.json()).containsEntry("limit", 10.0).containsEntry("size", 10.0);
        String next = map(first.json().get("_links")).get("next").toString();
        assertThat(next).startsWith("/rest/api/content?").contains("start=10");
        assertThat(map(first.json().get("_links"))).containsEntry("context", "/wiki");
        Api.Res second = alice.get("/wiki" + next);
        assertThat(second.json()).containsEntry("start", 10.0);
        assertThat(second.results().get(0).get("id"))
                .isNotEqualTo(first.results().get(0).get("id"));
    }

    @Test
    void expandsNamedContentPropertiesInMetadata() {
        String id = createPage(alice, "With property", null);
        alice.post(
                V1 + "/content/" + id + "/property", "{\"key\":\"conftekton.approval\",\"value\":{\"approved\":true}}");
        alice.post(V1 + "/content/" + id + "/property", "{\"key\":\"other\",\"value\":\"x\"}");

        Map<String, Object> props =
                map(map(alice.get(V1 + "/content/" + id + "?expand=metadata.properties.conftekton.approval")
                                .json()
                                .get("metadata"))
                        .get("properties"));

        assertThat(props).containsOnlyKeys("conftekton.approval");
        assertThat(map(props.get("conftekton.approval")).get("value")).isEqualTo(Map.of("approved", true));
        Api.Res put =
                alice.put(V1 + "/content/" + id + "/property/other", "{\"value\":\"y\",\"version\":{\"number\":2}}");
        assertThat(put.json().get("value")).isEqualTo("y");
        assertThat(alice.put(V1 + "/content/" + id + "/property/other", "{\"value\":\"z\",\"version\":{\"number\":2}}")
                        .status())
                .isEqualTo(409);
        assertThat(alice.get(V1 + "/content/" + id + "/property").results()).hasSize(2);
        assertThat(alice.delete(V1 + "/content/" + id + "/property/other").status())
                .isEqualTo(204);
    }

    @Test
    void searchesWithCql() {
        String procedure = alice.get(V1 + "/content?spaceKey=DEV&title=" + q("Release procedure"))
                .results()
                .get(0)
                .get("id")
                .toString();
        String notes = alice.get(V1 + "/content?spaceKey=DEV&title=" + q("Release 1.0 notes"))
                .results()
                .get(0)
                .get("id")
                .toString();

        assertThat(titles("type=page AND space=DEV AND title=\"Release procedure\""))
                .containsExactly("Release procedure");
        assertThat(titles("title ~ \"release\" AND type = page ORDER BY title"))
                .containsExactly("Release 1.0 notes", "Release procedure");
        assertThat(titles("label = \"release-notes\"")).containsExactly("Release 1.0 notes");
        assertThat(titles("ancestor = " + procedure)).containsExactly("Release 1.0 notes");
        assertThat(titles("parent = " + procedure)).containsExactly("Release 1.0 notes");
        assertThat(titles("id = " + notes)).containsExactly("Release 1.0 notes");
        assertThat(titles("creator = \"557058:robot\"")).containsExactly("Release 1.0 notes");
        assertThat(titles("space = DEV AND NOT (label = procedure OR label = \"release-notes\") AND type = page"))
                .containsExactly("Development Home");
        assertThat(titles("space in (DEV, OPS) AND type = page AND title !~ release ORDER BY title"))
                .containsExactly("Development Home", "Operations Home");
        assertThat(titles("lastmodified >= now(\"-1d\") AND title ~ \"notes\"")).containsExactly("Release 1.0 notes");
        assertThat(titles("lastmodified < \"2000-01-01\"")).isEmpty();
        assertThat(titles("creator = currentUser() AND type = page ORDER BY title"))
                .contains("Release procedure");
    }

    private List<Object> titles(String cql) {
        Api.Res r = alice.get(V1 + "/search?cql=" + q(cql) + "&limit=50");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json()).containsEntry("cqlQuery", cql);
        Api.Res viaContent = alice.get(V1 + "/content/search?cql=" + q(cql) + "&limit=50");
        assertThat(viaContent.results())
                .extracting(m -> m.get("title"))
                .containsExactlyElementsOf(
                        r.results().stream().map(m -> m.get("title")).toList());
        return r.results().stream().map(m -> m.get("title")).toList();
    }

    @Test
    void refusesUnsupportedCqlWithA400NamingIt() {
        Api.Res field = alice.get(V1 + "/search?cql=" + q("favourite = me"));
        Api.Res function = alice.get(V1 + "/search?cql=" + q("created > endOfMonth()"));
        Api.Res syntax = alice.get(V1 + "/content/search?cql=" + q("type = page AND (space = DEV"));
        Api.Res operator = alice.get(V1 + "/search?cql=" + q("label ~ x"));

        assertThat(field.status()).isEqualTo(400);
        assertThat(field.str("message")).contains("'favourite' is not supported");
        assertThat(function.str("message")).contains("'endOfMonth()' is not supported");
        assertThat(syntax.status()).isEqualTo(400);
        assertThat(syntax.str("message")).contains("')'");
        assertThat(operator.str("message")).contains("'~' is not supported on the field 'label'");
    }

    @Test
    void searchPaginatesByOffsetAndCapsTheLimit() {
        for (int i = 0; i < 120; i++) {
            emulator.createPage("alice@example.com", "DEV", "Searchable " + i, "<p/>", null);
        }
        Api.Res page = alice.get(V1 + "/search?cql=" + q("title ~ searchable") + "&limit=500");
        assertThat(page.results()).hasSize(100);
        assertThat(page.json()).containsEntry("limit", 100.0).containsEntry("totalSize", 120.0);
        Api.Res rest = alice.get(V1 + "/search?cql=" + q("title ~ searchable") + "&start=100");
        assertThat(rest.results()).hasSize(20);
        assertThat(map(rest.json().get("_links"))).doesNotContainKey("next");
    }

    @Test
    void cloudSearchLinksCarryACursorThatAloneReachesTheNextPage() {
        for (int i = 0; i < 7; i++) {
            emulator.createPage("alice@example.com", "DEV", "Paged " + i, "<p/>", null);
        }
        String cql = q("title ~ paged ORDER BY title");
        for (String endpoint : List.of("/content/search", "/search")) {
            List<Object> titles = new ArrayList<>();
            Api.Res page = alice.get(V1 + endpoint + "?cql=" + cql + "&limit=3");
            int requests = 1;
            while (true) {
                for (Map<String, Object> r : page.results()) {
                    titles.add(r.get("title"));
                }
                Object next = map(page.json().get("_links")).get("next");
                if (next == null) {
                    break;
                }
                // A client such as confluence.js passes back the cursor (and its own query), never start.
                String cursor = queryParam(next.toString(), "cursor");
                assertThat(cursor).as(endpoint + " next link " + next).isNotNull();
                page = alice.get(V1 + endpoint + "?cql=" + cql + "&limit=3&cursor=" + q(cursor));
                assertThat(++requests).isLessThanOrEqualTo(3);
            }
            assertThat(titles)
                    .as(endpoint)
                    .containsExactly("Paged 0", "Paged 1", "Paged 2", "Paged 3", "Paged 4", "Paged 5", "Paged 6");
        }
        Object prev = map(alice.get(V1 + "/search?cql=" + cql + "&limit=3&start=3")
                        .json()
                        .get("_links"))
                .get("prev");
        assertThat(prev.toString()).contains("prev=true").contains("cursor=").doesNotContain("next=");
    }

    @Test
    void dataCenterSearchLinksKeepStart() {
        for (int i = 0; i < 4; i++) {
            emulator.createPage("alice@example.com", "DEV", "Paged " + i, "<p/>", null);
        }
        Api dc = new Api(emulator, emulator.user("alice@example.com").bearerAuthorization());

        Api.Res page = dc.get("/rest/api/content/search?cql=" + q("title ~ paged") + "&limit=3");

        assertThat(map(page.json().get("_links")).get("next").toString())
                .startsWith("/rest/api/content/search?")
                .contains("start=3")
                .doesNotContain("cursor=");
    }

    @Test
    void namesThePageEditorLinkAsEachDeploymentDoes() {
        String id = createPage(alice, "Edit links", null);
        Api dc = new Api(emulator, emulator.user("alice@example.com").bearerAuthorization());

        Map<String, Object> cloud = map(alice.get(V1 + "/content/" + id).json().get("_links"));
        Map<String, Object> dataCenter =
                map(dc.get("/rest/api/content/" + id).json().get("_links"));

        assertThat(cloud)
                .containsEntry("editui", "/pages/resumedraft.action?draftId=" + id)
                .containsEntry("edituiv2", "/spaces/DEV/pages/edit-v2/" + id)
                .doesNotContainKey("edit");
        assertThat(dataCenter)
                .containsEntry("edit", "/pages/resumedraft.action?draftId=" + id)
                .doesNotContainKey("editui");
    }

    @Test
    void refusesStorageThatIsNotWellFormedXhtmlOnV1Too() {
        Api.Res created = alice.post(
                V1 + "/content",
                "{\"type\":\"page\",\"title\":\"Broken\",\"space\":{\"key\":\"DEV\"},"
                        + "\"body\":{\"storage\":{\"value\":\"<table><tr><td>x</tr></table>\","
                        + "\"representation\":\"storage\"}}}");

        assertThat(created.status()).isEqualTo(400);
        assertThat(created.json()).containsEntry("statusCode", 400.0);
        assertThat(created.str("message")).startsWith("Error parsing xhtml: ");
        assertThat(alice.get(V1 + "/content?spaceKey=DEV&title=Broken").results())
                .isEmpty();
    }

    @Test
    void listsRootCommentsOnCloudAndRepliesTooOnDataCenterWithDepthAll() {
        String pageId = createPage(alice, "Commented", null);
        Api v2 = alice;
        String root = v2.post(
                        "/wiki/api/v2/footer-comments",
                        "{\"pageId\":\"" + pageId
                                + "\",\"body\":{\"representation\":\"storage\",\"value\":\"<p>r</p>\"}}")
                .str("id");
        String reply = v2.post(
                        "/wiki/api/v2/footer-comments",
                        "{\"parentCommentId\":\"" + root
                                + "\",\"body\":{\"representation\":\"storage\",\"value\":\"<p>a</p>\"}}")
                .str("id");
        Api dc = new Api(emulator, emulator.user("alice@example.com").bearerAuthorization());

        assertThat(alice.get(V1 + "/content/" + pageId + "/child/comment?depth=all&location=footer")
                        .results())
                .extracting(c -> c.get("id"))
                .containsExactly(root);
        assertThat(dc.get("/rest/api/content/" + pageId + "/child/comment").results())
                .extracting(c -> c.get("id"))
                .containsExactly(root);
        assertThat(dc.get("/rest/api/content/" + pageId + "/child/comment?depth=all")
                        .results())
                .extracting(c -> c.get("id"))
                .containsExactly(root, reply);
    }

    @Test
    void addsListsAndRemovesLabels() {
        String id = createPage(alice, "Labelled", null);

        Api.Res added = alice.post(
                V1 + "/content/" + id + "/label", "[{\"prefix\":\"global\",\"name\":\"Approved\"},{\"name\":\"ops\"}]");
        assertThat(added.results()).extracting(m -> m.get("name")).containsExactly("approved", "ops");
        assertThat(alice.delete(V1 + "/content/" + id + "/label?name=ops").status())
                .isEqualTo(204);
        assertThat(alice.delete(V1 + "/content/" + id + "/label/approved").status())
                .isEqualTo(204);
        assertThat(alice.get(V1 + "/content/" + id + "/label").results()).isEmpty();
        assertThat(alice.post(V1 + "/content/" + id + "/label", "[{\"name\":\"bad label\"}]")
                        .status())
                .isEqualTo(400);
        assertThat(Api.as(emulator, "carol@example.com")
                        .post(V1 + "/content/" + id + "/label", "{\"name\":\"x\"}")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void uploadsUpdatesAndDownloadsAttachmentsWithTheXsrfHeader() throws Exception {
        String id = createPage(alice, "With file", null);
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"report.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nhello world\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; "
                + "name=\"comment\"\r\n\r\nfirst\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"minorEdit\"\r\n\r\n"
                + "true\r\n--" + boundary + "--\r\n";
        String type = "multipart/form-data; boundary=" + boundary;
        String path = V1 + "/content/" + id + "/child/attachment";

        Api.Res noHeader = alice.sendBytes("POST", path, body.getBytes(StandardCharsets.UTF_8), type);
        Api.Res uploaded = alice.sendBytes(
                "POST", path, body.getBytes(StandardCharsets.UTF_8), type, "X-Atlassian-Token", "no-check");
        Api.Res again = alice.sendBytes(
                "POST", path, body.getBytes(StandardCharsets.UTF_8), type, "X-Atlassian-Token", "no-check");
        Api.Res put = alice.sendBytes(
                "PUT",
                path,
                body.replace("hello world", "second version").getBytes(StandardCharsets.UTF_8),
                type,
                "X-Atlassian-Token",
                "no-check");

        assertThat(noHeader.status()).isEqualTo(403);
        assertThat(uploaded.status()).isEqualTo(200);
        String attId = uploaded.results().get(0).get("id").toString();
        assertThat(attId).startsWith("att");
        assertThat(again.status()).isEqualTo(400);
        assertThat(put.status()).isEqualTo(200);
        assertThat(map(put.results().get(0).get("version")).get("number")).isEqualTo(2.0);
        assertThat(alice.get(V1 + "/content/" + id + "/child/attachment?filename=report.txt")
                        .results())
                .hasSize(1);
        assertThat(alice.get("/wiki/api/v2/pages/" + id + "/attachments")
                        .results()
                        .get(0))
                .containsEntry("fileSize", 14.0);

        HttpResponse<String> redirect = Api.CLIENT.send(
                HttpRequest.newBuilder(URI.create(emulator.baseUrl() + V1 + "/content/" + id + "/child/attachment/"
                                + attId + "/download"))
                        .header(
                                "Authorization",
                                emulator.user("alice@example.com").basicAuthorization())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(redirect.statusCode()).isEqualTo(302);
        HttpResponse<String> file = Api.CLIENT.send(
                HttpRequest.newBuilder(URI.create(
                                redirect.headers().firstValue("Location").orElseThrow()))
                        .header(
                                "Authorization",
                                emulator.user("alice@example.com").basicAuthorization())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo("second version");
        assertThat(file.headers().firstValue("Content-Type")).hasValue("text/plain");
    }

    @Test
    void downloadsEachVersionOfAnAttachment() throws Exception {
        String id = createPage(alice, "Versioned file", null);
        String path = V1 + "/content/" + id + "/child/attachment";
        String attId = upload("POST", path, "build.log", "first build")
                .results()
                .get(0)
                .get("id")
                .toString();
        upload("PUT", path, "build.log", "second build");

        HttpResponse<String> v1 = raw(V1 + "/content/" + id + "/child/attachment/" + attId + "/download?version=1");
        HttpResponse<String> current = raw(V1 + "/content/" + id + "/child/attachment/" + attId + "/download");
        HttpResponse<String> missing =
                raw(V1 + "/content/" + id + "/child/attachment/" + attId + "/download?version=3");

        assertThat(v1.statusCode()).isEqualTo(302);
        String v1Location = v1.headers().firstValue("Location").orElseThrow();
        assertThat(v1Location).contains("version=1");
        assertThat(raw(URI.create(v1Location).getRawPath() + "?"
                                + URI.create(v1Location).getRawQuery())
                        .body())
                .isEqualTo("first build");
        assertThat(current.headers().firstValue("Location").orElseThrow()).contains("version=2");
        assertThat(raw("/wiki/download/attachments/" + id + "/build.log").body())
                .isEqualTo("second build");
        assertThat(raw("/wiki/download/attachments/" + id + "/build.log?version=2")
                        .body())
                .isEqualTo("second build");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(raw("/wiki/download/attachments/" + id + "/build.log?version=3")
                        .statusCode())
                .isEqualTo(404);
    }

    private Api.Res upload(String method, String path, String filename, String text) {
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: text/plain\r\n\r\n" + text + "\r\n--" + boundary + "--\r\n";
        Api.Res res = alice.sendBytes(
                method,
                path,
                body.getBytes(StandardCharsets.UTF_8),
                "multipart/form-data; boundary=" + boundary,
                "X-Atlassian-Token",
                "no-check");
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res;
    }

    /** A GET as alice that does not follow redirects and is not checked against the OpenAPI files. */
    private HttpResponse<String> raw(String path) throws Exception {
        return Api.CLIENT.send(
                HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                        .header(
                                "Authorization",
                                emulator.user("alice@example.com").basicAuthorization())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void setsReadsAndRemovesContentStates() {
        String id = createPage(alice, "Stateful", null);

        assertThat(alice.get(V1 + "/content/" + id + "/state").json()).doesNotContainKey("contentState");
        Api.Res set = alice.put(
                V1 + "/content/" + id + "/state?status=current", "{\"name\":\"Approved\",\"color\":\"#00ff00\"}");
        assertThat(map(set.json().get("contentState")).get("name")).isEqualTo("Approved");
        assertThat(map(alice.get(V1 + "/content/" + id + "/state").json().get("contentState"))
                        .get("color"))
                .isEqualTo("#00ff00");
        assertThat(alice.put(V1 + "/content/" + id + "/state", "{\"name\":\"x\",\"color\":\"green\"}")
                        .status())
                .isEqualTo(400);
        assertThat(alice.delete(V1 + "/content/" + id + "/state").status()).isEqualTo(200);
        assertThat(alice.get(V1 + "/content/" + id + "/state").json()).doesNotContainKey("contentState");
        assertThat(alice.get(V1 + "/content/" + id + "/state/available").json()).containsKey("spaceContentStates");
    }

    @Test
    void servesUsersGroupsAndMembership() {
        assertThat(alice.get(V1 + "/user/current").str("displayName")).isEqualTo("Alice Author");
        assertThat(alice.get(V1 + "/user?accountId=" + q("557058:bob")).str("email"))
                .isEqualTo("bob@example.com");
        assertThat(alice.get(V1 + "/user?accountId=nobody").status()).isEqualTo(404);
        assertThat(alice.get(V1 + "/user/memberof?accountId=" + q("557058:bob")).results())
                .extracting(m -> m.get("name"))
                .containsExactly("confluence-users", "approvers");
        assertThat(alice.get(V1 + "/group/approvers/member").results())
                .extracting(m -> m.get("accountId"))
                .containsExactly("557058:bob");
        assertThat(alice.get(V1 + "/group/member?name=approvers").results()).hasSize(1);
        assertThat(alice.get(V1 + "/group/nope/member").status()).isEqualTo(404);
    }

    @Test
    void createsCommentsAndListsThemAsChildren() {
        String id = createPage(alice, "Discussed", null);
        Api bob = Api.as(emulator, "bob@example.com");

        Api.Res c = bob.post(
                V1 + "/content",
                "{\"type\":\"comment\",\"container\":{\"id\":\"" + id + "\",\"type\":\"page\"},"
                        + "\"body\":{\"storage\":{\"value\":\"<p>/approve</p>\",\"representation\":\"storage\"}}}");

        assertThat(c.status()).isEqualTo(200);
        assertThat(alice.get(V1 + "/content/" + id + "/child/comment?expand=body.storage,version")
                        .results())
                .extracting(m -> map(map(m.get("version")).get("by")).get("accountId"))
                .containsExactly("557058:bob");
        assertThat(alice.get(V1 + "/search?cql=" + q("type = comment AND creator = \"557058:bob\""))
                        .results())
                .hasSize(1);
    }

    @Test
    void servesTheSameV1OperationsUnderTheDataCenterPathWithBearerTokens() {
        Api dc = new Api(emulator, emulator.user("alice@example.com").bearerAuthorization());

        Api.Res spaces = dc.get("/rest/api/space");
        Api.Res created = dc.post(
                "/rest/api/content",
                "{\"type\":\"page\",\"title\":\"DC page\",\"space\":{\"key\":\"DEV\"},"
                        + "\"body\":{\"storage\":{\"value\":\"<p>dc</p>\",\"representation\":\"storage\"}}}");

        assertThat(spaces.results()).extracting(m -> m.get("key")).containsExactly("DEV", "OPS");
        assertThat(map(spaces.json().get("_links"))).containsEntry("context", "");
        assertThat(created.status()).isEqualTo(200);
        assertThat(map(created.json().get("_links")).get("webui"))
                .isEqualTo("/pages/viewpage.action?pageId=" + created.str("id"));
        assertThat(dc.get("/rest/api/content/" + created.str("id") + "?expand=body.storage")
                        .status())
                .isEqualTo(200);
        assertThat(dc.get("/rest/api/user/current").str("username")).isEqualTo("alice@example.com");
    }

    @Test
    void servesOnlyDataCenterPathsWhenAskedTo() {
        try (ConfluenceEmulator dcOnly =
                ConfluenceEmulator.builder().dataCenterOnly().build().start()) {
            Api dc = new Api(dcOnly, dcOnly.user("alice@example.com").bearerAuthorization());

            assertThat(dc.get("/rest/api/space").status()).isEqualTo(200);
            assertThat(dc.get("/wiki/rest/api/space").status()).isEqualTo(404);
            assertThat(dc.get("/wiki/api/v2/spaces").status()).isEqualTo(404);
        }
    }
}
