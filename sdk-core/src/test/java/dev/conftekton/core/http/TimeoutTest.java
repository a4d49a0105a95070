package dev.conftekton.core.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.conftekton.core.error.RequestTimeoutException;
import dev.conftekton.core.retry.RetryPolicy;
import dev.conftekton.core.testing.FakeClock;
import dev.conftekton.core.testing.LeakWitness;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Timeouts use real time (the server really is slow); each waits about 300 ms. */
class TimeoutTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private final FakeClock clock = FakeClock.at("2026-01-01T00:00:00Z");

    private RestClient client(int attempts) {
        return RestClient.builder()
                .transport(dev.conftekton.core.testing.SharedTransport.get())
                .baseUrl(wm.baseUrl())
                .clock(clock)
                .retryPolicy(RetryPolicy.builder()
                        .maxAttempts(attempts)
                        .sleeper(clock.sleeper())
                        .build())
                .build();
    }

    @Test
    void slowResponseFailsWithRequestTimeoutNamingTheLimit() {
        wm.stubFor(get("/slow").willReturn(ok("late").withFixedDelay(1_500)));
        RequestOptions options =
                RequestOptions.builder().timeout(Duration.ofMillis(300)).build();

        long start = System.nanoTime();
        Throwable thrown = LeakWitness.thrown(() -> client(1).execute(HttpRequest.get("/slow"), options));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(thrown)
                .isInstanceOf(RequestTimeoutException.class)
                .hasMessageContaining("timed out after 300 ms")
                .hasMessageContaining("/slow");
        assertThat(((RequestTimeoutException) thrown).timeout()).contains(Duration.ofMillis(300));
        assertThat(tookMs).isLessThan(2_500);
    }

    @Test
    void timedOutReplayableRequestIsRetriedUpToMaxAttempts() {
        wm.stubFor(get("/slow").willReturn(ok("late").withFixedDelay(1_500)));

        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        HttpTransport okHttp = dev.conftekton.core.testing.SharedTransport.get();
        HttpTransport counting = (request, timeout) -> {
            sent.incrementAndGet();
            return okHttp.execute(request, timeout);
        };
        Throwable thrown = LeakWitness.thrown(() -> client(2)
                .newBuilder()
                .transport(counting)
                .build()
                .execute(
                        HttpRequest.get("/slow"),
                        RequestOptions.builder().timeout(Duration.ofMillis(300)).build()));

        assertThat(thrown).isInstanceOf(RequestTimeoutException.class);
        assertThat(sent).hasValue(2);
        assertThat(clock.sleeps()).hasSize(1);
    }

    @Test
    void clientDefaultTimeoutApplies() {
        wm.stubFor(get("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(1_500)));
        RestClient c = client(1).newBuilder().timeout(Duration.ofMillis(300)).build();

        Throwable thrown = LeakWitness.thrown(() -> c.execute(HttpRequest.get("/slow")));

        assertThat(thrown).isInstanceOf(RequestTimeoutException.class);
    }
}
