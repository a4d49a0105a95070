package dev.conftekton.testkit.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** v1 group picker, body conversion and restrictions; every response is checked against the OpenAPI file. */
@ExtendWith(ConfluenceEmulatorExtension.class)
class V1ApiPickerAndConvertTest {
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void picksGroupsWhoseNameContainsTheQueryIgnoringCase() {
        Api.Res app = alice.get(V1 + "/group/picker?query=APP");
        Api.Res users = alice.get(V1 + "/group/picker?query=users&shouldReturnTotalSize=true");
        Api.Res none = alice.get(V1 + "/group/picker?query=nobody");

        assertThat(app.status()).isEqualTo(200);
        assertThat(app.results()).extracting(g -> g.get("name")).containsExactly("approvers");
        assertThat(app.results().get(0)).containsEntry("type", "group").containsKey("id");
        assertThat(app.json()).doesNotContainKey("totalSize");
        assertThat(users.results()).extracting(g -> g.get("name")).containsExactly("confluence-users");
        assertThat(users.json()).containsEntry("totalSize", 1.0);
        assertThat(none.results()).isEmpty();
        assertThat(none.json()).containsEntry("size", 0.0).containsEntry("start", 0.0);
    }

    @Test
    void pagesPickedGroupsByOffset() {
        Api.Res first = alice.get(V1 + "/group/picker?query=e&limit=1");
        Api.Res second = alice.get(V1 + "/group/picker?query=e&limit=1&start=1");

        assertThat(first.results()).extracting(g -> g.get("name")).containsExactly("confluence-users");
        assertThat(map(first.json().get("_links")).get("next").toString())
                .startsWith("/rest/api/group/picker?")
                .contains("start=1");
        assertThat(second.results()).extracting(g -> g.get("name")).containsExactly("approvers");
        assertThat(map(second.json().get("_links"))).doesNotContainKey("next");
    }

