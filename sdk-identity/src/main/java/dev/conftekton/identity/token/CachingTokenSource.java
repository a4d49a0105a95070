package dev.conftekton.identity.token;

import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.TokenSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reuses the tokens of another source until shortly before they expire.
 *
 * <ul>
 *   <li><b>Refresh ahead.</b> A token is refreshed when less than the refresh margin of its life
 *       is left: by default the smaller of 5 minutes and 20% of its lifetime (measured from when it
 *       was obtained), configurable with {@link Builder#refreshAhead(Duration, int)} or {@link
 *       Builder#refreshAhead(Duration)}.
 *   <li><b>One refresh at a time.</b> While one thread refreshes, others keep using the current
 *       token if it is still valid, and otherwise wait for the refresh.
 *   <li><b>Back-off.</b> After a failed refresh, no new attempt is made before an exponentially
 *       growing delay (default 1 s doubling to 60 s); meanwhile a still-valid token is handed out,
 *       and without one the last failure is rethrown at once (wrapped in {@link
 *       TokenUnavailableException}) instead of hammering the endpoint.
 *   <li><b>Never expired.</b> A token is never handed out at or after its expiry.
 *   <li><b>Invalidation.</b> {@link #invalidate(AccessToken)} (called by the transport on 401)
 *       drops the cached token if it is the one refused, and passes the call to the delegate.
 * </ul>
 *
 * <p>A token without an expiry is kept until invalidated.
 *
 * <pre>{@code
 * TokenSource cached = CachingTokenSource.builder(clientCredentials)
 *         .refreshAhead(Duration.ofMinutes(2), 10)
 *         .build();
 * }</pre>
 */
public final class CachingTokenSource implements TokenSource {
    private final TokenSource delegate;
    private final Clock clock;
    private final Duration maxAhead;
    private final int percentAhead;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    private final AtomicReference<Cached> current = new AtomicReference<>();
    private final ReentrantLock refreshLock = new ReentrantLock();
    // guarded by refreshLock
    private int consecutiveFailures;
    private Instant nextAttemptAt = Instant.MIN;
    private RuntimeException lastFailure;

    private record Cached(AccessToken token, Instant refreshAt) {
        boolean valid(Instant now) {
            return token.expiresAt() == null || now.isBefore(token.expiresAt());
        }

        boolean fresh(Instant now) {
            return refreshAt == null || now.isBefore(refreshAt);
        }
    }

    private CachingTokenSource(Builder b) {
        this.delegate = b.delegate;
        this.clock = b.clock;
        this.maxAhead = b.maxAhead;
        this.percentAhead = b.percentAhead;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
    }

    public static Builder builder(TokenSource delegate) {
        return new Builder(delegate);
    }

    @Override
    public AccessToken token() {
        Instant now = clock.instant();
        Cached c = current.get();
        if (c != null && c.valid(now)) {
            if (c.fresh(now)) {
                return c.token;
            }
            // Due for refresh but still valid: one thread refreshes, the others go on with it.
            if (refreshLock.tryLock()) {
                try {
                    Instant t = clock.instant();
                    if (current.get() == c && !t.isBefore(nextAttemptAt)) {
                        try {
                            return refresh().token;
                        } catch (RuntimeException e) {
                            // keep serving the valid token; the failure is remembered for back-off
                        }
                    }
                } finally {
                    refreshLock.unlock();
                }
            }
            Cached now2 = current.get();
            if (now2 != null && now2.valid(clock.instant())) {
                return now2.token;
            }
        }
        refreshLock.lock();
        try {
            Instant t = clock.instant();
            Cached latest = current.get();
            if (latest != null && latest.valid(t)) {
                return latest.token; // someone refreshed while we waited, or the refresh failed but it is valid
            }
            if (t.isBefore(nextAttemptAt)) {
                throw new TokenUnavailableException(
                        "no valid token: the last " + consecutiveFailures + " attempt(s) failed, next attempt after "
                                + nextAttemptAt + "; last failure: " + lastFailure.getMessage(),
                        lastFailure);
            }
            return refresh().token;
        } finally {
            refreshLock.unlock();
        }
    }

    // Called with refreshLock held.
    private Cached refresh() {
        Instant start = clock.instant();
        try {
            AccessToken token = Objects.requireNonNull(delegate.token(), "delegate returned null");
            Instant now = clock.instant();
            Instant expiry = token.expiresAt();
            if (expiry != null && !now.isBefore(expiry)) {
                throw new TokenUnavailableException(
                        "the token source " + delegate + " handed out a token that expired at " + expiry);
            }
            Instant refreshAt = expiry == null ? null : expiry.minus(margin(Duration.between(start, expiry)));
            Cached c = new Cached(token, refreshAt);
            current.set(c);
            consecutiveFailures = 0;
            nextAttemptAt = Instant.MIN;
            lastFailure = null;
            return c;
        } catch (RuntimeException e) {
            consecutiveFailures++;
            Duration backoff = initialBackoff.multipliedBy(1L << Math.min(consecutiveFailures - 1, 20));
            if (backoff.compareTo(maxBackoff) > 0) {
                backoff = maxBackoff;
            }
            nextAttemptAt = clock.instant().plus(backoff);
            lastFailure = e;
            throw e;
        }
    }

    private Duration margin(Duration lifetime) {
        if (lifetime.isNegative()) {
            return Duration.ZERO;
        }
        Duration fraction = lifetime.multipliedBy(percentAhead).dividedBy(100);
        return fraction.compareTo(maxAhead) < 0 ? fraction : maxAhead;
    }

    @Override
    public void invalidate(AccessToken rejected) {
        Cached c = current.get();
        if (c != null && rejected != null && c.token.value().equals(rejected.value())) {
            current.compareAndSet(c, null);
        }
        delegate.invalidate(rejected);
    }

    @Override
    public String toString() {
        return "CachingTokenSource[" + delegate + "]";
    }

    /** Builds a {@link CachingTokenSource}. */
    public static final class Builder {
        private final TokenSource delegate;
        private Clock clock = Clock.systemUTC();
        private Duration maxAhead = Duration.ofMinutes(5);
        private int percentAhead = 20;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(60);

        private Builder(TokenSource delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Refresh when less than the smaller of {@code max} and {@code percent}% of the lifetime is left. */
        public Builder refreshAhead(Duration max, int percent) {
            Objects.requireNonNull(max, "max");
            if (max.isNegative() || percent < 0 || percent > 100) {
                throw new IllegalArgumentException("refreshAhead needs max >= 0 and 0 <= percent <= 100");
            }
            this.maxAhead = max;
            this.percentAhead = percent;
            return this;
        }

        /** Refresh when less than {@code ahead} of the lifetime is left, but never before half of it. */
        public Builder refreshAhead(Duration ahead) {
            return refreshAhead(ahead, 50);
        }

        /** Back-off after failed refreshes: {@code initial}, doubling, capped at {@code max}. */
        public Builder backoff(Duration initial, Duration max) {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            if (initial.isNegative() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("backoff needs 0 <= initial <= max");
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        public CachingTokenSource build() {
            return new CachingTokenSource(this);
        }
    }
}
