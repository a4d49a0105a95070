package dev.conftekton.testkit.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ConfluenceEmulatorExtension.class)
class CloudV2ApiTest {
    private static final String V2 = "/wiki/api/v2";

    private ConfluenceEmulator emulator;
    private Api alice;
    private String devId;
    private String devHome;

    @BeforeEach
    void setUp(ConfluenceEmulator emulator) {
        this.emulator = emulator;
        alice = Api.as(emulator, "alice@example.com");
        Map<String, Object> dev = alice.get(V2 + "/spaces?keys=DEV").results().get(0);
        devId = dev.get("id").toString();
        devHome = dev.get("homepageId").toString();
    }

    private static String page(String spaceId, String title, String body) {
        return "{\"spaceId\":\"" + spaceId + "\",\"status\":\"current\",\"title\":\"" + title
                + "\",\"body\":{\"representation\":\"storage\",\"value\":\"" + body + "\"}}";
    }

    private static String update(String id, String title, String body, int version) {
        return "{\"id\":\"" + id + "\",\"status\":\"current\",\"title\":\"" + title
                + "\",\"body\":{\"representation\":\"storage\",\"value\":\"" + body + "\"},\"version\":{\"number\":"
                + version + ",\"message\":\"edit\"}}";
    }

    private String create(String title) {
        Api.Res r = alice.post(V2 + "/pages", page(devId, title, "<p>" + title + "</p>"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.str("id");
    }

    @Test
    void refusesStorageThatIsNotWellFormedXhtmlLikeConfluence() {
        String id = create("Well formed");

        Api.Res unclosed = alice.post(V2 + "/pages", page(devId, "Unclosed", "<p>line<br>next</p>"));
        Api.Res badUpdate = alice.put(V2 + "/pages/" + id, update(id, "Well formed", "<p>open", 2));
        Api.Res badComment = alice.post(
                V2 + "/footer-comments",
                "{\"pageId\":\"" + id + "\",\"body\":{\"representation\":\"storage\",\"value\":\"<b>x</i>\"}}");
        Api.Res entitiesAndMacros = alice.post(
                V2 + "/pages",
                page(
                        devId,
                        "Entities",
                        "<p>a&nbsp;b &mdash; &amp; &#169;<br/></p><ac:structured-macro ac:name=\\\"info\\\">"
                                + "<ac:rich-text-body><p>x</p></ac:rich-text-body></ac:structured-macro>"));

        assertThat(unclosed.status()).isEqualTo(400);
        assertThat(errorTitle(unclosed)).startsWith("Error parsing xhtml: ");
        assertThat(badUpdate.status()).isEqualTo(400);
        assertThat(badComment.status()).isEqualTo(400);
        assertThat(entitiesAndMacros.status()).as(entitiesAndMacros.body()).isEqualTo(200);
        assertThat(alice.get(V2 + "/pages?title=Unclosed").results()).isEmpty();
        assertThat(alice.get(V2 + "/pages/" + id).json().get("version"))
                .extracting(v -> ((Map<?, ?>) v).get("number"))
                .isEqualTo(1.0);
    }

    @SuppressWarnings("unchecked")
    private static String errorTitle(Api.Res res) {
        return ((List<Map<String, Object>>) res.json().get("errors"))
                .get(0)
                .get("title")
                .toString();
    }

    @Test
    void getsAnAttachmentByIdAtAnyVersionAndListsItsVersions() {
        String pageId = create("With attachment");
        String attId = upload("POST", pageId, "one").results().get(0).get("id").toString();
        upload("PUT", pageId, "two, longer");

        Api.Res current = alice.get(V2 + "/attachments/" + attId);
        Api.Res first = alice.get(V2 + "/attachments/" + attId + "?version=1");
        Api.Res versions = alice.get(V2 + "/attachments/" + attId + "/versions");

        assertThat(current.status()).as(current.body()).isEqualTo(200);
        assertThat(current.json())
                .containsEntry("id", attId)
                .containsEntry("title", "notes.txt")
                .containsEntry("pageId", pageId)
                .containsEntry("fileSize", 11.0);
        assertThat(current.json().get("version"))
                .extracting(v -> ((Map<?, ?>) v).get("number"))
                .isEqualTo(2.0);
        assertThat(current.json().get("_links"))
                .extracting(l -> ((Map<?, ?>) l).get("base"))
                .isEqualTo(emulator.cloudUrl());
        assertThat(first.json()).containsEntry("fileSize", 3.0);
        assertThat(first.str("downloadLink")).contains("version=1");
        assertThat(versions.results()).extracting(v -> v.get("number")).containsExactly(2.0, 1.0);
        assertThat(versions.results().get(0).get("attachment"))
                .extracting(a -> ((Map<?, ?>) a).get("id"))
                .isEqualTo(attId);
        assertThat(alice.get(V2 + "/attachments/" + attId + "?version=3").status())
                .isEqualTo(404);
        assertThat(alice.get(V2 + "/attachments/" + pageId).status()).isEqualTo(404);
        assertThat(Api.as(emulator, "carol@example.com")
                        .get(V2 + "/attachments/" + attId)
                        .status())
                .isEqualTo(200);
    }

    private Api.Res upload(String method, String pageId, String text) {
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\""
                + "\r\nContent-Type: text/plain\r\n\r\n" + text + "\r\n--" + boundary + "--\r\n";
        Api.Res res = alice.sendBytes(
                method,
                "/wiki/rest/api/content/" + pageId + "/child/attachment",
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "multipart/form-data; boundary=" + boundary,
                "X-Atlassian-Token",
                "no-check");
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res;
    }

    @Test
    void leavesTheVersionOutOnlyWhenIncludeVersionIsFalse() {
        String pageId = create("Versioned");
        String commentId = alice.post(
                        V2 + "/footer-comments",
                        "{\"pageId\":\"" + pageId
                                + "\",\"body\":{\"representation\":\"storage\",\"value\":\"<p>c</p>\"}}")
                .str("id");
        String attId = upload("POST", pageId, "file").results().get(0).get("id").toString();

        for (String path : List.of("/pages/" + pageId, "/footer-comments/" + commentId, "/attachments/" + attId)) {
            assertThat(alice.get(V2 + path).json()).as(path).containsKey("version");
            assertThat(alice.get(V2 + path + "?include-version=true").json())
                    .as(path)
                    .containsKey("version");
            assertThat(alice.get(V2 + path + "?include-version=false").json())
                    .as(path)
                    .doesNotContainKey("version")
                    .containsKey("id");
        }
    }

    @Test
    void listsRootFooterCommentsOnAPageAndRepliesBelowTheirParent() {
        String pageId = create("Discussed");
        String root = comment("{\"pageId\":\"" + pageId + "\"", "<p>root</p>");
        String reply = comment("{\"parentCommentId\":\"" + root + "\"", "<p>/approve</p>");
        String replyToReply = comment("{\"parentCommentId\":\"" + reply + "\"", "<p>thanks</p>");

        Api.Res onPage = alice.get(V2 + "/pages/" + pageId + "/footer-comments");
        Api.Res children = alice.get(V2 + "/footer-comments/" + root + "/children?body-format=storage");
        Api.Res grandChildren = alice.get(V2 + "/footer-comments/" + reply + "/children");

        assertThat(onPage.results()).extracting(c -> c.get("id")).containsExactly(root);
        assertThat(children.status()).as(children.body()).isEqualTo(200);
        assertThat(children.results()).extracting(c -> c.get("id")).containsExactly(reply);
        assertThat(children.results().get(0))
                .containsEntry("parentCommentId", root)
                .doesNotContainKey("pageId");
        assertThat(grandChildren.results()).extracting(c -> c.get("id")).containsExactly(replyToReply);
        assertThat(alice.get(V2 + "/footer-comments").results())
                .extracting(c -> c.get("id"))
                .contains(root, reply, replyToReply);
        assertThat(alice.get(V2 + "/footer-comments/" + pageId + "/children").status())
                .isEqualTo(404);
    }

    private String comment(String jsonStart, String storage) {
        Api.Res res = alice.post(
                V2 + "/footer-comments",
                jsonStart + ",\"body\":{\"representation\":\"storage\",\"value\":\"" + storage + "\"}}");
        assertThat(res.status()).as(res.body()).isEqualTo(201);
        return res.str("id");
    }

    @Test
    void listsOnlySpacesTheUserMayViewAndFiltersByKeys() {
        Api carol = Api.as(emulator, "carol@example.com");

        assertThat(alice.get(V2 + "/spaces").results())
                .extracting(m -> m.get("key"))
                .containsExactly("DEV", "OPS");
        assertThat(carol.get(V2 + "/spaces").results())
                .extracting(m -> m.get("key"))
                .containsExactly("DEV");
        assertThat(alice.get(V2 + "/spaces?keys=OPS").results())
                .extracting(m -> m.get("key"))
                .containsExactly("OPS");
        String opsId =
                alice.get(V2 + "/spaces?keys=OPS").results().get(0).get("id").toString();
        assertThat(alice.get(V2 + "/spaces/" + opsId).str("key")).isEqualTo("OPS");
        assertThat(carol.get(V2 + "/spaces/" + opsId).status()).isEqualTo(404);
    }

    @Test
    void createsPageWithServerSetAuthorTimestampsAndVersionAndReadsItInStorageFormat() {
        Api.Res created = alice.post(V2 + "/pages", page(devId, "Runbook", "<p>Step one</p>"));

        assertThat(created.status()).isEqualTo(200);
        Map<String, Object> json = created.json();
        assertThat(json)
                .containsEntry("title", "Runbook")
                .containsEntry("authorId", "557058:alice")
                .containsEntry("parentId", devHome)
                .containsEntry("spaceId", devId);
        assertThat(((Map<?, ?>) json.get("version")).get("number")).isEqualTo(1.0);
        assertThat(json.get("createdAt").toString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        Api.Res read = alice.get(V2 + "/pages/" + json.get("id") + "?body-format=storage");
        assertThat(((Map<?, ?>) ((Map<?, ?>) read.json().get("body")).get("storage")).get("value"))
                .isEqualTo("<p>Step one</p>");
        assertThat(alice.get(V2 + "/pages/" + json.get("id")).json().get("body"))
                .isEqualTo(Map.of());
    }

    @Test
    void updatesWithTheNextVersionAndRejectsAStaleVersionWith409() {
        String id = create("Versioned");

        Api.Res ok = alice.put(V2 + "/pages/" + id, update(id, "Versioned", "<p>v2</p>", 2));
        Api.Res stale = alice.put(V2 + "/pages/" + id, update(id, "Versioned", "<p>v2 again</p>", 2));
        Api.Res skipping = alice.put(V2 + "/pages/" + id, update(id, "Versioned", "<p>v4</p>", 4));

        assertThat(ok.status()).isEqualTo(200);
        assertThat(((Map<?, ?>) ok.json().get("version")).get("number")).isEqualTo(2.0);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body()).contains("Current version is: 2");
        assertThat(skipping.status()).isEqualTo(409);
        List<Map<String, Object>> versions =
                alice.get(V2 + "/pages/" + id + "/versions").results();
        assertThat(versions).extracting(v -> v.get("number")).containsExactly(2.0, 1.0);
        assertThat(versions.get(0)).containsEntry("message", "edit").containsEntry("authorId", "557058:alice");
    }

    @Test
    void refusesADuplicateTitleInTheSameSpaceButAllowsItInAnother() {
        create("Unique");
        String opsId =
                alice.get(V2 + "/spaces?keys=OPS").results().get(0).get("id").toString();

        Api.Res dup = alice.post(V2 + "/pages", page(devId, "Unique", "<p>again</p>"));
        Api.Res other = alice.post(V2 + "/pages", page(opsId, "Unique", "<p>elsewhere</p>"));
        String second = create("Second");
        Api.Res renameClash = alice.put(V2 + "/pages/" + second, update(second, "Unique", "<p>x</p>", 2));

        assertThat(dup.status()).isEqualTo(400);
        assertThat(dup.body()).contains("A page with this title already exists");
        assertThat(other.status()).isEqualTo(200);
        assertThat(renameClash.status()).isEqualTo(400);
    }

    @Test
    void deletingMovesThePageToTheTrashAndPurgeRemovesIt() {
        String id = create("Doomed");

        assertThat(alice.delete(V2 + "/pages/" + id).status()).isEqualTo(204);

        assertThat(alice.get(V2 + "/pages/" + id).status()).isEqualTo(404);
        assertThat(alice.get(V2 + "/pages/" + id + "?status=trashed").str("status"))
                .isEqualTo("trashed");
        assertThat(alice.get(V2 + "/pages?status=trashed").results())
                .extracting(m -> m.get("id"))
                .containsExactly(id);
        assertThat(alice.get(V2 + "/pages?title=Doomed").results()).isEmpty();
        create("Doomed"); // the title is free again
        assertThat(alice.delete(V2 + "/pages/" + id + "?purge=true").status()).isEqualTo(204);
        assertThat(alice.get(V2 + "/pages/" + id + "?status=trashed").status()).isEqualTo(404);
    }

    @Test
    void filtersPagesBySpaceTitleAndStatus() {
        create("Alpha");
        String opsId =
                alice.get(V2 + "/spaces?keys=OPS").results().get(0).get("id").toString();
        alice.post(V2 + "/pages", page(opsId, "Alpha", "<p>ops</p>"));

        List<Map<String, Object>> inDev =
                alice.get(V2 + "/pages?space-id=" + devId + "&title=Alpha").results();
        List<Map<String, Object>> anywhere =
                alice.get(V2 + "/pages?title=Alpha").results();

        assertThat(inDev).hasSize(1);
        assertThat(inDev.get(0)).containsEntry("spaceId", devId);
        assertThat(anywhere).hasSize(2);
        assertThat(Api.as(emulator, "carol@example.com")
                        .get(V2 + "/pages?title=Alpha")
                        .results())
                .hasSize(1);
    }

    @Test
    void paginatesWithCursorsDefault25AndMaximum250() {
        for (int i = 0; i < 260; i++) {
            emulator.createPage("alice@example.com", "DEV", "Bulk " + i, "<p>" + i + "</p>", null);
        }
        Api.Res first = alice.get(V2 + "/pages?space-id=" + devId);
        assertThat(first.results()).hasSize(25);
        String next = ((Map<?, ?>) first.json().get("_links")).get("next").toString();
        assertThat(next).startsWith("/wiki/api/v2/pages?").contains("cursor=");
        assertThat(first.header("Link")).contains("<" + next + ">; rel=\"next\"");

        Api.Res capped = alice.get(V2 + "/pages?space-id=" + devId + "&limit=1000");
        assertThat(capped.results()).hasSize(250);

        int seen = 0;
        java.util.Set<Object> ids = new java.util.HashSet<>();
        String path = V2 + "/pages?space-id=" + devId + "&limit=100";
        while (path != null) {
            Api.Res r = alice.get(path);
            seen += r.results().size();
            r.results().forEach(m -> ids.add(m.get("id")));
            Object n = ((Map<?, ?>) r.json().get("_links")).get("next");
            path = n == null ? null : n.toString();
        }
        int total = emulator.pageCount() - 1; // every page but the OPS home page
        assertThat(seen).isEqualTo(ids.size()).isEqualTo(total);
        assertThat(alice.get(V2 + "/pages?limit=0").status()).isEqualTo(400);
        assertThat(alice.get(V2 + "/pages?cursor=garbage").status()).isEqualTo(400);
    }

    @Test
    void servesChildrenAncestorsTopDown() {
        String parent = create("Parent");
        Api.Res child = alice.post(
                V2 + "/pages",
                "{\"spaceId\":\"" + devId + "\",\"title\":\"Child\",\"parentId\":\"" + parent
                        + "\",\"body\":{\"representation\":\"storage\",\"value\":\"<p/>\"}}");
        String childId = child.str("id");

        assertThat(alice.get(V2 + "/pages/" + parent + "/children").results())
                .extracting(m -> m.get("id"))
                .containsExactly(childId);
        assertThat(alice.get(V2 + "/pages/" + childId + "/ancestors").results())
                .extracting(m -> m.get("id"))
                .containsExactly(devHome, parent);
        assertThat(alice.get(V2 + "/pages/" + childId + "/ancestors?limit=1").results())
                .extracting(m -> m.get("id"))
                .containsExactly(parent);
    }

    @Test
    void managesContentPropertiesByIdWithVersions() {
        String id = create("Props");
        Api.Res created = alice.post(
                V2 + "/pages/" + id + "/properties", "{\"key\":\"approval\",\"value\":{\"state\":\"pending\"}}");
        String propId = created.str("id");

        Api.Res duplicate = alice.post(V2 + "/pages/" + id + "/properties", "{\"key\":\"approval\",\"value\":1}");
        Api.Res updated = alice.put(
                V2 + "/pages/" + id + "/properties/" + propId,
                "{\"key\":\"approval\",\"value\":{\"state\":\"approved\"},\"version\":{\"number\":2}}");
        Api.Res stale = alice.put(
                V2 + "/pages/" + id + "/properties/" + propId,
                "{\"key\":\"approval\",\"value\":{\"state\":\"x\"},\"version\":{\"number\":2}}");

        assertThat(created.status()).isEqualTo(200);
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(updated.json().get("value")).isEqualTo(Map.of("state", "approved"));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(alice.get(V2 + "/pages/" + id + "/properties?key=approval").results())
                .hasSize(1);
        assertThat(alice.get(V2 + "/pages/" + id + "/properties?key=other").results())
                .isEmpty();
        assertThat(alice.delete(V2 + "/pages/" + id + "/properties/" + propId).status())
                .isEqualTo(204);
        assertThat(alice.get(V2 + "/pages/" + id + "/properties/" + propId).status())
                .isEqualTo(404);
    }

    @Test
    void footerCommentsAreCreatedByCommentersAndListedPerPage() {
        String id = create("Needs approval");
        Api bob = Api.as(emulator, "bob@example.com");
        Api carol = Api.as(emulator, "carol@example.com");
        String comment =
                "{\"pageId\":\"" + id + "\",\"body\":{\"representation\":\"storage\",\"value\":\"<p>/approve</p>\"}}";

        Api.Res byBob = bob.post(V2 + "/footer-comments", comment);
        Api.Res byCarol = carol.post(V2 + "/footer-comments", comment);

        assertThat(byBob.status()).isEqualTo(201);
        assertThat(byBob.header("Location")).endsWith("/footer-comments/" + byBob.str("id"));
        assertThat(byCarol.status()).isEqualTo(403);
        List<Map<String, Object>> list = alice.get(V2 + "/pages/" + id + "/footer-comments?body-format=storage")
                .results();
        assertThat(list).hasSize(1);
        assertThat(((Map<?, ?>) ((Map<?, ?>) list.get(0).get("body")).get("storage")).get("value"))
                .isEqualTo("<p>/approve</p>");
        assertThat(((Map<?, ?>) list.get(0).get("version")).get("authorId")).isEqualTo("557058:bob");
        assertThat(alice.get(V2 + "/footer-comments/" + byBob.str("id")).str("pageId"))
                .isEqualTo(id);
    }

    @Test
    void enforcesSpacePermissions404WithoutViewAnd403WithoutEdit() {
        String opsHome = alice.get(V2 + "/spaces?keys=OPS")
                .results()
                .get(0)
                .get("homepageId")
                .toString();
        Api carol = Api.as(emulator, "carol@example.com");
        String id = create("Protected");

        assertThat(carol.get(V2 + "/pages/" + opsHome).status()).isEqualTo(404);
        assertThat(carol.get(V2 + "/pages/" + id).status()).isEqualTo(200);
        assertThat(carol.put(V2 + "/pages/" + id, update(id, "Protected", "<p>mine</p>", 2))
                        .status())
                .isEqualTo(403);
        assertThat(carol.post(V2 + "/pages", page(devId, "Carol's", "<p/>")).status())
                .isEqualTo(403);
        assertThat(carol.delete(V2 + "/pages/" + id).status()).isEqualTo(403);
        Api robot = Api.as(emulator, "robot@example.com");
        assertThat(robot.put(V2 + "/pages/" + id, update(id, "Protected", "<p>robot</p>", 2))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void listsLabelsAndAttachmentsOfAPage() {
        String notes = alice.get(V2 + "/pages?title=Release%201.0%20notes")
                .results()
                .get(0)
                .get("id")
                .toString();

        assertThat(alice.get(V2 + "/pages/" + notes + "/labels").results())
                .extracting(m -> m.get("name"))
                .containsExactly("release-notes");
        assertThat(alice.get(V2 + "/pages/" + notes + "/attachments").results()).isEmpty();
    }

    @Test
    void rejectsMalformedBodiesWithA400ThatSaysWhatIsWrong() {
        assertThat(alice.post(V2 + "/pages", "{not json").body()).contains("not valid JSON");
        assertThat(alice.post(V2 + "/pages", "{\"title\":\"x\"}").body()).contains("spaceId is required");
        Api.Res adf = alice.post(
                V2 + "/pages",
                "{\"spaceId\":\"" + devId
                        + "\",\"title\":\"x\",\"body\":{\"representation\":\"atlas_doc_format\",\"value\":\"{}\"}}");
        assertThat(adf.status()).isEqualTo(400);
        assertThat(adf.body()).contains("atlas_doc_format");
        assertThat(alice.get(V2 + "/pages?body-format=bogus").status()).isEqualTo(400);
    }
}
