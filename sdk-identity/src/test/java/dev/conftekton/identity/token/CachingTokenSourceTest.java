package dev.conftekton.identity.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.TokenSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CachingTokenSourceTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Hands out token-1, token-2, ... each living {@code lifetime}; can be told to fail or block. */
    private final class Counting implements TokenSource {
        final AtomicInteger calls = new AtomicInteger();
        final List<AccessToken> invalidated = new ArrayList<>();
        volatile Duration lifetime = Duration.ofMinutes(60);
        volatile Supplier<RuntimeException> failure;
        volatile CountDownLatch entered;
        volatile CountDownLatch release;

        @Override
        public AccessToken token() {
            int n = calls.incrementAndGet();
            if (entered != null) {
                entered.countDown();
            }
            if (release != null) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failure != null) {
                throw failure.get();
            }
            return AccessToken.bearer("token-" + n, clock.instant().plus(lifetime));
        }

        @Override
        public synchronized void invalidate(AccessToken rejected) {
            invalidated.add(rejected);
        }
    }

    @Test
    void reusesATokenUntilTheDefaultRefreshMarginOfFiveMinutes() {
        Counting delegate = new Counting(); // 60 minute tokens: 20% is 12 min, so 5 min applies
        CachingTokenSource source =
                CachingTokenSource.builder(delegate).clock(clock).build();

        assertThat(source.token().value().reveal()).isEqualTo("token-1");
        clock.advance(Duration.ofMinutes(54).plusSeconds(59));
        assertThat(source.token().value().reveal()).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(source.token().value().reveal()).isEqualTo("token-2");
        assertThat(delegate.calls).hasValue(2);
    }

    @Test
    void shortLivedTokensRefreshAtTwentyPercentOfTheirLifetime() {
        Counting delegate = new Counting();
        delegate.lifetime = Duration.ofMinutes(10); // 20% = 2 min < 5 min
        CachingTokenSource source =
                CachingTokenSource.builder(delegate).clock(clock).build();

        source.token();
        clock.advance(Duration.ofMinutes(7).plusSeconds(59));
        assertThat(source.token().value().reveal()).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(source.token().value().reveal()).isEqualTo("token-2");
    }

    @Test
    void refreshMarginIsConfigurable() {
        Counting delegate = new Counting();
        CachingTokenSource source = CachingTokenSource.builder(delegate)
                .clock(clock)
                .refreshAhead(Duration.ofMinutes(1), 100)
                .build();

        source.token();
        clock.advance(Duration.ofMinutes(58).plusSeconds(59));
        assertThat(source.token().value().reveal()).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(source.token().value().reveal()).isEqualTo("token-2");
    }

    @Test
    void concurrentCallersOnAnEmptyCacheCauseOneRefresh() throws Exception {
        Counting delegate = new Counting();
        delegate.entered = new CountDownLatch(1);
        delegate.release = new CountDownLatch(1);
        CachingTokenSource source =
                CachingTokenSource.builder(delegate).clock(clock).build();

        List<Future<AccessToken>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(pool.submit(source::token));
        }
        assertThat(delegate.entered.await(5, TimeUnit.SECONDS)).isTrue();
        delegate.release.countDown();

        for (Future<AccessToken> f : results) {
            assertThat(f.get(5, TimeUnit.SECONDS).value().reveal()).isEqualTo("token-1");
        }
        assertThat(delegate.calls).hasValue(1);
    }

    @Test
    void whileOneThreadRefreshesOthersUseTheStillValidToken() throws Exception {
        Counting delegate = new Counting();
        CachingTokenSource source =
                CachingTokenSource.builder(delegate).clock(clock).build();
        source.token();
        clock.advance(Duration.ofMinutes(56)); // due for refresh, valid for 4 more minutes
        delegate.entered = new CountDownLatch(1);
        delegate.release = new CountDownLatch(1);

        Future<AccessToken> refresher = pool.submit(source::token);
        assertThat(delegate.entered.await(5, TimeUnit.SECONDS)).isTrue();
        AccessToken other = pool.submit(source::token).get(5, TimeUnit.SECONDS);
        delegate.release.countDown();

        assertThat(other.value().reveal()).as("not blocked behind the refresh").isEqualTo("token-1");
        assertThat(refresher.get(5, TimeUnit.SECONDS).value().reveal()).isEqualTo("token-2");
        assertThat(delegate.calls).hasValue(2);
    }

    @Test
    void failedRefreshKeepsServingTheValidTokenAndBacksOff() {
        Counting delegate = new Counting();
        CachingTokenSource source = CachingTokenSource.builder(delegate)
                .clock(clock)
                .backoff(Duration.ofSeconds(10), Duration.ofSeconds(40))
                .build();
        source.token();
        clock.advance(Duration.ofMinutes(56));
        delegate.failure = () -> new TokenUnavailableException("endpoint down");

        assertThat(source.token().value().reveal()).isEqualTo("token-1");
        assertThat(source.token().value().reveal()).isEqualTo("token-1");
        assertThat(delegate.calls).as("second call within back-off").hasValue(2);
        clock.advance(Duration.ofSeconds(10));
        source.token();
        assertThat(delegate.calls).hasValue(3);
        clock.advance(Duration.ofSeconds(10));
        source.token();
        assertThat(delegate.calls).as("back-off doubled to 20 s").hasValue(3);
    }

    @Test
    void neverHandsOutAnExpiredTokenAndFailsFastDuringBackoff() {
        Counting delegate = new Counting();
        CachingTokenSource source = CachingTokenSource.builder(delegate)
                .clock(clock)
                .backoff(Duration.ofSeconds(10), Duration.ofSeconds(40))
                .build();
        source.token();
        delegate.failure = () -> new TokenUnavailableException("endpoint down");
        clock.advance(Duration.ofMinutes(60)); // exactly at expiry

        assertThatThrownBy(source::token)
                .isInstanceOf(TokenUnavailableException.class)
                .hasMessage("endpoint down");
        assertThatThrownBy(source::token)
                .isInstanceOf(TokenUnavailableException.class)
                .hasMessageContaining(
                        "next attempt after " + NOW.plus(Duration.ofMinutes(60)).plusSeconds(10))
                .hasMessageContaining("endpoint down");
        assertThat(delegate.calls).hasValue(2);

        delegate.failure = null;
        clock.advance(Duration.ofSeconds(10));
        assertThat(source.token().value().reveal()).isEqualTo("token-3");
    }

    @Test
    void refusesATokenThatIsAlreadyExpiredWhenObtained() {
        TokenSource stale = () -> AccessToken.bearer("stale", NOW.minusSeconds(1));
        CachingTokenSource source =
                CachingTokenSource.builder(stale).clock(clock).build();

        assertThatThrownBy(source::token)
                .isInstanceOf(TokenUnavailableException.class)
                .hasMessageContaining("expired")
                .hasMessageNotContaining("stale");
    }

    @Test
    void invalidateDropsTheRefusedTokenOnly() {
        Counting delegate = new Counting();
        CachingTokenSource source =
                CachingTokenSource.builder(delegate).clock(clock).build();
        AccessToken first = source.token();

        source.invalidate(AccessToken.bearer("some-other-token"));
        assertThat(source.token()).isSameAs(first);

        source.invalidate(first);
        assertThat(source.token().value().reveal()).isEqualTo("token-2");
        assertThat(delegate.invalidated).hasSize(2);
    }

    @Test
    void keepsTokensWithoutExpiryUntilInvalidated() {
        AtomicInteger calls = new AtomicInteger();
        TokenSource noExpiry = () -> AccessToken.bearer("t" + calls.incrementAndGet());
        CachingTokenSource source =
                CachingTokenSource.builder(noExpiry).clock(clock).build();

        AccessToken first = source.token();
        clock.advance(Duration.ofDays(30));
        assertThat(source.token()).isSameAs(first);
        source.invalidate(first);
        assertThat(source.token().value().reveal()).isEqualTo("t2");
    }
}
