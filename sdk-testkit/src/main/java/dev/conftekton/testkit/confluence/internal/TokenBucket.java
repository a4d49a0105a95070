package dev.conftekton.testkit.confluence.internal;

import java.util.function.LongSupplier;

/** A token bucket: {@code capacity} tokens, refilled at {@code perSecond}; thread-safe. */
final class TokenBucket {
    final int capacity;
    final double perSecond;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    TokenBucket(int capacity, double perSecond, LongSupplier nanoTime) {
        if (capacity < 1 || !(perSecond > 0)) {
            throw new IllegalArgumentException("Rate limit needs capacity >= 1 and a refill rate > 0 per second");
        }
        this.capacity = capacity;
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
        this.tokens = capacity;
        this.last = nanoTime.getAsLong();
    }

    /** Outcome of one attempt: allowed, tokens left, and seconds until a token is available when refused. */
    record Outcome(boolean allowed, int remaining, long retryAfterSeconds) {}

    synchronized Outcome take() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) / 1e9 * perSecond);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return new Outcome(true, (int) Math.floor(tokens), 0);
        }
        long wait = (long) Math.ceil((1 - tokens) / perSecond);
        return new Outcome(false, 0, Math.max(1, wait));
    }
}
