package dev.conftekton.confluence;

import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.auth.TokenSource;
import dev.conftekton.core.retry.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Clients pointed at a {@link ValidatedConfluence} server, with a fake clock so retries never sleep. */
final class TestClients {
    static final String EMAIL = "ci@example.com";
    static final String API_TOKEN = "ATATT3xFfGF0-test-token-do-not-log";

    private TestClients() {}

    static ConfluenceClient cloud(ValidatedConfluence server) {
        return builder(server, Flavour.CLOUD)
                .basicAuth(EMAIL, Secret.of(API_TOKEN))
                .build();
    }

    static ConfluenceClient dataCenter(ValidatedConfluence server, String contextPath) {
        return ConfluenceClient.newBuilder()
                .siteUrl(server.baseUrl() + contextPath)
                .flavour(Flavour.DATA_CENTER)
                .tokenSource(TokenSource.of(dev.conftekton.core.auth.AccessToken.bearer("dc-pat-secret-value")))
                .retryPolicy(fastRetries(new FakeTime()))
                .build();
    }

    static ConfluenceClient.Builder builder(ValidatedConfluence server, Flavour flavour) {
        FakeTime time = new FakeTime();
        return ConfluenceClient.newBuilder()
                .siteUrl(server.baseUrl())
                .flavour(flavour)
                .clock(time)
                .retryPolicy(fastRetries(time));
    }

    static RetryPolicy fastRetries(FakeTime time) {
        return RetryPolicy.builder()
                .sleeper(time::sleep)
                .jitter(0)
                .initialBackoff(Duration.ofMillis(100))
                .maxRetryAfter(Duration.ofSeconds(30))
                .budget(Duration.ofSeconds(60))
                .build();
    }

    /** A clock that only moves when someone "sleeps"; records every sleep. */
    static final class FakeTime extends Clock {
        private volatile Instant now = Instant.parse("2026-11-23T12:00:00Z");
        final List<Duration> sleeps = new CopyOnWriteArrayList<>();

        void sleep(Duration d) {
            sleeps.add(d);
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
