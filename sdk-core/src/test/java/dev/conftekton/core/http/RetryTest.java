package dev.conftekton.core.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.conftekton.core.error.BadRequestException;
import dev.conftekton.core.error.RateLimitedException;
import dev.conftekton.core.error.ServerException;
import dev.conftekton.core.error.TransportException;
import dev.conftekton.core.flow.FlowControl;
import dev.conftekton.core.retry.RetryPolicy;
import dev.conftekton.core.testing.FakeClock;
import dev.conftekton.core.testing.LeakWitness;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private final FakeClock clock = FakeClock.at("2026-03-01T10:00:00Z");

    /** Jitter draws 0.5 from this: a back-off of b becomes b * (1 - jitter / 2). */
    private static final RandomGenerator HALF = () -> Long.MIN_VALUE;

    private RetryPolicy.Builder policy() {
        return RetryPolicy.builder()
                .maxAttempts(4)
                .initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofSeconds(1))
                .jitter(0)
                .maxRetryAfter(Duration.ofSeconds(60))
                .budget(Duration.ofMinutes(2))
                .sleeper(clock.sleeper())
                .random(HALF);
    }

    private RestClient client(RetryPolicy policy) {
        return RestClient.builder()
                .transport(dev.conftekton.core.testing.SharedTransport.get())
                .baseUrl(wm.baseUrl())
                .retryPolicy(policy)
                .clock(clock)
                .flowControl(FlowControl.builder().build())
                .build();
    }

    /** The first {@code failures.size()} requests get the given answers, then 200. */
    private void answer(List<ResponseDefinitionBuilder> failures) {
        String state = STARTED;
        for (int i = 0; i < failures.size(); i++) {
            String nextState = "after-" + i;
            wm.stubFor(any(anyUrl())
                    .inScenario("retry")
                    .whenScenarioStateIs(state)
                    .willReturn(failures.get(i))
                    .willSetStateTo(nextState));
            state = nextState;
        }
        wm.stubFor(any(anyUrl()).inScenario("retry").whenScenarioStateIs(state).willReturn(ok("done")));
    }

    private static ResponseDefinitionBuilder status(int status) {
        return aResponse().withStatus(status).withBody("{\"error\":" + status + "}");
    }

    private int requests() {
        return wm.findAll(anyRequestedFor(anyUrl())).size();
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void retriesRetryableStatusesThenSucceeds(int status) {
        answer(List.of(status(status), status(status)));

        try (HttpResponse response = client(policy().build()).execute(HttpRequest.get("/x"))) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo("done");
        }

        assertThat(requests()).isEqualTo(3);
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void doesNotRetryOtherClientErrors() {
        answer(List.of(status(400)));

        Throwable thrown = LeakWitness.thrown(() -> client(policy().build()).execute(HttpRequest.get("/x")));

        assertThat(thrown).isInstanceOf(BadRequestException.class);
        assertThat(requests()).isEqualTo(1);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void backoffGrowsExponentiallyIsCappedAndJittered() {
        answer(List.of(status(503), status(503), status(503), status(503), status(503)));
        RetryPolicy p = policy().maxAttempts(6)
                .initialBackoff(Duration.ofMillis(400))
                .maxBackoff(Duration.ofMillis(1000))
                .jitter(0.5)
                .build();

        client(p).execute(HttpRequest.get("/x")).close();

        // 400, 800, 1000 (cap), 1000, 1000 — each shortened by jitter 0.5 * draw 0.5 = 25 %
        assertThat(clock.sleeps())
                .containsExactly(
                        Duration.ofMillis(300),
                        Duration.ofMillis(600),
                        Duration.ofMillis(750),
                        Duration.ofMillis(750),
                        Duration.ofMillis(750));
    }

    @Test
    void retriesAfterRateLimitHonouringRetryAfterSeconds() {
        answer(List.of(status(429).withHeader("Retry-After", "7")));

        client(policy().build()).execute(HttpRequest.get("/x")).close();

        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(7));
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void honoursRetryAfterAsHttpDate() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                clock.instant().plusSeconds(12).atOffset(ZoneOffset.UTC));
        answer(List.of(status(503).withHeader("Retry-After", date)));

        client(policy().build()).execute(HttpRequest.get("/x")).close();

        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(12));
    }

    @Test
    void retryAfterDateInThePastMeansRetryAtOnce() {
        answer(List.of(status(429).withHeader("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")));

        client(policy().build()).execute(HttpRequest.get("/x")).close();

        assertThat(clock.sleeps()).containsExactly(Duration.ZERO);
    }

    @Test
    void unreadableRetryAfterFallsBackToBackoff() {
        answer(List.of(status(429).withHeader("Retry-After", "soon-ish")));

        client(policy().build()).execute(HttpRequest.get("/x")).close();

        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(100));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775807", "99999999999999999999999999", "86400"})
    void absurdRetryAfterFailsFastWithRetryTimeInsteadOfWaitingOrOverflowing(String retryAfter) {
        answer(List.of(status(429).withHeader("Retry-After", retryAfter)));

        Throwable thrown = LeakWitness.thrown(() -> client(policy().build()).execute(HttpRequest.get("/x")));

        assertThat(thrown).isInstanceOf(RateLimitedException.class).hasMessageContaining("Retry-After");
        RateLimitedException e = (RateLimitedException) thrown;
        assertThat(e.statusCode()).isEqualTo(429);
        assertThat(e.retryAt()).isPresent();
        assertThat(e.retryAt().get()).isAfter(clock.instant().plusSeconds(86_399));
        assertThat(clock.sleeps()).isEmpty();
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void retryAfterBeyondMaxRetryAfterFailsFastSayingWhenToRetry() {
        answer(List.of(status(429).withHeader("Retry-After", "90")));

        Throwable thrown = LeakWitness.thrown(() -> client(policy().build()).execute(HttpRequest.get("/x")));

        assertThat(thrown).isInstanceOf(RateLimitedException.class);
        Instant expected = Instant.parse("2026-03-01T10:01:30Z");
        assertThat(((RateLimitedException) thrown).retryAt()).contains(expected);
        assertThat(thrown.getMessage()).contains(expected.toString());
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void retryAfterBeyondTheCallersBudgetFailsFast() {
        answer(List.of(status(503).withHeader("Retry-After", "30")));
        RequestOptions options =
                RequestOptions.builder().retryBudget(Duration.ofSeconds(10)).build();

        Throwable thrown = LeakWitness.thrown(() -> client(policy().build()).execute(HttpRequest.get("/x"), options));

        assertThat(thrown).isInstanceOf(RateLimitedException.class);
        assertThat(((RateLimitedException) thrown).statusCode()).isEqualTo(503);
        assertThat(((RateLimitedException) thrown).retryAt()).contains(Instant.parse("2026-03-01T10:00:30Z"));
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void stopsWhenTheRetryBudgetIsUsedUp() {
        answer(List.of(status(503), status(503), status(503), status(503)));
        RetryPolicy p = policy().maxAttempts(10)
                .initialBackoff(Duration.ofSeconds(1))
                .maxBackoff(Duration.ofSeconds(60))
                .budget(Duration.ofMillis(2500))
                .build();

        Throwable thrown = LeakWitness.thrown(() -> client(p).execute(HttpRequest.get("/x")));

        // waits 1 s (1 s used), then 2 s would end at 3 s > 2.5 s budget
        assertThat(thrown).isInstanceOf(ServerException.class).hasMessageContaining("retry budget");
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(1));
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheLastError() {
        answer(List.of(status(502), status(502), status(502), status(502), status(502)));

        Throwable thrown = LeakWitness.thrown(() -> client(policy().build()).execute(HttpRequest.get("/x")));

        assertThat(thrown).isInstanceOf(ServerException.class).hasMessageContaining("4 attempts");
        assertThat(requests()).isEqualTo(4);
    }

    @Test
    void requestOptionsOverrideMaxRetries() {
        answer(List.of(status(500), status(500)));

        Throwable thrown = LeakWitness.thrown(() -> client(policy().build())
                .execute(
                        HttpRequest.get("/x"),
                        RequestOptions.builder().maxRetries(0).build()));

        assertThat(thrown).isInstanceOf(ServerException.class);
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void retriesIoFailuresOfReplayableRequests() {
        answer(List.of(
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                aResponse().withFault(Fault.EMPTY_RESPONSE)));

        try (HttpResponse response =
                client(policy().build()).execute(HttpRequest.put("/x", RequestBody.json("{\"a\":1}")))) {
            assertThat(response.status()).isEqualTo(200);
        }
        assertThat(requests()).isEqualTo(3);
    }

    @Test
    void neverRetriesNonReplayableBodyOnRetryableStatus() {
        answer(List.of(status(503)));
        RequestBody stream = RequestBody.ofStream(
                new ByteArrayInputStream("data".getBytes(StandardCharsets.UTF_8)), 4, "text/plain");

        Throwable thrown =
                LeakWitness.thrown(() -> client(policy().build()).execute(HttpRequest.post("/upload", stream)));

        assertThat(thrown).isInstanceOf(ServerException.class).hasMessageContaining("not retried");
        assertThat(requests()).isEqualTo(1);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void neverRetriesNonReplayableBodyWhenRateLimitedButSaysWhenToRetry() {
        answer(List.of(status(429).withHeader("Retry-After", "5")));
        RequestBody stream = RequestBody.ofStream(
                new ByteArrayInputStream("data".getBytes(StandardCharsets.UTF_8)), -1, "text/plain");

        Throwable thrown =
                LeakWitness.thrown(() -> client(policy().build()).execute(HttpRequest.post("/upload", stream)));

        assertThat(thrown).isInstanceOf(RateLimitedException.class);
        assertThat(((RateLimitedException) thrown).retryAt())
                .contains(clock.instant().plusSeconds(5));
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void neverRetriesNonReplayableBodyOnIoFailure() {
        answer(List.of(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        RequestBody stream = RequestBody.ofStream(
                new ByteArrayInputStream("data".getBytes(StandardCharsets.UTF_8)), 4, "text/plain");

        Throwable thrown =
                LeakWitness.thrown(() -> client(policy().build()).execute(HttpRequest.post("/upload", stream)));

        assertThat(thrown).isInstanceOf(TransportException.class);
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void interruptionDuringBackoffStopsRetryingAndKeepsTheInterruptFlag() {
        answer(List.of(status(503), status(503)));
        RetryPolicy p = policy().sleeper(d -> {
                    throw new InterruptedException("stop");
                })
                .build();
        try {
            Throwable thrown = LeakWitness.thrown(() -> client(p).execute(HttpRequest.get("/x")));

            assertThat(thrown).isInstanceOf(TransportException.class).hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(requests()).isEqualTo(1);
        } finally {
            Thread.interrupted();
        }
    }
}
