package dev.conftekton.core.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.TokenSource;
import dev.conftekton.core.error.UnauthorizedException;
import dev.conftekton.core.retry.RetryPolicy;
import dev.conftekton.core.testing.FakeClock;
import dev.conftekton.core.testing.LeakWitness;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuthenticationTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    static final String OLD = LeakWitness.secret("old-token-AuthenticationTest-1a2b3c");
    static final String NEW = LeakWitness.secret("new-token-AuthenticationTest-4d5e6f");

    /** Hands out OLD until invalidated, then NEW; records invalidations. */
    static final class RotatingSource implements TokenSource {
        final List<String> invalidated = new CopyOnWriteArrayList<>();
        final AtomicInteger issued = new AtomicInteger();

        @Override
        public AccessToken token() {
            issued.incrementAndGet();
            return AccessToken.bearer(invalidated.isEmpty() ? OLD : NEW);
        }

        @Override
        public void invalidate(AccessToken rejected) {
            invalidated.add(rejected.value().reveal());
        }
    }

    private RestClient client(TokenSource source) {
        FakeClock clock = FakeClock.at("2026-01-01T00:00:00Z");
        return RestClient.builder()
                .transport(dev.conftekton.core.testing.SharedTransport.get())
                .baseUrl(wm.baseUrl())
                .tokenSource(source)
                .clock(clock)
                .retryPolicy(RetryPolicy.builder().sleeper(clock.sleeper()).build())
                .build();
    }

    @Test
    void invalidatesTheRejectedTokenAndRetriesOnceWithAFreshOne() {
        wm.stubFor(get("/me")
                .withHeader("Authorization", equalTo("Bearer " + OLD))
                .willReturn(aResponse().withStatus(401)));
        wm.stubFor(
                get("/me").withHeader("Authorization", equalTo("Bearer " + NEW)).willReturn(okJson("{\"ok\":true}")));
        RotatingSource source = new RotatingSource();

        try (HttpResponse response = client(source).execute(HttpRequest.get("/me"))) {
            assertThat(response.status()).isEqualTo(200);
        }

        assertThat(source.invalidated).containsExactly(OLD);
        wm.verify(1, getRequestedFor(urlEqualTo("/me")).withHeader("Authorization", equalTo("Bearer " + OLD)));
        wm.verify(1, getRequestedFor(urlEqualTo("/me")).withHeader("Authorization", equalTo("Bearer " + NEW)));
    }

    @Test
    void aSecond401IsThrownAfterExactlyOneRetry() {
        wm.stubFor(get("/me").willReturn(aResponse().withStatus(401).withBody("{\"message\":\"expired\"}")));
        RotatingSource source = new RotatingSource();

        Throwable thrown = LeakWitness.thrown(() -> client(source).execute(HttpRequest.get("/me")));

        assertThat(thrown).isInstanceOf(UnauthorizedException.class).hasMessageContaining("credentials");
        assertThat(thrown.getMessage()).doesNotContain(OLD).doesNotContain(NEW);
        assertThat(source.invalidated).containsExactly(OLD);
        wm.verify(2, getRequestedFor(urlEqualTo("/me")));
    }

    @Test
    void doesNotReplayAStreamedBodyAfter401() {
        wm.stubFor(post("/upload").willReturn(aResponse().withStatus(401)));
        RotatingSource source = new RotatingSource();

        Throwable thrown = LeakWitness.thrown(() -> client(source)
                .execute(HttpRequest.post(
                        "/upload", RequestBody.ofStream(new ByteArrayInputStream(new byte[3]), 3, "text/plain"))));

        assertThat(thrown).isInstanceOf(UnauthorizedException.class);
        assertThat(source.invalidated).isEmpty();
        assertThat(wm.getAllServeEvents()).hasSize(1);
    }

    @Test
    void staticTokenSourceIsAskedOnEveryAttempt() {
        wm.stubFor(get("/me").willReturn(aResponse().withStatus(401)));
        AtomicInteger asked = new AtomicInteger();
        TokenSource counting = () -> {
            asked.incrementAndGet();
            return AccessToken.bearer(OLD);
        };

        LeakWitness.thrown(() -> client(counting).execute(HttpRequest.get("/me")));

        assertThat(asked).hasValue(2);
    }

    @Test
    void basicCredentialsAreSentEncoded() {
        String apiToken = LeakWitness.secret("api-token-AuthenticationTest-xyz");
        wm.stubFor(get("/me").willReturn(okJson("{}")));

        client(TokenSource.of(AccessToken.basic("me@example.com", dev.conftekton.core.auth.Secret.of(apiToken))))
                .execute(HttpRequest.get("/me"))
                .close();

        String expected = java.util.Base64.getEncoder()
                .encodeToString(("me@example.com:" + apiToken).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        wm.verify(getRequestedFor(urlEqualTo("/me")).withHeader("Authorization", equalTo("Basic " + expected)));
    }
}
