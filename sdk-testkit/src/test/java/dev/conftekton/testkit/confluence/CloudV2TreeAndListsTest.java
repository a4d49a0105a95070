package dev.conftekton.testkit.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Cloud v2 content tree ({@code /direct-children}, {@code /descendants}, {@code /title}) and site-wide lists
 * ({@code /attachments}, {@code /labels}, {@code /inline-comments}); every response is checked against Atlassian's
 * description by {@link Api}.
 */
@ExtendWith(ConfluenceEmulatorExtension.class)
class CloudV2TreeAndListsTest {
    private static final String V2 = "/wiki/api/v2";

    private ConfluenceEmulator emulator;
    private Api alice;
    private Api carol;
    private String devId;
    private String opsId;
    private String opsHome;

    @BeforeEach
    void setUp(ConfluenceEmulator emulator) {
        this.emulator = emulator;
        alice = Api.as(emulator, "alice@example.com");
        carol = Api.as(emulator, "carol@example.com"); // views DEV, not OPS
        devId = alice.get(V2 + "/spaces?keys=DEV").results().get(0).get("id").toString();
        Map<String, Object> ops = alice.get(V2 + "/spaces?keys=OPS").results().get(0);
        opsId = ops.get("id").toString();
        opsHome = ops.get("homepageId").toString();
    }

