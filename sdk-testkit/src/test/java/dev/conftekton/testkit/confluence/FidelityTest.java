package dev.conftekton.testkit.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Where the real API matters for the approval gate: account status, comment versions, content states that publish a
 * version, and text fields of multipart uploads. Every response is checked against Atlassian's OpenAPI files.
 */
@ExtendWith(ConfluenceEmulatorExtension.class)
class FidelityTest {
    private static final String V2 = "/wiki/api/v2";
    private static final String V1 = "/wiki/rest/api";

    private ConfluenceEmulator emulator;
    private Api alice;
    private Api bob;
    private String pageId;

    @BeforeEach
    void setUp(ConfluenceEmulator emulator) {
        this.emulator = emulator;
        alice = Api.as(emulator, "alice@example.com");
        bob = Api.as(emulator, "bob@example.com");
        String devId =
                alice.get(V2 + "/spaces?keys=DEV").results().get(0).get("id").toString();
        Api.Res page = alice.post(
                V2 + "/pages",
                "{\"spaceId\":\"" + devId + "\",\"status\":\"current\",\"title\":\"Release 2.0\","
                        + "\"body\":{\"representation\":\"storage\",\"value\":\"<p>notes</p>\"}}");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        pageId = page.str("id");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static String usersBulk(String... ids) {
        return "{\"accountIds\":[\"" + String.join("\",\"", ids) + "\"]}";
    }

    // ---------------------------------------------------------------- users

    @Test
    void usersBulkReportsAccountStatusAndLeavesUnknownAccountsOut() {
        Api.Res r = alice.post(V2 + "/users-bulk", usersBulk("557058:alice", "557058:bob", "557058:nobody"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.results())
                .extracting(u -> u.get("accountId"), u -> u.get("accountStatus"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("557058:alice", "active"),
                        org.assertj.core.groups.Tuple.tuple("557058:bob", "active"));
        assertThat(alice.post(V2 + "/users-bulk", "{\"accountIds\":[]}").status())
                .isEqualTo(400);
    }

    @Test
    void deactivatingAUserAtRuntimeShowsWhereCloudAndDataCenterShowIt() {
        emulator.deactivate("bob@example.com");

        // v2: accountStatus
        assertThat(alice.post(V2 + "/users-bulk", usersBulk("557058:bob")).results())
                .singleElement()
                .satisfies(u -> assertThat(u).containsEntry("accountStatus", "inactive"));
        // v1 Cloud: no status field, an empty operations list (the user still resolves)
        Api.Res v1 = alice.get(V1 + "/user?accountId=557058:bob&expand=operations");
        assertThat(v1.status()).isEqualTo(200);
        assertThat(v1.json()).containsEntry("type", "known").containsEntry("operations", List.of());
        assertThat(alice.get(V1 + "/user?accountId=557058:alice&expand=operations")
                        .json()
                        .get("operations"))
                .asList()
                .isNotEmpty();
        assertThat(alice.get(V1 + "/user/bulk?accountId=557058:alice,557058:bob&expand=operations")
                        .results())
                .extracting(u -> u.get("accountId"), u -> ((List<?>) u.get("operations")).isEmpty())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("557058:alice", false),
                        org.assertj.core.groups.Tuple.tuple("557058:bob", true));
        // Data Center: expand=status
        Api dcAlice = new Api(emulator, emulator.user("alice@example.com").bearerAuthorization());
        assertThat(dcAlice.get("/rest/api/user?key=557058:bob&expand=status").json())
                .containsEntry("status", "Deactivated");
        assertThat(dcAlice.get("/rest/api/user?key=557058:alice&expand=status").json())
                .containsEntry("status", "Active");
        // and the deactivated user can no longer sign in
        assertThat(bob.get(V1 + "/user/current").status()).isEqualTo(401);

        emulator.reactivate("557058:bob");

        assertThat(bob.get(V1 + "/user/current").status()).isEqualTo(200);
        assertThat(alice.post(V2 + "/users-bulk", usersBulk("557058:bob")).results())
                .singleElement()
                .satisfies(u -> assertThat(u).containsEntry("accountStatus", "active"));
    }

    // ---------------------------------------------------------------- footer comment versions

    private String comment(Api who, String body) {
        Api.Res r = who.post(
                V2 + "/footer-comments",
                "{\"pageId\":\"" + pageId + "\",\"body\":{\"representation\":\"storage\",\"value\":\"" + body + "\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.str("id");
    }

    private static String edit(int version, String body) {
        return "{\"version\":{\"number\":" + version + ",\"message\":\"edit\"},"
                + "\"body\":{\"representation\":\"storage\",\"value\":\"" + body + "\"}}";
    }

    @Test
    void footerCommentsAreEditedWithVersionsAndEveryVersionKeepsItsAuthorTimeAndBody() {
        String id = comment(bob, "<p>looks fine</p>");

        Api.Res byOther = Api.as(emulator, "carol@example.com").put(V2 + "/footer-comments/" + id, edit(2, "<p>x</p>"));
        Api.Res byAuthor = bob.put(V2 + "/footer-comments/" + id, edit(2, "<p>/approve</p>"));
        Api.Res stale = bob.put(V2 + "/footer-comments/" + id, edit(2, "<p>again</p>"));
        Api.Res byAdmin = alice.put(V2 + "/footer-comments/" + id, edit(3, "<p>/approve</p><p>(admin)</p>"));

        assertThat(byOther.status()).isEqualTo(404);
        assertThat(byAuthor.status()).as(byAuthor.body()).isEqualTo(200);
        assertThat(map(byAuthor.json().get("version")))
                .containsEntry("number", 2.0)
                .containsEntry("authorId", "557058:bob");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(byAdmin.status()).isEqualTo(200);

        List<Map<String, Object>> versions = alice.get(V2 + "/footer-comments/" + id + "/versions?body-format=storage")
                .results();
        assertThat(versions)
                .extracting(v -> v.get("number"), v -> v.get("authorId"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3.0, "557058:alice"),
                        org.assertj.core.groups.Tuple.tuple(2.0, "557058:bob"),
                        org.assertj.core.groups.Tuple.tuple(1.0, "557058:bob"));
        assertThat(map(map(map(versions.get(2).get("comment")).get("body")).get("storage")))
                .containsEntry("value", "<p>looks fine</p>");

        Api.Res v1 = alice.get(V2 + "/footer-comments/" + id + "?version=1&body-format=storage");
        assertThat(map(v1.json().get("version"))).containsEntry("number", 1.0).containsEntry("authorId", "557058:bob");
        assertThat(map(map(v1.json().get("body")).get("storage"))).containsEntry("value", "<p>looks fine</p>");

        Api.Res detail = alice.get(V2 + "/footer-comments/" + id + "/versions/2");
        assertThat(detail.json())
                .containsEntry("authorId", "557058:bob")
                .containsEntry("prevVersion", 1.0)
                .containsEntry("nextVersion", 3.0);
        assertThat(alice.get(V2 + "/footer-comments/" + id + "/versions/9").status())
                .isEqualTo(404);

        // REST v1 addresses the old version as status=historical
        Api.Res historical =
                alice.get(V1 + "/content/" + id + "?status=historical&version=1&expand=body.storage,version");
        assertThat(historical.status()).isEqualTo(200);
        assertThat(historical.json()).containsEntry("status", "historical");
        assertThat(map(map(historical.json().get("version")).get("by"))).containsEntry("accountId", "557058:bob");
    }

    // ---------------------------------------------------------------- content states

    @Test
    void settingAndRemovingAContentStatePublishesAVersionBySetterWithTheSameBody() {
        Api.Res set = alice.put(
                V1 + "/content/" + pageId + "/state?status=current", "{\"name\":\"Approved\",\"color\":\"#00ff00\"}");
        assertThat(set.status()).isEqualTo(200);

        List<Map<String, Object>> versions = alice.get(V2 + "/pages/" + pageId + "/versions?body-format=storage")
                .results();
        assertThat(versions)
                .extracting(v -> v.get("number"), v -> v.get("authorId"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2.0, "557058:alice"),
                        org.assertj.core.groups.Tuple.tuple(1.0, "557058:alice"));
        assertThat(map(map(map(versions.get(0).get("page")).get("body")).get("storage")))
                .containsEntry("value", "<p>notes</p>");
        assertThat(set.json().get("lastUpdated")).isEqualTo(versions.get(0).get("createdAt"));

        assertThat(alice.delete(V1 + "/content/" + pageId + "/state").status()).isEqualTo(200);

        assertThat(alice.get(V2 + "/pages/" + pageId).json().get("version"))
                .satisfies(v -> assertThat(map(v)).containsEntry("number", 3.0));
    }

    // ---------------------------------------------------------------- multipart text fields

    @Test
    void multipartTextFieldsAreDecodedInTheirDeclaredCharsetAndOtherwiseAsLatin1LikeConfluence() {
        String comment = "Größe geprüft ✓";
        byte[] withCharset = upload("a.txt", "Content-Type: text/plain; charset=UTF-8\r\n", comment);
        byte[] without = upload("b.txt", "", comment);
        String path = V1 + "/content/" + pageId + "/child/attachment";
        String type = "multipart/form-data; boundary=b0undary";

        Api.Res declared = alice.sendBytes("POST", path, withCharset, type, "X-Atlassian-Token", "no-check");
        Api.Res undeclared = alice.sendBytes("POST", path, without, type, "X-Atlassian-Token", "no-check");

        assertThat(map(declared.results().get(0).get("extensions"))).containsEntry("comment", comment);
        assertThat(map(undeclared.results().get(0).get("extensions")))
                .containsEntry(
                        "comment", new String(comment.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }

    private static byte[] upload(String filename, String commentHeader, String comment) {
        String body = "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: text/plain\r\n\r\nhello\r\n--b0undary\r\n"
                + "Content-Disposition: form-data; name=\"comment\"\r\n" + commentHeader + "\r\n" + comment
                + "\r\n--b0undary--\r\n";
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
