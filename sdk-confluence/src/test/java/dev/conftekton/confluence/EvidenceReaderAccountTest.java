package dev.conftekton.confluence;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.confluence.approval.ConfluenceEvidenceReader;
import dev.conftekton.confluence.approval.EvidenceReader.Account;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The approval gate's account check fails closed: an account counts as active only when Confluence says so, in the
 * shapes Atlassian's OpenAPI files give (every interaction is validated).
 */
class EvidenceReaderAccountTest {
    @RegisterExtension
    static final ValidatedConfluence server = new ValidatedConfluence();

    private static final String ANN = "557058:ann";

    private static String v1User(String operations) {
        return """
                {"type":"known","accountId":"557058:ann","accountType":"atlassian","publicName":"Ann",
                 "displayName":"Ann Approver"%s,"_links":{}}
                """
                .formatted(operations == null ? "" : ",\"operations\":" + operations);
    }

    private static final String OPS = "[{\"operation\":\"use\",\"targetType\":\"application\"}]";

    private void cloudUser(String body) {
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/rest/api/user"))
                        .withQueryParam("accountId", equalTo(ANN))
                        .withQueryParam("expand", equalTo("operations"))
                        .willReturn(okJson(body)));
    }

    private void usersBulk(int status, String body) {
        var response = aResponse().withStatus(status);
        if (body != null) {
            response = response.withHeader("Content-Type", "application/json").withBody(body);
        }
        server.wireMock()
                .stubFor(post(urlPathEqualTo("/wiki/api/v2/users-bulk"))
                        .withRequestBody(equalToJson("{\"accountIds\":[\"557058:ann\"]}"))
                        .willReturn(response));
    }

    private static String bulk(String status) {
        return "{\"results\":[{\"accountId\":\"557058:ann\",\"accountType\":\"atlassian\",\"accountStatus\":\"" + status
                + "\",\"displayName\":\"Ann Approver\"}],\"_links\":{}}";
    }

    private Optional<Account> cloud() {
        return new ConfluenceEvidenceReader(TestClients.cloud(server)).account(ANN);
    }

    @Test
    void cloudAccountIsActiveOnlyWhenUsersBulkSaysActive() {
        cloudUser(v1User(OPS));
        usersBulk(200, bulk("active"));

        assertThat(cloud()).hasValueSatisfying(a -> {
            assertThat(a.active()).isTrue();
            assertThat(a.displayName()).isEqualTo("Ann Approver");
        });
    }

    @Test
    void cloudAccountDeactivatedOrClosedInUsersBulkIsNotActive() {
        cloudUser(v1User(OPS));
        usersBulk(200, bulk("inactive"));
        assertThat(cloud()).hasValueSatisfying(a -> assertThat(a.active()).isFalse());

        usersBulk(200, bulk("closed"));
        assertThat(cloud()).hasValueSatisfying(a -> assertThat(a.active()).isFalse());

        usersBulk(200, "{\"results\":[],\"_links\":{}}");
        assertThat(cloud()).hasValueSatisfying(a -> assertThat(a.active()).isFalse());
    }

    @Test
    void cloudAccountsReadTheirStatusesInOneUsersBulkRequest() {
        String bob = "557058:bob";
        cloudUser(v1User(OPS));
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/rest/api/user"))
                        .withQueryParam("accountId", equalTo(bob))
                        .withQueryParam("expand", equalTo("operations"))
                        .willReturn(okJson(v1User(OPS).replace(ANN, bob).replace("Ann Approver", "Bob"))));
        server.wireMock()
                .stubFor(post(urlPathEqualTo("/wiki/api/v2/users-bulk"))
                        .withRequestBody(equalToJson("{\"accountIds\":[\"557058:ann\",\"557058:bob\"]}"))
                        .willReturn(okJson("{\"results\":[{\"accountId\":\"557058:ann\",\"accountType\":\"atlassian\","
                                + "\"accountStatus\":\"active\",\"displayName\":\"Ann Approver\"},"
                                + "{\"accountId\":\"557058:bob\",\"accountType\":\"atlassian\","
                                + "\"accountStatus\":\"inactive\",\"displayName\":\"Bob\"}],\"_links\":{}}")));

        Map<String, Optional<Account>> accounts =
                new ConfluenceEvidenceReader(TestClients.cloud(server)).accounts(List.of(ANN, bob));

        assertThat(accounts.get(ANN))
                .hasValueSatisfying(a -> assertThat(a.active()).isTrue());
        assertThat(accounts.get(bob)).hasValueSatisfying(a -> {
            assertThat(a.active()).isFalse();
            assertThat(a.displayName()).isEqualTo("Bob");
        });
        server.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/wiki/api/v2/users-bulk")));
    }

    @Test
    void cloudAccountWhoseStatusCannotBeReadIsNotActive() {
        cloudUser(v1User(OPS));
        usersBulk(404, null); // the gate's account may not view user profiles

        assertThat(cloud()).hasValueSatisfying(a -> assertThat(a.active()).isFalse());
    }

    @Test
    void cloudUserWithoutOperationsIsDeactivatedWhateverElseSaysSo() {
        cloudUser(v1User("[]"));
        usersBulk(200, bulk("active"));

        assertThat(cloud()).hasValueSatisfying(a -> assertThat(a.active()).isFalse());
    }

    @Test
    void unknownAccountIsEmpty() {
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/rest/api/user"))
                        .willReturn(aResponse().withStatus(404)));

        assertThat(cloud()).isEmpty();
    }

    @Test
    void dataCenterAccountIsActiveOnlyWithAnActiveStatus() {
        // Data Center looks users up by key (not accountId) and expands 'status', which its user then carries:
        // the Cloud description standing in for it knows none of the three.
        server.allow("/rest/api/user", "validation.response.body.schema.additionalProperties");
        server.allow("/rest/api/user", "validation.request.parameter.query.missing");
        server.allow("/rest/api/user", "validation.request.parameter.schema.enum");
        ConfluenceEvidenceReader reader = new ConfluenceEvidenceReader(TestClients.dataCenter(server, ""));
        String user = "{\"type\":\"known\",\"username\":\"ann\",\"userKey\":\"%s\",\"displayName\":\"Ann\"%s,"
                + "\"_links\":{}}";
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/rest/api/user"))
                        .withQueryParam("key", equalTo("k-active"))
                        .withQueryParam("expand", equalTo("status"))
                        .willReturn(okJson(user.formatted("k-active", ",\"status\":\"Active\""))));
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/rest/api/user"))
                        .withQueryParam("key", equalTo("k-off"))
                        .willReturn(okJson(user.formatted("k-off", ",\"status\":\"Deactivated\""))));
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/rest/api/user"))
                        .withQueryParam("key", equalTo("k-silent"))
                        .willReturn(okJson(user.formatted("k-silent", ""))));

        assertThat(reader.account("k-active"))
                .hasValueSatisfying(a -> assertThat(a.active()).isTrue());
        assertThat(reader.account("k-off"))
                .hasValueSatisfying(a -> assertThat(a.active()).isFalse());
        assertThat(reader.account("k-silent"))
                .hasValueSatisfying(a -> assertThat(a.active()).isFalse());
    }

    @Test
    void currentAccountIsAskedOncePerReader() {
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/rest/api/user/current"))
                        .willReturn(okJson(v1User(null).replace("557058:ann", "557058:robot"))));
        ConfluenceEvidenceReader reader = new ConfluenceEvidenceReader(TestClients.cloud(server));

        String first = reader.currentAccountId();
        String second = reader.currentAccountId();

        assertThat(first).isEqualTo("557058:robot");
        assertThat(second).isEqualTo("557058:robot");
        server.wireMock().verify(1, getRequestedFor(urlPathEqualTo("/wiki/rest/api/user/current")));
    }
}