    private String create(String spaceId, String title, String parentId) {
        Api.Res r = alice.post(
                V2 + "/pages",
                "{\"spaceId\":\"" + spaceId + "\",\"title\":\"" + title + "\""
                        + (parentId == null ? "" : ",\"parentId\":\"" + parentId + "\"")
                        + ",\"body\":{\"representation\":\"storage\",\"value\":\"<p>" + title + "</p>\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.str("id");
    }

    @SuppressWarnings("unchecked")
    private static String next(Api.Res r) {
        Object n = ((Map<String, Object>) r.json().get("_links")).get("next");
        return n == null ? null : n.toString();
    }

    private static List<Object> ids(Api.Res r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.results().stream().map(m -> m.get("id")).toList();
    }

    // ---- direct children ----

    @Test
    void directChildrenListsChildPagesByPositionInCursorPages() {
        String parent = create(devId, "Parent", null);
        String c0 = create(devId, "Child 0", parent);
        String c1 = create(devId, "Child 1", parent);
        String c2 = create(devId, "Child 2", parent);

        Api.Res all = alice.get(V2 + "/pages/" + parent + "/direct-children");
        Api.Res first = alice.get(V2 + "/pages/" + parent + "/direct-children?limit=2");
        Api.Res second = alice.get(next(first));

        assertThat(ids(all)).containsExactly(c0, c1, c2);
        assertThat(all.results().get(1))
                .containsEntry("type", "page")
                .containsEntry("title", "Child 1")
                .containsEntry("status", "current")
                .containsEntry("spaceId", devId)
                .containsEntry("childPosition", 1.0);
        assertThat(next(all)).isNull();
        assertThat(all.header("Link")).isNull();
        assertThat(ids(first)).containsExactly(c0, c1);
        assertThat(next(first))
                .startsWith(V2 + "/pages/" + parent + "/direct-children?")
                .contains("cursor=");
        assertThat(first.header("Link")).contains("<" + next(first) + ">; rel=\"next\"");
        assertThat(ids(second)).containsExactly(c2);
        assertThat(next(second)).isNull();
        assertThat(ids(alice.get(V2 + "/pages/" + parent + "/direct-children?sort=-child-position")))
                .containsExactly(c2, c1, c0);
        assertThat(ids(carol.get(V2 + "/pages/" + parent + "/direct-children"))).containsExactly(c0, c1, c2);
    }

    @Test
    void directChildrenAnswers404ForInvisibleOrUnknownPagesAnd400ForBadParameters() {
        String parent = create(devId, "Parent", null);

        assertThat(alice.get(V2 + "/pages/" + opsHome + "/direct-children").status())
                .isEqualTo(200);
        assertThat(carol.get(V2 + "/pages/" + opsHome + "/direct-children").status())
                .isEqualTo(404);
        assertThat(alice.get(V2 + "/pages/99999999/direct-children").status()).isEqualTo(404);
        assertThat(alice.get(V2 + "/pages/" + parent + "/direct-children?sort=title")
                        .status())
                .isEqualTo(400);
        assertThat(alice.get(V2 + "/pages/" + parent + "/direct-children?limit=0")
                        .status())
                .isEqualTo(400);
        assertThat(alice.get(V2 + "/pages/" + parent + "/direct-children?cursor=garbage")
                        .status())
                .isEqualTo(400);
    }

    // ---- descendants ----

    @Test
    void descendantsComeTopToBottomDownToTheRequestedDepthWithDepthAndParent() {
        String root = create(devId, "Root", null);
        String a = create(devId, "A", root);
        String b = create(devId, "B", root);
        String a1 = create(devId, "A1", a);
        String b1 = create(devId, "B1", b);
        String a11 = create(devId, "A11", a1);

        Api.Res byDefault = alice.get(V2 + "/pages/" + root + "/descendants");
        Api.Res deeper = alice.get(V2 + "/pages/" + root + "/descendants?depth=3");
        Api.Res onlyChildren = alice.get(V2 + "/pages/" + root + "/descendants?depth=1");

        assertThat(ids(byDefault)).containsExactly(a, b, a1, b1); // default depth 2
        assertThat(byDefault.results().get(2))
                .containsEntry("type", "page")
                .containsEntry("title", "A1")
                .containsEntry("status", "current")
                .containsEntry("parentId", a)
                .containsEntry("depth", 2.0)
                .containsEntry("childPosition", 0.0);
        assertThat(byDefault.results().get(1)).containsEntry("depth", 1.0).containsEntry("parentId", root);
        assertThat(ids(deeper)).containsExactly(a, b, a1, b1, a11);
        assertThat(ids(onlyChildren)).containsExactly(a, b);
        assertThat(ids(alice.get(V2 + "/pages/" + a11 + "/descendants"))).isEmpty();
    }

    @Test
    void descendantsPageWithCursorsAndRefuseBadDepthAndInvisiblePages() {
        String root = create(devId, "Root", null);
        String a = create(devId, "A", root);
        String b = create(devId, "B", root);
        String a1 = create(devId, "A1", a);

        Api.Res first = alice.get(V2 + "/pages/" + root + "/descendants?limit=2");
        Api.Res second = alice.get(next(first));

        assertThat(ids(first)).containsExactly(a, b);
        assertThat(first.header("Link")).contains("rel=\"next\"");
        assertThat(ids(second)).containsExactly(a1);
        assertThat(next(second)).isNull();
        assertThat(alice.get(V2 + "/pages/" + root + "/descendants?depth=0").status())
                .isEqualTo(400);
        assertThat(alice.get(V2 + "/pages/" + root + "/descendants?depth=deep").status())
                .isEqualTo(400);
        assertThat(carol.get(V2 + "/pages/" + opsHome + "/descendants").status())
                .isEqualTo(404);
        assertThat(alice.get(V2 + "/pages/99999999/descendants").status()).isEqualTo(404);
    }

    // ---- title ----

    @Test
    @SuppressWarnings("unchecked")
    void updatingTheTitlePublishesTheNextVersionWithTheSameBody() {
        String id = create(devId, "Old title", null);

        Api.Res renamed = alice.put(V2 + "/pages/" + id + "/title", "{\"status\":\"current\",\"title\":\"New title\"}");

        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json()).containsEntry("id", id).containsEntry("title", "New title");
        assertThat(((Map<String, Object>) renamed.json().get("version")).get("number"))
                .isEqualTo(2.0);
        Api.Res read = alice.get(V2 + "/pages/" + id + "?body-format=storage");
        assertThat(read.str("title")).isEqualTo("New title");
        assertThat(((Map<String, Object>) ((Map<String, Object>) read.json().get("body")).get("storage")).get("value"))
                .isEqualTo("<p>Old title</p>");
        assertThat(alice.get(V2 + "/pages/" + id + "/versions").results())
                .extracting(v -> v.get("number"))
                .containsExactly(2.0, 1.0);
        assertThat(ids(alice.get(V2 + "/pages?title=New%20title"))).containsExactly(id);
        assertThat(alice.get(V2 + "/pages?title=Old%20title").results()).isEmpty();
        create(devId, "Old title", null); // the old title is free again
    }

