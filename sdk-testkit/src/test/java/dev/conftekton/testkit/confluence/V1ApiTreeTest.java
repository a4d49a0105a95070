package dev.conftekton.testkit.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** v1 descendants and space content, on Cloud and Data Center; every response is checked against the OpenAPI file. */
@ExtendWith(ConfluenceEmulatorExtension.class)
class V1ApiTreeTest {
    private static final String V1 = "/wiki/rest/api";
    private static final String DC = "/rest/api";

    private ConfluenceEmulator emulator;
    private Api alice;
    private Api dc;

    @BeforeEach
    void setUp(ConfluenceEmulator emulator) {
        this.emulator = emulator;
        alice = Api.as(emulator, "alice@example.com");
        dc = new Api(emulator, emulator.user("alice@example.com").bearerAuthorization());
    }

    private String createPage(String space, String title, String parentId) {
        Api.Res r = alice.post(
                V1 + "/content",
                "{\"type\":\"page\",\"title\":\"" + title + "\",\"space\":{\"key\":\"" + space + "\"},"
                        + (parentId == null ? "" : "\"ancestors\":[{\"id\":\"" + parentId + "\"}],")
                        + "\"body\":{\"storage\":{\"value\":\"<p>" + title
                        + "</p>\",\"representation\":\"storage\"}}}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.str("id");
    }

    private String comment(String pageId, String parentCommentId) {
        Api.Res r = alice.post(
                "/wiki/api/v2/footer-comments",
                (parentCommentId == null
                                ? "{\"pageId\":\"" + pageId + "\""
                                : "{\"parentCommentId\":\"" + parentCommentId + "\"")
                        + ",\"body\":{\"representation\":\"storage\",\"value\":\"<p>c</p>\"}}");
        assertThat(r.status()).as(r.body()).isIn(200, 201);
        return r.str("id");
    }

    private static List<Object> ids(Api.Res r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.results().stream().map(m -> m.get("id")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    /** A tree: top > (a > a1 > a11, b); comments on top: c1 > r1 > r11, c2. */
    private record Tree(
            String top, String a, String a1, String a11, String b, String c1, String r1, String r11, String c2) {}

    private Tree tree() {
        String top = createPage("DEV", "Top", null);
        String a = createPage("DEV", "A", top);
        String a1 = createPage("DEV", "A1", a);
        String a11 = createPage("DEV", "A11", a1);
        String b = createPage("DEV", "B", top);
        String c1 = comment(top, null);
        String r1 = comment(top, c1);
        String r11 = comment(top, r1);
        String c2 = comment(top, null);
        return new Tree(top, a, a1, a11, b, c1, r1, r11, c2);
    }

    @Test
    void listsPageDescendantsAtEveryLevelInTreeOrderAndHonoursDepthOnCloud() {
        Tree t = tree();

        assertThat(ids(alice.get(V1 + "/content/" + t.top() + "/descendant/page")))
                .containsExactly(t.a(), t.a1(), t.a11(), t.b());
        assertThat(ids(alice.get(V1 + "/content/" + t.top() + "/descendant/page?depth=root")))
                .containsExactly(t.a(), t.b());
        assertThat(ids(alice.get(V1 + "/content/" + t.top() + "/descendant/page?depth=2")))
                .containsExactly(t.a(), t.a1(), t.b());
        assertThat(ids(alice.get(V1 + "/content/" + t.a11() + "/descendant/page")))
                .isEmpty();
    }

    @Test
    void listsCommentDescendantsWithRepliesAndHonoursDepthOnCloud() {
        Tree t = tree();

        assertThat(ids(alice.get(V1 + "/content/" + t.top() + "/descendant/comment")))
                .containsExactly(t.c1(), t.r1(), t.r11(), t.c2());
        assertThat(ids(alice.get(V1 + "/content/" + t.top() + "/descendant/comment?depth=root")))
                .containsExactly(t.c1(), t.c2());
        assertThat(ids(alice.get(V1 + "/content/" + t.top() + "/descendant/comment?depth=2")))
                .containsExactly(t.c1(), t.r1(), t.c2());
    }

    @Test
    void pagesDescendantsByOffsetWithExpansions() {
        Tree t = tree();

        Api.Res first = alice.get(V1 + "/content/" + t.top() + "/descendant/page?limit=3&expand=body.storage");
        Api.Res rest = alice.get(V1 + "/content/" + t.top() + "/descendant/page?limit=3&start=3");

        assertThat(ids(first)).containsExactly(t.a(), t.a1(), t.a11());
        assertThat(first.json())
                .containsEntry("start", 0.0)
                .containsEntry("limit", 3.0)
                .containsEntry("size", 3.0);
        assertThat(map(first.json().get("_links")).get("next").toString())
                .startsWith("/rest/api/content/" + t.top() + "/descendant/page?")
                .contains("start=3");
        assertThat(map(map(map(first.results().get(0).get("body")).get("storage")))
                        .get("value"))
                .isEqualTo("<p>A</p>");
        assertThat(ids(rest)).containsExactly(t.b());
        assertThat(map(rest.json().get("_links"))).doesNotContainKey("next").containsKey("prev");
    }

    @Test
    void mapsEveryDescendantTypeAndExpandsTheOnesAskedFor() {
        Tree t = tree();

        Map<String, Object> plain =
                alice.get(V1 + "/content/" + t.top() + "/descendant").json();
        Map<String, Object> expanded = alice.get(V1 + "/content/" + t.top() + "/descendant?expand=page,comment")
                .json();

        assertThat(plain).doesNotContainKeys("page", "comment", "attachment");
        assertThat(map(plain.get("_expandable")))
                .containsOnlyKeys("page", "comment", "attachment")
                .containsEntry("page", "/rest/api/content/" + t.top() + "/descendant/page");
        assertThat(map(expanded.get("page")).get("results")).asList().hasSize(4);
        assertThat(map(expanded.get("comment")).get("size")).isEqualTo(4.0);
        assertThat(map(expanded.get("_expandable"))).containsOnlyKeys("attachment");
    }

    @Test
    void hidesDescendantsOfContentTheCallerMayNotViewAndRefusesBadParameters() {
        String ops = createPage("OPS", "Ops top", null);
        Api bob = Api.as(emulator, "bob@example.com");

        assertThat(bob.get(V1 + "/content/" + ops + "/descendant").status()).isEqualTo(404);
        assertThat(bob.get(V1 + "/content/" + ops + "/descendant/page").status())
                .isEqualTo(404);
        assertThat(alice.get(V1 + "/content/999999999/descendant/page").status())
                .isEqualTo(404);
        Api.Res badDepth = alice.get(V1 + "/content/" + ops + "/descendant/page?depth=101");
        assertThat(badDepth.status()).isEqualTo(400);
        assertThat(badDepth.json()).containsEntry("statusCode", 400.0);
        assertThat(alice.get(V1 + "/content/" + ops + "/descendant/page?depth=deep")
                        .status())
                .isEqualTo(400);
        assertThat(alice.get(V1 + "/content/" + ops + "/descendant/blogpost").status())
                .isEqualTo(400);
        assertThat(alice.get(V1 + "/content/" + ops + "/descendant/page?start=-1")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void dataCenterServesCommentDescendantsOnlyAsAtlassianDocuments() {
        Tree t = tree();

        assertThat(ids(dc.get(DC + "/content/" + t.top() + "/descendant/comment")))
                .containsExactly(t.c1(), t.r1(), t.r11(), t.c2());
        Api.Res pages = dc.get(DC + "/content/" + t.top() + "/descendant/page");
        assertThat(pages.status()).isEqualTo(501);
        assertThat(pages.str("message")).isEqualTo("Page children is currently only supported for direct children");
        Map<String, Object> descendantMap =
                dc.get(DC + "/content/" + t.top() + "/descendant").json();
        assertThat(map(descendantMap.get("_expandable"))).containsOnlyKeys("comment");
        assertThat(map(descendantMap.get("_links"))).containsEntry("context", "");
        assertThat(dc.get(DC + "/content/999999999/descendant/comment").status())
                .isEqualTo(404);
    }

    private List<Object> spacePageIds() {
        return ids(alice.get(V1 + "/content?spaceKey=DEV&limit=200"));
    }

    @Test
    void listsASpacesPagesByIdWithRootDepthPagingAndNoBlogPosts() {
        String top = createPage("DEV", "Space top", null);
        createPage("DEV", "Space child", top);
        String trashed = createPage("DEV", "Space trashed", null);
        assertThat(alice.delete(V1 + "/content/" + trashed).status()).isEqualTo(204);
        List<Object> all = spacePageIds();
        Object home = all.get(0);

        Api.Res byType = alice.get(V1 + "/space/DEV/content/page?limit=2&expand=body.storage");
        Api.Res root = alice.get(V1 + "/space/DEV/content/page?depth=root");
        Api.Res both = alice.get(V1 + "/space/DEV/content?limit=200&expand=page.version");

        assertThat(all).hasSize(5).doesNotContain(trashed);
        assertThat(ids(byType)).containsExactlyElementsOf(all.subList(0, 2));
        assertThat(map(byType.json().get("_links")).get("next").toString())
                .startsWith("/rest/api/space/DEV/content/page?")
                .contains("start=2");
        assertThat(map(map(byType.results().get(0).get("body")).get("storage"))).containsKey("value");
        assertThat(ids(alice.get(V1 + "/space/DEV/content/page?limit=2&start=4")))
                .containsExactlyElementsOf(all.subList(4, 5));
        assertThat(ids(root)).containsExactly(home, top);
        assertThat(map(both.json().get("page")).get("size")).isEqualTo(5.0);
        assertThat((List<?>) map(both.json().get("page")).get("results"))
                .allSatisfy(c -> assertThat(map(c)).containsKey("version"));
        assertThat(map(both.json().get("blogpost")).get("size")).isEqualTo(0.0);
        assertThat(ids(alice.get(V1 + "/space/DEV/content/blogpost"))).isEmpty();
    }

    @Test
    void linksEachListOfASpacesContentToItsOwnType() {
        Api.Res both = alice.get(V1 + "/space/DEV/content?limit=1");

        Map<String, Object> pageLinks = map(map(both.json().get("page")).get("_links"));
        assertThat(pageLinks.get("next").toString()).startsWith("/rest/api/space/DEV/content/page?");
        Api.Res next = alice.get("/wiki" + pageLinks.get("next"));
        assertThat(next.json()).containsEntry("start", 1.0);
        assertThat(map(map(both.json().get("blogpost")).get("_links"))).doesNotContainKey("next");
    }

    @Test
    void hidesSpaceContentFromThoseWhoMayNotViewTheSpaceAndRefusesBadParameters() {
        Api bob = Api.as(emulator, "bob@example.com");

        assertThat(bob.get(V1 + "/space/OPS/content").status()).isEqualTo(404);
        assertThat(bob.get(V1 + "/space/OPS/content/page").status()).isEqualTo(404);
        assertThat(alice.get(V1 + "/space/NOPE/content/page").status()).isEqualTo(404);
        assertThat(alice.get(V1 + "/space/DEV/content/page?depth=deep").status())
                .isEqualTo(400);
        assertThat(alice.get(V1 + "/space/DEV/content?depth=2").status()).isEqualTo(400);
        assertThat(alice.get(V1 + "/space/DEV/content/comment").status()).isEqualTo(400);
        assertThat(alice.get(V1 + "/space/DEV/content/page?limit=0").status()).isEqualTo(400);
        assertThat(ids(bob.get(V1 + "/space/DEV/content/page"))).hasSize(3);
    }

    @Test
    void dataCenterServesSpaceContentUnderItsPath() {
        Api.Res both = dc.get(DC + "/space/DEV/content");
        Api.Res pages = dc.get(DC + "/space/DEV/content/page?depth=root");

        assertThat(map(both.json().get("page")).get("size")).isEqualTo(3.0);
        assertThat(map(both.json().get("_links"))).containsEntry("context", "");
        assertThat(ids(pages)).hasSize(1);
        assertThat(map(pages.results().get(0).get("_links")).get("webui").toString())
                .startsWith("/pages/viewpage.action?pageId=");
    }
}
