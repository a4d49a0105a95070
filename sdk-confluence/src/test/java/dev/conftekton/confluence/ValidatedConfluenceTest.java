package dev.conftekton.confluence;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The harness itself: it must reject what the OpenAPI files reject, or no other test means anything. */
class ValidatedConfluenceTest {
    @RegisterExtension
    static final ValidatedConfluence server = new ValidatedConfluence();

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void forgetInteractionsCheckedHere() {
        // These tests provoke invalid interactions on purpose and check the report themselves.
        server.wireMock().resetRequests();
    }

    @Test
    void acceptsAValidV2PageInteraction() throws Exception {
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/api/v2/pages/123"))
                        .willReturn(aResponse()
                                .withHeader("Content-Type", "application/json")
                                .withBody(Fixtures.read("v2/page.json"))));

        send("/wiki/api/v2/pages/123?body-format=storage");

        assertThat(server.validateAll()).isEmpty();
    }

    @Test
    void rejectsAnUnknownQueryParameterValueAndABadPathId() throws Exception {
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/api/v2/pages/abc"))
                        .willReturn(aResponse()
                                .withHeader("Content-Type", "application/json")
                                .withBody(Fixtures.read("v2/page.json"))));

        send("/wiki/api/v2/pages/abc?body-format=markdown");

        List<String> problems = server.validateAll();
        assertThat(problems).anyMatch(p -> p.contains("body-format")).anyMatch(p -> p.contains("abc"));
    }

    @Test
    void rejectsAResponseWithAnInventedShape() throws Exception {
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/api/v2/pages/123"))
                        .willReturn(aResponse()
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"id\":\"123\",\"version\":{\"number\":\"two\"}}")));

        send("/wiki/api/v2/pages/123");

        assertThat(server.validateAll()).anyMatch(p -> p.contains("validation.response.body"));
    }

    @Test
    void rejectsV1ResponsesMissingRequiredFieldsOnCloudAndDataCenter() throws Exception {
        // v1 Content requires "type" and "status".
        for (String path : new String[] {"/wiki/rest/api/content/123", "/confluence/rest/api/content/123"}) {
            server.wireMock()
                    .stubFor(get(urlPathEqualTo(path))
                            .willReturn(aResponse()
                                    .withHeader("Content-Type", "application/json")
                                    .withBody("{\"id\":\"123\",\"title\":\"T\"}")));
            send(path);
        }

        List<String> problems = server.validateAll();
        assertThat(problems)
                .anyMatch(p -> p.startsWith("GET /wiki/rest/api/content/123") && p.contains("required"))
                .anyMatch(p -> p.startsWith("GET /confluence/rest/api/content/123") && p.contains("required"));
    }

    @Test
    void rejectsDataCenterPathsWithTheWikiPrefixAndUnstubbedRequests() throws Exception {
        send("/rest/api/nothing-here");

        assertThat(server.validateAll()).anyMatch(p -> p.contains("no stub matched"));
    }

    private void send(String pathAndQuery) throws Exception {
        http.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery))
                        .header("Authorization", "Basic dXNlcjp0b2tlbg==")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
