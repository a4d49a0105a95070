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
        assertThat(alice.get(V1 + "/group/picker?query=a&shouldReturnTotalSize=maybe").status())
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
}