    @Test
    void refusesAPickerQueryWithoutAQueryOrWithBadParameters() {
        Api.Res missing = alice.get(V1 + "/group/picker");

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json()).containsEntry("statusCode", 400.0);
        assertThat(alice.get(V1 + "/group/picker?query=a&limit=0").status()).isEqualTo(400);
        assertThat(alice.get(V1 + "/group/picker?query=a&start=-1").status()).isEqualTo(400);
        assertThat(alice.get(V1 + "/group/picker?query=a&shouldReturnTotalSize=maybe")
                        .status())
                .isEqualTo(400);
        assertThat(Api.anonymous(emulator).get(V1 + "/group/picker?query=a").status())
                .isEqualTo(401);
    }

    @Test
    void dataCenterHasNoGroupPickerSoThePathNamesAGroup() {
        Api.Res picker = dc.get(DC + "/group/picker?query=app");

        assertThat(picker.status()).isEqualTo(404);
        assertThat(picker.str("message")).isEqualTo("No group named picker");
        assertThat(dc.get(DC + "/group/approvers").str("name")).isEqualTo("approvers");
        assertThat(alice.get(V1 + "/group/approvers").str("name")).isEqualTo("approvers");
    }

    private static String body(String representation, String value) {
        return "{\"representation\":\"" + representation + "\",\"value\":\"" + value.replace("\"", "\\\"") + "\"}";
    }

    private static final String STORAGE = "<h1>Title</h1><p>Hello <strong>world</strong>&nbsp;!</p>"
            + "<ac:structured-macro ac:name=\"warning\"><ac:rich-text-body><p>Careful</p></ac:rich-text-body>"
            + "</ac:structured-macro><script>alert(1)</script>";

    @Test
    void convertsStorageToViewWithTheWebViewsRenderer() {
        Api.Res view = alice.post(V1 + "/contentbody/convert/view", body("storage", STORAGE));

        assertThat(view.status()).as(view.body()).isEqualTo(200);
        assertThat(view.str("representation")).isEqualTo("view");
        assertThat(view.str("value"))
                .contains("<h1>Title</h1>")
                .contains("<strong>world</strong>")
                .contains("class=\"macro macro-warning\"")
                .contains("Careful")
                .doesNotContain("<script")
                .doesNotContain("ac:structured-macro");
        assertThat(map(view.json().get("_links"))).containsEntry("context", "/wiki");
        assertThat(map(view.json().get("_expandable"))).containsKeys("embeddedContent", "webresource");
    }

    @Test
    void convertsToExportAndStyledViewAndEditorAndBack() {
        Api.Res export = alice.post(V1 + "/contentbody/convert/export_view", body("storage", "<p>x</p>"));
        Api.Res styled = alice.post(
                V1 + "/contentbody/convert/styled_view?expand=embeddedContent,webresource",
                body("storage", "<p>x</p>"));
        Api.Res editor = alice.post(V1 + "/contentbody/convert/editor", body("storage", "<p>x</p>"));
        Api.Res storage = alice.post(V1 + "/contentbody/convert/storage", body("editor", "<p>x</p>"));

        assertThat(export.str("value")).isEqualTo("<p>x</p>");
        assertThat(export.str("representation")).isEqualTo("export_view");
        assertThat(styled.str("value")).startsWith("<html><head><style").contains("<body><p>x</p></body>");
        assertThat(styled.json()).containsKeys("embeddedContent", "webresource");
        assertThat(editor.str("representation")).isEqualTo("editor");
        assertThat(editor.str("value")).isEqualTo("<p>x</p>");
        assertThat(storage.str("representation")).isEqualTo("storage");
    }

    @Test
    void resolvesAttachmentsAgainstThePageGivenAsContext() throws Exception {
        String pageId = alice.get(
                        V1 + "/content?spaceKey=DEV&title=" + java.net.URLEncoder.encode("Release procedure", "UTF-8"))
                .results()
                .get(0)
                .get("id")
                .toString();
        String boundary = "b0undary";
        String multipart =
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"logo.png\"\r\n"
                        + "Content-Type: image/png\r\n\r\nPNG\r\n--" + boundary + "--\r\n";
        Api.Res uploaded = alice.send(
                "POST",
                V1 + "/content/" + pageId + "/child/attachment",
                multipart,
                "multipart/form-data; boundary=" + boundary,
                "X-Atlassian-Token",
                "no-check");
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
        String image = "<ac:image><ri:attachment ri:filename=\"logo.png\" /></ac:image>";

        Api.Res view = alice.post(V1 + "/contentbody/convert/view?contentIdContext=" + pageId, body("storage", image));

        assertThat(view.str("value")).contains("/wiki/download/attachments/" + pageId + "/logo.png");
    }

    @Test
    void refusesUnsupportedConversionsMalformedStorageAndContextsTheCallerCannotView() {
        String opsPage = alice.post(
                        V1 + "/content",
                        "{\"type\":\"page\",\"title\":\"Ops\",\"space\":{\"key\":\"OPS\"},"
                                + "\"body\":{\"storage\":{\"value\":\"<p>o</p>\",\"representation\":\"storage\"}}}")
                .str("id");
        Api bob = Api.as(emulator, "bob@example.com");

        Api.Res broken = alice.post(V1 + "/contentbody/convert/view", body("storage", "<p>unclosed<br></p>"));
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.str("message")).startsWith("Error parsing xhtml: ");
        assertThat(alice.post(V1 + "/contentbody/convert/wiki", body("storage", "<p>x</p>"))
                        .status())
                .isEqualTo(400);
        assertThat(alice.post(V1 + "/contentbody/convert/storage", body("view", "<p>x</p>"))
                        .status())
                .isEqualTo(400);
        assertThat(alice.post(V1 + "/contentbody/convert/view", "{\"value\":\"<p>x</p>\"}")
                        .status())
                .isEqualTo(400);
        assertThat(alice.post(V1 + "/contentbody/convert/view?embeddedContentRender=later", body("storage", "<p>x</p>"))
                        .status())
                .isEqualTo(400);
        assertThat(bob.post(V1 + "/contentbody/convert/view?contentIdContext=" + opsPage, body("storage", "<p>x</p>"))
                        .status())
                .isEqualTo(404);
        assertThat(bob.post(V1 + "/contentbody/convert/view?spaceKeyContext=OPS", body("storage", "<p>x</p>"))
                        .status())
                .isEqualTo(404);
        assertThat(alice.post(V1 + "/contentbody/convert/view?contentIdContext=" + opsPage, body("storage", "<p>x</p>"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void dataCenterConvertsUnderItsPath() {
        Api.Res view = dc.post(DC + "/contentbody/convert/view", body("storage", "<p>dc</p>"));

        assertThat(view.status()).isEqualTo(200);
        assertThat(view.str("value")).isEqualTo("<p>dc</p>");
        assertThat(map(view.json().get("_links"))).containsEntry("context", "");
    }

    private String devPageId() {
        return alice.get(V1 + "/content?spaceKey=DEV&limit=1")
                .results()
                .get(0)
                .get("id")
                .toString();
    }

    @Test
    void answersThatContentHasNoRestrictions() {
        String id = devPageId();

        Api.Res all = alice.get(V1 + "/content/" + id + "/restriction");
        Api.Res byOperation = alice.get(V1 + "/content/" + id + "/restriction/byOperation?expand=content");
        Api.Res read = alice.get(V1 + "/content/" + id + "/restriction/byOperation/read?limit=10");

        assertThat(all.status()).as(all.body()).isEqualTo(200);
        assertThat(all.results()).extracting(r -> r.get("operation")).containsExactly("read", "update");
        assertThat(all.json()).containsKey("restrictionsHash").containsEntry("size", 2.0);
        Map<String, Object> restrictions = map(all.results().get(1).get("restrictions"));
        assertThat(map(restrictions.get("user")).get("results")).asList().isEmpty();
        assertThat(map(restrictions.get("group")).get("results")).asList().isEmpty();
        assertThat(byOperation.json()).containsKeys("read", "update");
        assertThat(map(map(byOperation.json().get("update")).get("content"))).containsEntry("id", id);
        assertThat(read.json()).containsEntry("operation", "read");
        assertThat(map(map(read.json().get("restrictions")).get("user"))).containsEntry("limit", 10.0);
    }

    @Test
    void hidesRestrictionsOfContentTheCallerMayNotViewAndRefusesBadOperations() {
        String id = devPageId();
        Api robot = Api.as(emulator, "robot@example.com");
        String opsPage = alice.post(
                        V1 + "/content",
                        "{\"type\":\"page\",\"title\":\"Ops r\",\"space\":{\"key\":\"OPS\"},"
                                + "\"body\":{\"storage\":{\"value\":\"<p>o</p>\",\"representation\":\"storage\"}}}")
                .str("id");

        assertThat(robot.get(V1 + "/content/" + opsPage + "/restriction").status())
                .isEqualTo(404);
        assertThat(robot.get(V1 + "/content/" + opsPage + "/restriction/byOperation")
                        .status())
                .isEqualTo(404);
        assertThat(alice.get(V1 + "/content/999999999/restriction/byOperation/read")
                        .status())
                .isEqualTo(404);
        assertThat(alice.get(V1 + "/content/" + id + "/restriction/byOperation/delete")
                        .status())
                .isEqualTo(400);
        assertThat(alice.get(V1 + "/content/" + id + "/restriction?start=-1").status())
                .isEqualTo(400);
    }

    @Test
    void dataCenterAnswersRestrictionsByOperation() {
        String id = devPageId();

        Api.Res byOperation = dc.get(DC + "/content/" + id + "/restriction/byOperation");

        assertThat(byOperation.status()).isEqualTo(200);
        assertThat(byOperation.json()).containsKeys("read", "update");
        assertThat(dc.get(DC + "/content/" + id + "/restriction/byOperation/update")
                        .str("operation"))
                .isEqualTo("update");
    }
}