    @Test
    void updatingTheTitleKeepsTitlesUniqueAndChecksPermissionsAndBody() {
        String id = create(devId, "Renamed", null);
        create(devId, "Taken", null);

        assertThat(alice.put(V2 + "/pages/" + id + "/title", "{\"status\":\"current\",\"title\":\"Taken\"}")
                        .status())
                .isEqualTo(400);
        assertThat(carol.put(V2 + "/pages/" + id + "/title", "{\"status\":\"current\",\"title\":\"Carol's\"}")
                        .status())
                .isEqualTo(403);
        assertThat(carol.put(V2 + "/pages/" + opsHome + "/title", "{\"status\":\"current\",\"title\":\"x\"}")
                        .status())
                .isEqualTo(404);
        assertThat(alice.put(V2 + "/pages/99999999/title", "{\"status\":\"current\",\"title\":\"x\"}")
                        .status())
                .isEqualTo(404);
        assertThat(alice.put(V2 + "/pages/" + id + "/title", "{\"title\":\"No status\"}")
                        .status())
                .isEqualTo(400);
        assertThat(alice.put(V2 + "/pages/" + id + "/title", "{\"status\":\"archived\",\"title\":\"x\"}")
                        .status())
                .isEqualTo(400);
        assertThat(alice.put(V2 + "/pages/" + id + "/title", "{\"status\":\"current\"}")
                        .status())
                .isEqualTo(400);
        assertThat(alice.put(V2 + "/pages/" + id + "/title", "{\"status\":\"current\",\"title\":\" \"}")
                        .status())
                .isEqualTo(400);
        assertThat(alice.get(V2 + "/pages/" + id).str("title")).isEqualTo("Renamed");
    }

    // ---- attachments ----

    private String upload(String pageId, String filename, String contentType, String text) {
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n" + text + "\r\n--" + boundary + "--\r\n";
        Api.Res res = alice.sendBytes(
                "POST",
                "/wiki/rest/api/content/" + pageId + "/child/attachment",
                body.getBytes(StandardCharsets.UTF_8),
                "multipart/form-data; boundary=" + boundary,
                "X-Atlassian-Token",
                "no-check");
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.results().get(0).get("id").toString();
    }

    @Test
    void listsEveryAttachmentTheCallerMayViewWithFiltersAndCursorPages() {
        String page = create(devId, "Files", null);
        String notes = upload(page, "notes.txt", "text/plain", "notes");
        String image = upload(page, "logo.png", "image/png", "png");
        String secret = upload(opsHome, "secret.txt", "text/plain", "ops");

        Api.Res all = alice.get(V2 + "/attachments");
        Api.Res first = alice.get(V2 + "/attachments?limit=2");
        Api.Res second = alice.get(next(first));

        assertThat(ids(all)).containsExactly(notes, image, secret);
        assertThat(all.results().get(0))
                .containsEntry("title", "notes.txt")
                .containsEntry("pageId", page)
                .containsEntry("mediaType", "text/plain")
                .containsEntry("status", "current");
        assertThat(ids(first)).containsExactly(notes, image);
        assertThat(first.header("Link")).contains("rel=\"next\"");
        assertThat(ids(second)).containsExactly(secret);
        assertThat(ids(carol.get(V2 + "/attachments"))).containsExactly(notes, image);
        assertThat(ids(alice.get(V2 + "/attachments?filename=logo.png"))).containsExactly(image);
        assertThat(ids(alice.get(V2 + "/attachments?mediaType=text/plain"))).containsExactly(notes, secret);
        assertThat(ids(alice.get(V2 + "/attachments?sort=-created-date"))).containsExactly(secret, image, notes);
        assertThat(ids(alice.get(V2 + "/attachments?status=trashed"))).isEmpty();
        assertThat(alice.get(V2 + "/attachments?status=draft").status()).isEqualTo(400);
        assertThat(alice.get(V2 + "/attachments?sort=title").status()).isEqualTo(400);
        assertThat(alice.get(V2 + "/attachments?limit=0").status()).isEqualTo(400);
    }

