package dev.conftekton.confluence;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.conftekton.confluence.model.Page;
import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.TokenSource;
import dev.conftekton.core.error.DecodingException;
import dev.conftekton.core.error.NotFoundException;
import dev.conftekton.core.error.PermissionDeniedException;
import dev.conftekton.core.error.RateLimitedException;
import dev.conftekton.core.error.UnauthorizedException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ErrorHandlingTest {
    @RegisterExtension
    static final ValidatedConfluence server = new ValidatedConfluence();

    private final TestClients.FakeTime time = new TestClients.FakeTime();

    private ConfluenceClient cloud() {
        return ConfluenceClient.newBuilder()
                .siteUrl(server.baseUrl())
                .flavour(Flavour.CLOUD)
                .basicAuth(TestClients.EMAIL, dev.conftekton.core.auth.Secret.of(TestClients.API_TOKEN))
                .clock(time)
                .retryPolicy(TestClients.fastRetries(time))
                .build();
    }

    private static String page(int version) {
        return CloudPagesTest.page("123", version, "Runbook", "<p/>");
    }

    @Test
    void aMissingPageIsNotFoundNamingThePage() {
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/api/v2/pages/404"))
                        .willReturn(aResponse().withStatus(404)));

        assertThatThrownBy(() -> cloud().pages().get("404"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("page 404 does not exist or this user cannot see it");
    }

    @Test
    void permissionDeniedQuotesWhatConfluenceSaid() {
        server.wireMock()
                .stubFor(put(urlPathEqualTo("/wiki/rest/api/content/123/property/owner"))
                        .willReturn(aResponse()
                                .withStatus(403)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"statusCode\":403,\"message\":\"User not permitted to edit content"
                                        + " with id 123: missing space permission EDITSPACE\"}")));
        ConfluenceClient dc = ConfluenceClient.newBuilder()
                .siteUrl(server.baseUrl() + "/wiki")
                .flavour(Flavour.CLOUD)
                .basicAuth("a@example.com", dev.conftekton.core.auth.Secret.of("tok"))
                .build();
        // Cloud v1 property update (the v1 path is shared with Data Center).
        var v1props = dev.conftekton.confluence.internal.Services.create(dc.restClient(), Flavour.DATA_CENTER, 1)
                .properties();

        assertThatThrownBy(() -> v1props.update(
                        "123", new dev.conftekton.confluence.model.ContentProperty("1", "owner", "{}", 1), "{\"a\":1}"))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("not permitted to update property owner of page 123")
                .hasMessageContaining("missing space permission EDITSPACE");
    }

    @Test
    void aResponseMissingARequiredFieldNamesTheField() {
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/api/v2/pages/123"))
                        .willReturn(okJson("{\"id\":\"123\",\"status\":\"current\",\"title\":\"No version\"}")));

        assertThatThrownBy(() -> cloud().pages().get("123"))
                .isInstanceOf(DecodingException.class)
                .hasMessageContaining("'version'")
                .hasMessageContaining("/api/v2/pages/123");
    }

    @Test
    void unknownFieldsInResponsesAreIgnored() {
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/rest/api/user/current"))
                        .willReturn(okJson("{\"type\":\"known\",\"accountId\":\"x-1\",\"displayName\":\"X\","
                                + "\"timeZone\":\"Europe/Vienna\",\"isExternalCollaborator\":false}")));

        assertThat(cloud().users().current().accountId()).isEqualTo("x-1");
    }

    @Test
    void rateLimitWaitsWithinTheBudgetWithoutRealSleeping() {
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/api/v2/pages/123"))
                        .inScenario("throttle")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(aResponse()
                                .withStatus(429)
                                .withHeader("Retry-After", "7")
                                .withHeader("X-RateLimit-Limit", "100"))
                        .willSetStateTo("ok"));
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/api/v2/pages/123"))
                        .inScenario("throttle")
                        .whenScenarioStateIs("ok")
                        .willReturn(okJson(page(3))));

        Page page = cloud().pages().get("123");

        assertThat(page.version().number()).isEqualTo(3);
        assertThat(time.sleeps).contains(Duration.ofSeconds(7));
        server.wireMock().verify(2, getRequestedFor(urlPathEqualTo("/wiki/api/v2/pages/123")));
    }

    @Test
    void rateLimitBeyondTheBudgetFailsWithTheRetryTime() {
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/api/v2/pages/123"))
                        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "9223372036854775807")));
        Instant before = time.instant();

        assertThatThrownBy(() -> cloud().pages().get("123"))
                .isInstanceOf(RateLimitedException.class)
                .satisfies(e -> assertThat(((RateLimitedException) e).retryAt())
                        .hasValueSatisfying(at -> assertThat(at).isAfter(before.plus(Duration.ofDays(1)))));
        assertThat(time.sleeps).isEmpty();
        server.wireMock().verify(1, getRequestedFor(urlPathEqualTo("/wiki/api/v2/pages/123")));
    }

    @Test
    void unauthorizedRefreshesTheTokenOnceAndSucceeds() {
        AtomicInteger issued = new AtomicInteger();
        List<AccessToken> invalidated = new CopyOnWriteArrayList<>();
        TokenSource refreshing = new TokenSource() {
            private volatile AccessToken current = AccessToken.bearer("oauth-token-1");

            @Override
            public AccessToken token() {
                issued.incrementAndGet();
                return current;
            }

            @Override
            public void invalidate(AccessToken rejected) {
                invalidated.add(rejected);
                current = AccessToken.bearer("oauth-token-2");
            }
        };
        String gateway = "/ex/confluence/0f6c5b1e-1111-2222-3333-444455556666";
        server.wireMock()
                .stubFor(get(urlPathEqualTo(gateway + "/wiki/api/v2/pages/123"))
                        .withHeader("Authorization", equalTo("Bearer oauth-token-1"))
                        .willReturn(aResponse().withStatus(401)));
        server.wireMock()
                .stubFor(get(urlPathEqualTo(gateway + "/wiki/api/v2/pages/123"))
                        .withHeader("Authorization", equalTo("Bearer oauth-token-2"))
                        .willReturn(okJson(page(3))));
        ConfluenceClient client = ConfluenceClient.newBuilder()
                .siteUrl(server.baseUrl() + gateway)
                .flavour(Flavour.CLOUD)
                .tokenSource(refreshing)
                .build();

        Page page = client.pages().get("123");

        assertThat(page.id()).isEqualTo("123");
        assertThat(invalidated).extracting(t -> t.value().reveal()).containsExactly("oauth-token-1");
        server.wireMock()
                .verify(getRequestedFor(
                        urlPathEqualTo("/ex/confluence/0f6c5b1e-1111-2222-3333-444455556666/wiki/api/v2/pages/123")));
    }

    @Test
    void unauthorizedTwiceExplainsWithoutLeakingTheToken() {
        server.wireMock()
                .stubFor(get(urlPathEqualTo("/wiki/api/v2/pages/123"))
                        .willReturn(aResponse().withStatus(401)));

        assertThatThrownBy(() -> cloud().pages().get("123"))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("api.atlassian.com gateway")
                .satisfies(e -> assertThat(e.toString()).doesNotContain(TestClients.API_TOKEN));
    }
}
