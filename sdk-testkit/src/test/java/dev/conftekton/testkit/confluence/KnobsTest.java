package dev.conftekton.testkit.confluence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnobsTest {

    @Test
    void rateLimitAnswers429WithRetryAfterAndRateLimitHeadersOnceTheBucketIsEmpty() {
        try (ConfluenceEmulator emulator =
                ConfluenceEmulator.builder().rateLimit(3, 0.01).build().start()) {
            Api api = Api.as(emulator, "alice@example.com");
            List<Api.Res> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                answers.add(api.get("/wiki/api/v2/spaces"));
            }

            assertThat(answers).extracting(Api.Res::status).containsExactly(200, 200, 200, 429, 429);
            assertThat(answers)
                    .extracting(r -> r.header("X-RateLimit-Remaining"))
                    .containsExactly("2", "1", "0", "0", "0");
            Api.Res limited = answers.get(3);
            assertThat(limited.header("X-RateLimit-Limit")).isEqualTo("3");
            assertThat(limited.header("X-RateLimit-FillRate")).isEqualTo("0.01");
            assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 100L);
            assertThat(limited.json()).containsKey("errors");
            assertThat(emulator.requestLog().recent())
                    .extracting(RequestLog.Entry::status)
                    .contains(429);
        }
    }

    @Test
    void faultInjectionAnswersAShareOfRequestsWith5xx() {
        try (ConfluenceEmulator emulator = ConfluenceEmulator.builder()
                .faults(0.5, 0)
                .randomSeed(7)
                .build()
                .start()) {
            Api api = Api.as(emulator, "alice@example.com");
            int failures = 0;
            for (int i = 0; i < 60; i++) {
                Api.Res r = api.get("/wiki/rest/api/space");
                if (r.status() == 503) {
                    failures++;
                    assertThat(r.json()).containsEntry("statusCode", 503.0);
                } else {
                    assertThat(r.status()).isEqualTo(200);
                }
            }
            assertThat(failures).isBetween(15, 45);
        }
    }

    @Test
    void faultInjectionCanDropConnectionsWithoutAnAnswer() {
        try (ConfluenceEmulator emulator =
                ConfluenceEmulator.builder().faults(0, 1.0).build().start()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/wiki/api/v2/spaces"))
                    .header("Authorization", emulator.user("alice@example.com").basicAuthorization())
                    .timeout(Duration.ofSeconds(5))
                    .build();

            assertThatThrownBy(() -> Api.CLIENT.send(request, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
            assertThat(emulator.requestLog().recent())
                    .extracting(RequestLog.Entry::status)
                    .contains(0);
        }
    }

    @Test
    void latencyDelaysEveryAnswer() {
        try (ConfluenceEmulator emulator = ConfluenceEmulator.builder()
                .latency(Duration.ofMillis(120))
                .build()
                .start()) {
            Api api = Api.as(emulator, "alice@example.com");
            long start = System.nanoTime();
            api.get("/wiki/api/v2/spaces");
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(elapsedMs).isGreaterThanOrEqualTo(120);
        }
    }

    @Test
    void builderRejectsImpossibleSettings() {
        assertThatThrownBy(() -> ConfluenceEmulator.builder().faults(0.7, 0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConfluenceEmulator.builder().rateLimit(0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConfluenceEmulator.builder().port(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConfluenceEmulator.builder().flavours(false, false))
                .isInstanceOf(IllegalArgumentException.class);
        ConfluenceEmulator notStarted = ConfluenceEmulator.builder().build();
        assertThatThrownBy(notStarted::baseUrl).hasMessageContaining("start()");
    }
}