    @Test
    void deletingAnAttachmentTrashesItAndPurgeRemovesItForSpaceAdminsOnly() {
        String page = create(devId, "Files", null);
        String att = upload(page, "notes.txt", "text/plain", "notes");
        String numeric = upload(page, "other.txt", "text/plain", "other");
        String secret = upload(opsHome, "secret.txt", "text/plain", "ops");
        Api bob = Api.as(emulator, "bob@example.com"); // comment permission in DEV
        Api robot = Api.as(emulator, "robot@example.com"); // edit, not admin, in DEV

        assertThat(carol.delete(V2 + "/attachments/" + att).status()).isEqualTo(403);
        assertThat(bob.delete(V2 + "/attachments/" + att).status()).isEqualTo(403);
        assertThat(carol.delete(V2 + "/attachments/" + secret).status()).isEqualTo(404);
        assertThat(alice.delete(V2 + "/attachments/att99999999").status()).isEqualTo(404);
        assertThat(alice.delete(V2 + "/attachments/not-an-id").status()).isEqualTo(400);
        assertThat(alice.delete(V2 + "/attachments/" + att + "?purge=true").status())
                .isEqualTo(400); // only trashed attachments are purged

        assertThat(robot.delete(V2 + "/attachments/" + att).status()).isEqualTo(204);

        assertThat(alice.get(V2 + "/attachments/" + att).status()).isEqualTo(404);
        assertThat(ids(alice.get(V2 + "/pages/" + page + "/attachments"))).containsExactly(numeric);
        assertThat(ids(alice.get(V2 + "/attachments"))).doesNotContain(att);
        Api.Res trashed = alice.get(V2 + "/attachments?status=trashed");
        assertThat(ids(trashed)).containsExactly(att);
        assertThat(trashed.results().get(0)).containsEntry("status", "trashed");
        assertThat(alice.delete(V2 + "/attachments/" + att).status()).isEqualTo(404); // already in the trash
        assertThat(robot.delete(V2 + "/attachments/" + att + "?purge=true").status())
                .isEqualTo(403);

        assertThat(alice.delete(V2 + "/attachments/" + att + "?purge=true").status())
                .isEqualTo(204);

        assertThat(ids(alice.get(V2 + "/attachments?status=trashed"))).isEmpty();
        assertThat(alice.delete(V2 + "/attachments/" + att + "?purge=true").status())
                .isEqualTo(404);
        // the path's id may come without the "att" prefix (the description types it as an integer)
        assertThat(alice.delete(V2 + "/attachments/" + numeric.substring(3)).status())
                .isEqualTo(204);
        assertThat(alice.get(V2 + "/pages/" + page + "/attachments").results()).isEmpty();
    }

    // ---- labels ----

    private String labelOpsHome(String name) {
        Api.Res r = alice.post(
                "/wiki/rest/api/content/" + opsHome + "/label", "[{\"prefix\":\"global\",\"name\":\"" + name + "\"}]");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return name;
    }

    private String labelId(String pageId, String name) {
        return alice.get(V2 + "/pages/" + pageId + "/labels").results().stream()
                .filter(l -> name.equals(l.get("name")))
                .findFirst()
                .orElseThrow()
                .get("id")
                .toString();
    }

    private String pageId(String title) {
        return alice.get(V2 + "/pages?title=" + title.replace(" ", "%20"))
                .results()
                .get(0)
                .get("id")
                .toString();
    }

