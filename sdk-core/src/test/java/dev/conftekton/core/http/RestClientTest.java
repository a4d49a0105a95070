package dev.conftekton.core.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.TokenSource;
import dev.conftekton.core.error.BadRequestException;
import dev.conftekton.core.error.DecodingException;
import dev.conftekton.core.error.ServerException;
import dev.conftekton.core.error.ServiceException;
import dev.conftekton.core.error.TransportException;
import dev.conftekton.core.http.internal.Version;
import dev.conftekton.core.retry.RetryPolicy;
import dev.conftekton.core.testing.FakeClock;
import dev.conftekton.core.testing.LeakWitness;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestClientTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    static final String TOKEN = LeakWitness.secret("tok-RestClientTest-8f2b1c9d7e");

    record Space(String id, String key, Instant createdAt, Optional<String> description, List<String> labels) {}

    private RestClient client(String basePath) {
        FakeClock clock = FakeClock.at("2026-01-01T00:00:00Z");
        return RestClient.builder()
                .transport(dev.conftekton.core.testing.SharedTransport.get())
                .baseUrl(wm.baseUrl() + basePath)
                .tokenSource(TokenSource.of(AccessToken.bearer(TOKEN)))
                .retryPolicy(RetryPolicy.builder()
                        .maxAttempts(1)
                        .sleeper(clock.sleeper())
                        .build())
                .clock(clock)
                .build();
    }

    @Test
    void sendsBearerTokenUserAgentAndDecodesJsonRecord() {
        wm.stubFor(get(urlPathEqualTo("/confluence/rest/api/space/1"))
                .willReturn(okJson("{\"id\":\"1\",\"key\":\"DOCS\",\"createdAt\":\"2024-05-01T12:00:00.000Z\","
                        + "\"unknown\":{\"deep\":[1,2]}}")));

        Space space = client("/confluence").executeJson(HttpRequest.get("/rest/api/space/1"), Space.class);

        assertThat(space.key()).isEqualTo("DOCS");
        assertThat(space.createdAt()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
        assertThat(space.description()).isEmpty();
        assertThat(space.labels()).isEmpty();
        wm.verify(getRequestedFor(urlEqualTo("/confluence/rest/api/space/1"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("User-Agent", equalTo("conftekton/" + Version.current()))
                .withHeader("Accept", equalTo("application/json")));
        assertThat(Version.current()).isNotBlank().doesNotContain("null").doesNotContain("${");
    }

    @Test
    void encodesQueryParametersAndKeepsBasePath() {
        wm.stubFor(get(urlPathEqualTo("/wiki/rest/api/search")).willReturn(okJson("{}")));

        client("/wiki/")
                .execute(HttpRequest.get("rest/api/search")
                        .newBuilder()
                        .query("cql", "space = \"DOCS\" & type=page")
                        .query("limit", "5")
                        .build())
                .close();

        wm.verify(getRequestedFor(urlPathEqualTo("/wiki/rest/api/search"))
                .withQueryParam("cql", equalTo("space = \"DOCS\" & type=page"))
                .withQueryParam("limit", equalTo("5")));
    }

    @Test
    void postsJsonBody() {
        wm.stubFor(post("/api/v2/pages").willReturn(okJson("{\"id\":\"7\",\"key\":\"K\"}")));

        Space created = client("")
                .executeJson(
                        HttpRequest.post("/api/v2/pages", RequestBody.json("{\"title\":\"Ünïcode\"}")), Space.class);

        assertThat(created.id()).isEqualTo("7");
        wm.verify(postRequestedFor(urlEqualTo("/api/v2/pages"))
                .withHeader("Content-Type", matching("application/json.*"))
                .withRequestBody(equalToJson("{\"title\":\"Ünïcode\"}")));
    }

    @ParameterizedTest
    @CsvSource({
        "400, dev.conftekton.core.error.BadRequestException",
        "401, dev.conftekton.core.error.UnauthorizedException",
        "403, dev.conftekton.core.error.PermissionDeniedException",
        "404, dev.conftekton.core.error.NotFoundException",
        "409, dev.conftekton.core.error.ConflictException",
        "410, dev.conftekton.core.error.ServiceException",
        "422, dev.conftekton.core.error.ServiceException",
        "429, dev.conftekton.core.error.RateLimitedException",
        "500, dev.conftekton.core.error.ServerException",
        "501, dev.conftekton.core.error.ServerException",
        "503, dev.conftekton.core.error.ServerException",
    })
    void mapsEveryErrorStatusToItsException(int status, String exceptionClass) throws Exception {
        wm.stubFor(get("/thing")
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("X-Request-Id", "req-" + status)
                        .withBody("{\"message\":\"nope " + status + "\"}")));

        Throwable thrown = LeakWitness.thrown(() -> client("").execute(HttpRequest.get("/thing")));

        assertThat(thrown).isExactlyInstanceOf(Class.forName(exceptionClass));
        ServiceException e = (ServiceException) thrown;
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.requestId()).contains("req-" + status);
        assertThat(e.bodyExcerpt()).contains("nope " + status);
        assertThat(e.getMessage()).contains("GET " + wm.baseUrl() + "/thing", "HTTP " + status, "req-" + status);
    }

    @Test
    void takesRequestIdFromAtlTraceIdAndRedactsEchoedSecretsInBody() {
        wm.stubFor(get("/echo")
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("ATL-TraceId", "trace-77")
                        .withBody(
                                "{\"error\":\"bad header Bearer " + TOKEN + "\",\"access_token\":\"" + TOKEN + "\"}")));

        Throwable thrown = LeakWitness.thrown(() -> client("").execute(HttpRequest.get("/echo")));

        assertThat(thrown).isInstanceOf(BadRequestException.class);
        BadRequestException e = (BadRequestException) thrown;
        assertThat(e.requestId()).contains("trace-77");
        assertThat(e.bodyExcerpt()).doesNotContain(TOKEN).contains("bad header");
        assertThat(e.getMessage()).doesNotContain(TOKEN);
    }

    @Test
    void boundsTheBodyExcerptOfHugeErrorBodies() {
        wm.stubFor(get("/huge").willReturn(aResponse().withStatus(500).withBody("x".repeat(1_000_000))));

        Throwable thrown = LeakWitness.thrown(() -> client("").execute(HttpRequest.get("/huge")));

        assertThat(thrown).isInstanceOf(ServerException.class);
        assertThat(((ServerException) thrown).bodyExcerpt().length())
                .isLessThanOrEqualTo(ServiceException.MAX_BODY_EXCERPT + 1);
        assertThat(thrown.getMessage().length()).isLessThan(1000);
    }

    @Test
    void reportsIoFailureAsTransportException() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        RestClient c = RestClient.builder()
                .transport(dev.conftekton.core.testing.SharedTransport.get())
                .baseUrl("http://127.0.0.1:" + closedPort)
                .retryPolicy(RetryPolicy.none())
                .build();

        Throwable thrown = LeakWitness.thrown(() -> c.execute(HttpRequest.get("/x?access_token=" + TOKEN)));

        assertThat(thrown).isInstanceOf(TransportException.class).hasMessageContaining("127.0.0.1:" + closedPort);
        assertThat(thrown.getMessage()).doesNotContain(TOKEN);
    }

    @Test
    void decodingFailureNamesTheMissingRequiredField() {
        record Version(@dev.conftekton.core.json.Required Integer number, String message) {}
        wm.stubFor(get("/v").willReturn(okJson("{\"message\":\"hi\"}")));

        Throwable thrown = LeakWitness.thrown(() -> client("").executeJson(HttpRequest.get("/v"), Version.class));

        assertThat(thrown)
                .isInstanceOf(DecodingException.class)
                .hasMessageContaining("'number'")
                .hasMessageContaining("GET");
    }

    @Test
    void doesNotSendCredentialsToAnotherOrigin() {
        wm.stubFor(get("/other").willReturn(okJson("{}")));
        RestClient c = RestClient.builder()
                .transport(dev.conftekton.core.testing.SharedTransport.get())
                .baseUrl("https://confluence.example.invalid")
                .tokenSource(TokenSource.of(AccessToken.bearer(TOKEN)))
                .retryPolicy(RetryPolicy.none())
                .build();

        c.execute(HttpRequest.get(wm.baseUrl() + "/other")).close();

        wm.verify(getRequestedFor(urlEqualTo("/other")).withoutHeader("Authorization"));
    }

    @Test
    void rejectsBaseUrlWithCredentialsWithoutEchoingThem() {
        Throwable thrown =
                LeakWitness.thrown(() -> RestClient.builder().baseUrl("https://bob:" + TOKEN + "@x.example"));

        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("credentials");
        assertThat(thrown.getMessage()).doesNotContain(TOKEN);
    }

    @Test
    void clientToStringShowsNoSecret() {
        RestClient c = client("");
        LeakWitness.saw(c.toString());
        assertThat(c.toString()).doesNotContain(TOKEN);
        HttpRequest r = HttpRequest.get("/x?token=" + TOKEN)
                .newBuilder()
                .header("Authorization", "Bearer " + TOKEN)
                .query("access_token", TOKEN)
                .build();
        LeakWitness.saw(r.toString());
        assertThat(r.toString()).doesNotContain(TOKEN);
    }
}
