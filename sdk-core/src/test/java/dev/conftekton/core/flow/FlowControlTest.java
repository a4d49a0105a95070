package dev.conftekton.core.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.conftekton.core.error.RateLimitedException;
import dev.conftekton.core.error.RequestTimeoutException;
import dev.conftekton.core.http.Headers;
import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.HttpResponse;
import dev.conftekton.core.http.HttpTransport;
import dev.conftekton.core.http.ResponseBody;
import dev.conftekton.core.http.RestClient;
import dev.conftekton.core.retry.RetryPolicy;
import dev.conftekton.core.testing.FakeClock;
import dev.conftekton.core.testing.LeakWitness;
import dev.conftekton.core.testing.SharedTransport;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FlowControlTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private static final URI HOST = URI.create("https://confluence.example/wiki/api/v2/pages");

    private static FlowControl flow(int initial, int min, int max) {
        return FlowControl.builder()
                .initialLimit(initial)
                .minLimit(min)
                .maxLimit(max)
                .build();
    }

    @Test
    void concurrentThrottledResponsesHalveTheLimitOnlyOnce() throws Exception {
        FlowControl flow = flow(8, 1, 8);
        List<FlowControl.Permit> burst = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            burst.add(flow.acquire(HOST, Duration.ofSeconds(1)));
        }

        burst.forEach(FlowControl.Permit::onThrottled);

        FlowControl.Stats stats = flow.stats();
        assertThat(stats.currentLimit()).isEqualTo(4);
        assertThat(stats.throttled()).isEqualTo(6);
        assertThat(stats.inFlight()).isZero();
    }

    @Test
    void limitShrinksPerGenerationToTheFloorThenRecoversAdditivelyToTheCeiling() throws Exception {
        FlowControl flow = flow(8, 2, 10);
        for (int i = 0; i < 5; i++) {
            flow.acquire(HOST, null).onThrottled();
        }
        assertThat(flow.stats().currentLimit()).isEqualTo(2);

        List<Integer> limits = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            flow.acquire(HOST, null).onSuccess();
            limits.add(flow.stats().currentLimit());
        }

        assertThat(limits).isSorted();
        assertThat(limits.get(0)).isEqualTo(2);
        assertThat(limits.get(limits.size() - 1)).isEqualTo(10);
        // additive: from 2 to 3 takes two successes, not one
        assertThat(limits.subList(0, 2)).containsOnly(2);
    }

    @Test
    void permitOutcomeCountsOnceAndDroppedLeavesTheLimit() throws Exception {
        FlowControl flow = flow(4, 1, 4);
        FlowControl.Permit p = flow.acquire(HOST, null);

        p.onDropped();
        p.onThrottled();

        assertThat(flow.stats().currentLimit()).isEqualTo(4);
        assertThat(flow.stats().throttled()).isZero();
        assertThat(flow.stats().inFlight()).isZero();
    }

    @Test
    void acquiringBeyondTheLimitWaitsAndTimesOutWithAClearMessage() throws Exception {
        FlowControl flow = flow(2, 1, 2);
        FlowControl.Permit a = flow.acquire(HOST, null);
        flow.acquire(HOST, null);

        Throwable thrown = LeakWitness.thrown(() -> flow.acquire(HOST, Duration.ofMillis(20)));

        assertThat(thrown).isInstanceOf(RequestTimeoutException.class).hasMessageContaining("confluence.example:443");
        assertThat(flow.stats().waits()).isEqualTo(1);
        a.onSuccess();
        assertThat(flow.acquire(HOST, Duration.ofMillis(20))).isNotNull();
    }

    @Test
    void hostsHaveSeparateLimits() throws Exception {
        FlowControl flow = flow(1, 1, 1);
        flow.acquire(HOST, null);

        FlowControl.Permit other = flow.acquire(URI.create("http://other.example:8080/x"), Duration.ofMillis(10));

        assertThat(other).isNotNull();
        assertThat(flow.stats().hosts()).containsOnlyKeys("confluence.example:443", "other.example:8080");
    }

    @Test
    void aHostIsOneStateWhateverTheCaseOfItsNameAndWhicheverHostCameBetween() throws Exception {
        FlowControl flow = flow(1, 1, 1);
        flow.acquire(URI.create("https://Confluence.Example/a"), null);
        FlowControl.Permit other = flow.acquire(URI.create("http://other.example:8080/x"), Duration.ofMillis(10));

        // The one slot of confluence.example:443 is taken, whether asked for right after or after another host.
        assertThat(LeakWitness.thrown(() -> flow.acquire(HOST, Duration.ofMillis(10))))
                .isInstanceOf(RequestTimeoutException.class);
        assertThat(LeakWitness.thrown(
                        () -> flow.acquire(URI.create("https://confluence.example:443/b"), Duration.ofMillis(10))))
                .isInstanceOf(RequestTimeoutException.class);
        assertThat(other).isNotNull();
        assertThat(flow.stats().hosts()).containsOnlyKeys("confluence.example:443", "other.example:8080");
    }

    @Test
    void tokenBucketSpacesRequestsAtTheConfiguredRate() throws Exception {
        FakeClock clock = FakeClock.at("2026-01-01T00:00:00Z");
        FlowControl flow = FlowControl.builder()
                .requestsPerSecond(10)
                .burst(2)
                .clock(clock)
                .sleeper(clock.sleeper())
                .build();

        for (int i = 0; i < 5; i++) {
            flow.acquire(HOST, null).onSuccess();
        }

        // two from the burst, then one every 100 ms
        assertThat(clock.sleeps())
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(100));
        assertThat(flow.stats().rateWaits()).isEqualTo(3);
    }

    @Test
    void concurrencyNeverExceedsTheLimit() throws Exception {
        AtomicInteger current = new AtomicInteger();
        AtomicInteger highest = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        HttpTransport slow = (request, timeout) -> {
            int now = current.incrementAndGet();
            highest.accumulateAndGet(now, Math::max);
            try {
                // Held until the test has seen every slot taken; the bound only keeps a broken run from hanging.
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the requests");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            current.decrementAndGet();
            return HttpResponse.of(request, 200, Headers.empty(), ResponseBody.empty());
        };
        FlowControl flow = flow(3, 1, 3);
        RestClient client = RestClient.builder()
                .baseUrl("https://confluence.example")
                .transport(slow)
                .flowControl(flow)
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                futures.add(
                        pool.submit(() -> client.execute(HttpRequest.get("/x")).close()));
            }
            // Release only when all three slot holders are inside the transport (not merely past acquire: a
            // holder can be descheduled between the two) and the other seven are queued. Releasing on the
            // wait count alone let two holders finish before the third got in, so the peak read 2 under load.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (current.get() < 3 || flow.stats().waits() < 7) {
                assertThat(System.nanoTime()).as("requests never queued up").isLessThan(deadline);
                Thread.sleep(1);
            }
            release.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(highest).hasValue(3);
        assertThat(flow.stats().acquired()).isEqualTo(10);
        assertThat(flow.stats().waits()).isEqualTo(7);
    }

    @Test
    void limitShrinksUnderA429BurstFromTheServerAndRecovers() throws Exception {
        FlowControl flow = flow(8, 1, 8);
        RestClient client = RestClient.builder()
                .baseUrl(wm.baseUrl())
                .transport(SharedTransport.get())
                .flowControl(flow)
                .retryPolicy(RetryPolicy.none())
                .build();
        wm.stubFor(get("/busy").willReturn(aResponse().withStatus(429)));

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Throwable>> burst = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                burst.add(pool.submit(() -> LeakWitness.thrown(() -> client.execute(HttpRequest.get("/busy")))));
            }
            for (Future<Throwable> f : burst) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isInstanceOf(RateLimitedException.class);
            }
        } finally {
            pool.shutdownNow();
        }
        FlowControl.Stats throttled = flow.stats();
        assertThat(throttled.throttled()).isEqualTo(12);
        assertThat(throttled.currentLimit()).isLessThanOrEqualTo(2);

        wm.stubFor(get("/busy").willReturn(ok("fine")));
        for (int i = 0; i < 40; i++) {
            client.execute(HttpRequest.get("/busy")).close();
        }

        assertThat(flow.stats().currentLimit()).isEqualTo(8);
        assertThat(flow.stats().throttled()).isEqualTo(12);
    }
}