    @Test
    void listsTheLabelsOnContentTheCallerMayViewWithTheIdsPagesReport() {
        labelOpsHome("ops-only");
        String procedure = labelId(pageId("Release procedure"), "procedure");
        String releaseNotes = labelId(pageId("Release 1.0 notes"), "release-notes");
        String opsOnly = labelId(opsHome, "ops-only");

        Api.Res all = alice.get(V2 + "/labels");
        Api.Res first = alice.get(V2 + "/labels?limit=2");
        Api.Res second = alice.get(next(first));

        assertThat(ids(all)).containsExactly(procedure, releaseNotes, opsOnly);
        assertThat(all.results().get(0)).containsEntry("name", "procedure").containsEntry("prefix", "global");
        assertThat(ids(first)).containsExactly(procedure, releaseNotes);
        assertThat(first.header("Link")).contains("rel=\"next\"");
        assertThat(ids(second)).containsExactly(opsOnly);
        assertThat(ids(carol.get(V2 + "/labels"))).containsExactly(procedure, releaseNotes);
        assertThat(ids(alice.get(V2 + "/labels?label-id=" + opsOnly + "," + procedure)))
                .containsExactly(procedure, opsOnly);
        assertThat(ids(alice.get(V2 + "/labels?sort=-name"))).containsExactly(releaseNotes, procedure, opsOnly);
        assertThat(ids(alice.get(V2 + "/labels?prefix=global"))).hasSize(3);
        assertThat(ids(alice.get(V2 + "/labels?prefix=team"))).isEmpty();
        assertThat(alice.get(V2 + "/labels?prefix=bogus").status()).isEqualTo(400);
        assertThat(alice.get(V2 + "/labels?label-id=abc").status()).isEqualTo(400);
        assertThat(alice.get(V2 + "/labels?sort=size").status()).isEqualTo(400);
    }

    @Test
    void listsThePagesCarryingALabelThatTheCallerMayView() {
        String notes = pageId("Release 1.0 notes");
        String releaseNotes = labelId(notes, "release-notes");
        labelOpsHome("release-notes");
        String other = create(devId, "Release 2.0 notes", null);
        Api.Res labelled = alice.post(
                "/wiki/rest/api/content/" + other + "/label", "[{\"prefix\":\"global\",\"name\":\"release-notes\"}]");
        assertThat(labelled.status()).isEqualTo(200);

        Api.Res all = alice.get(V2 + "/labels/" + releaseNotes + "/pages?body-format=storage");
        Api.Res first = alice.get(V2 + "/labels/" + releaseNotes + "/pages?limit=2");
        Api.Res second = alice.get(next(first));

        assertThat(ids(all)).containsExactly(notes, opsHome, other);
        assertThat(all.results().get(0)).containsEntry("title", "Release 1.0 notes");
        assertThat(all.results().get(0).get("body").toString()).contains("First release.");
        assertThat(ids(first)).containsExactly(notes, opsHome);
        assertThat(ids(second)).containsExactly(other);
        assertThat(ids(carol.get(V2 + "/labels/" + releaseNotes + "/pages"))).containsExactly(notes, other);
        assertThat(ids(alice.get(V2 + "/labels/" + releaseNotes + "/pages?space-id=" + opsId)))
                .containsExactly(opsHome);
        assertThat(ids(alice.get(V2 + "/labels/" + releaseNotes + "/pages?sort=-title")))
                .containsExactly(other, notes, opsHome);
        assertThat(alice.get(V2 + "/labels/99999999/pages").status()).isEqualTo(404);
        assertThat(alice.get(V2 + "/labels/abc/pages").status()).isEqualTo(400);
        assertThat(alice.get(V2 + "/labels/" + releaseNotes + "/pages?body-format=bogus")
                        .status())
                .isEqualTo(400);
    }

    // ---- inline comments ----

    @Test
    void answersInlineCommentListsEmptyForVisiblePagesAnd404Otherwise() {
        String page = pageId("Release procedure");

        Api.Res onPage = alice.get(V2 + "/pages/" + page + "/inline-comments?body-format=storage");
        Api.Res everywhere = alice.get(V2 + "/inline-comments");

        assertThat(onPage.status()).as(onPage.body()).isEqualTo(200);
        assertThat(onPage.results()).isEmpty();
        assertThat(onPage.json()).containsKey("_links");
        assertThat(everywhere.status()).isEqualTo(200);
        assertThat(everywhere.results()).isEmpty();
        assertThat(carol.get(V2 + "/pages/" + opsHome + "/inline-comments").status())
                .isEqualTo(404);
        assertThat(alice.get(V2 + "/pages/99999999/inline-comments").status()).isEqualTo(404);
        assertThat(alice.get(V2 + "/pages/" + page + "/inline-comments?resolution-status=gone")
                        .status())
                .isEqualTo(400);
        assertThat(alice.get(V2 + "/inline-comments?sort=title").status()).isEqualTo(400);
        assertThat(alice.get(V2 + "/inline-comments?limit=0").status()).isEqualTo(400);
    }
}
