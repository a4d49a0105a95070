package dev.conftekton.core;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.conftekton.core.audit.AuditEvent;
import dev.conftekton.core.audit.Slf4jAuditSink;
import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.auth.TokenSource;
import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.HttpResponse;
import dev.conftekton.core.http.RequestBody;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.http.RestClient;
import dev.conftekton.core.page.AutoPager;
import dev.conftekton.core.page.CursorPages;
import dev.conftekton.core.retry.RetryPolicy;
import dev.conftekton.core.testing.CapturedLogs;
import dev.conftekton.core.testing.FakeClock;
import dev.conftekton.core.testing.LeakWitness;
import dev.conftekton.core.testing.SharedTransport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs last (see junit-platform.properties). First drives the SDK through the paths where secrets
 * could escape (error bodies echoing the token, token-bearing URLs, failed decoding of a body that
 * holds the token, timeouts, bad links, audit records), then checks every log line written by the
 * SDK's loggers and every exception and {@code toString()} the whole sdk-core suite recorded.
 */
@Order(Integer.MAX_VALUE)
class SecretLeakTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    static final String TOKEN = LeakWitness.secret("leak-token-9c1d7f3a5b8e2d4c6a0f");
    static final String WEBHOOK_SECRET = LeakWitness.secret("webhook-secret-77e1a9c3d5");
    static final String PASSWORD = LeakWitness.secret("hunter2-SecretLeakTest-pw");

    record Version(int number) {}

    @Test
    void noRegisteredSecretAppearsInAnyLogLineExceptionMessageOrToString() {
        exerciseEveryPathWhereASecretCouldLeak();

        Set<String> secrets = LeakWitness.secrets();
        List<String> texts = new ArrayList<>(LeakWitness.texts());
        List<CapturedLogs.Line> sdkLines = new ArrayList<>();
        sdkLines.addAll(CapturedLogs.of("dev.conftekton"));
        sdkLines.addAll(CapturedLogs.of("conftekton."));
        sdkLines.forEach(l -> texts.add(l.logger() + " " + l.level() + " " + l.message()));

        assertThat(secrets).contains(TOKEN, WEBHOOK_SECRET, PASSWORD);
        // The check is only meaningful if wire logging and errors actually ran.
        assertThat(CapturedLogs.of("dev.conftekton.core.http.wire")).hasSizeGreaterThan(10);
        assertThat(texts).anySatisfy(t -> assertThat(t).contains("██"));
        for (String text : texts) {
            for (String secret : secrets) {
                assertThat(text).as("text produced by the SDK").doesNotContain(secret);
            }
        }
    }

    private void exerciseEveryPathWhereASecretCouldLeak() {
        FakeClock clock = FakeClock.at("2026-01-01T00:00:00Z");
        RestClient client = RestClient.builder()
                .baseUrl(wm.baseUrl() + "/wiki")
                .transport(SharedTransport.get())
                .tokenSource(TokenSource.of(AccessToken.bearer(TOKEN)))
                .retryPolicy(RetryPolicy.builder()
                        .maxAttempts(2)
                        .sleeper(clock.sleeper())
                        .build())
                .clock(clock)
                .build();
        client.redactor().register(WEBHOOK_SECRET).register(Secret.of(PASSWORD));
        LeakWitness.saw(client.toString());

        wm.stubFor(get(urlPathEqualTo("/wiki/echo401"))
                .willReturn(aResponse().withStatus(401).withBody("invalid Authorization: Bearer " + TOKEN)));
        wm.stubFor(get(urlPathEqualTo("/wiki/echo500"))
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Set-Cookie", "session=" + TOKEN)
                        .withHeader("X-Request-Id", TOKEN)
                        .withBody("{\"password\":\"" + PASSWORD + "\",\"hook\":\"" + WEBHOOK_SECRET + "\"}")));
        wm.stubFor(get(urlPathEqualTo("/wiki/version")).willReturn(okJson("{\"number\":\"" + TOKEN + "\"}")));
        wm.stubFor(
                get(urlPathEqualTo("/wiki/reset")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        wm.stubFor(get(urlPathEqualTo("/wiki/slow"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(1_000)));
        wm.stubFor(get(urlPathEqualTo("/wiki/pages"))
                .willReturn(okJson("{\"results\":[],\"_links\":{\"next\":\"http://[bad?token=" + TOKEN + "\"}}")));
        wm.stubFor(post(urlPathEqualTo("/wiki/throttled"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "9223372036854775807")));
        wm.stubFor(get(urlPathEqualTo("/wiki/ok")).willReturn(okJson("{\"number\":1}")));

        LeakWitness.thrown(() -> client.execute(HttpRequest.get("/echo401")));
        LeakWitness.thrown(() -> client.execute(HttpRequest.get("/echo500?access_token=" + TOKEN)));
        LeakWitness.thrown(() -> client.execute(HttpRequest.get("/echo500")
                .newBuilder()
                .query("client_secret", WEBHOOK_SECRET)
                .build()));
        LeakWitness.thrown(() -> client.executeJson(HttpRequest.get("/version"), Version.class));
        LeakWitness.thrown(() -> client.execute(HttpRequest.get("/reset?password=" + PASSWORD)));
        LeakWitness.thrown(() -> client.execute(
                HttpRequest.get("/slow?token=" + TOKEN),
                RequestOptions.builder()
                        .timeout(Duration.ofMillis(200))
                        .maxRetries(0)
                        .build()));
        LeakWitness.thrown(
                () -> AutoPager.from(CursorPages.results(client, HttpRequest.get("/pages"), Version.class)).stream()
                        .toList());
        LeakWitness.thrown(() -> client.execute(HttpRequest.post("/throttled", RequestBody.json("{}"))));
        LeakWitness.thrown(() -> RestClient.builder().baseUrl("https://u:" + PASSWORD + "@h.example/%%"));
        try (HttpResponse ok = client.execute(HttpRequest.get("/ok")
                .newBuilder()
                .header("Cookie", "s=" + WEBHOOK_SECRET)
                .build())) {
            LeakWitness.saw(ok.toString());
            LeakWitness.saw(ok.request().toString());
        }
        Slf4jAuditSink.create(client.redactor())
                .record(new AuditEvent(
                        Instant.EPOCH,
                        "actor",
                        "token:use",
                        "r",
                        AuditEvent.Decision.FAILURE,
                        "server said " + TOKEN + " was bad; hook " + WEBHOOK_SECRET,
                        Map.of("password", PASSWORD)));
        LeakWitness.saw(AccessToken.bearer(TOKEN).toString());
        LeakWitness.saw(TokenSource.of(AccessToken.bearer(TOKEN)).toString());
    }
}
