package dev.conftekton.testkit.oidc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that tests move by hand, so that expiry, cache lifetimes and outage windows are tested
 * without sleeping. Thread-safe.
 *
 * <pre>{@code
 * AdjustableClock clock = AdjustableClock.at(Instant.parse("2026-11-23T12:00:00Z"));
 * OidcIssuer issuer = OidcIssuer.builder().clock(clock).build().start();
 * clock.advance(Duration.ofMinutes(10));
 * }</pre>
 */
public final class AdjustableClock extends Clock {
    private volatile Instant now;
    private final ZoneId zone;

    private AdjustableClock(Instant now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** A clock standing at {@code start} in UTC. */
    public static AdjustableClock at(Instant start) {
        return new AdjustableClock(Objects.requireNonNull(start, "start"), ZoneOffset.UTC);
    }

    /** A clock standing at the current time, truncated to seconds. */
    public static AdjustableClock now() {
        return at(Instant.ofEpochSecond(Instant.now().getEpochSecond()));
    }

    /** Moves the clock by {@code amount} (negative moves it back). */
    public synchronized void advance(Duration amount) {
        now = now.plus(Objects.requireNonNull(amount, "amount"));
    }

    /** Sets the clock to {@code instant}. */
    public void set(Instant instant) {
        now = Objects.requireNonNull(instant, "instant");
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        AdjustableClock view = new AdjustableClock(now, other);
        return view; // a snapshot in another zone; tests use UTC
    }

    @Override
    public String toString() {
        return "AdjustableClock[" + now + "]";
    }
}
