package dev.conftekton.core.testing;

import dev.conftekton.core.retry.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A clock that only moves when told, and a sleeper that moves it instead of sleeping. */
public final class FakeClock extends Clock {
    private volatile Instant now;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    public FakeClock(Instant start) {
        this.now = start;
    }

    public static FakeClock at(String instant) {
        return new FakeClock(Instant.parse(instant));
    }

    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    /** Records each wait and advances the clock by it. */
    public Sleeper sleeper() {
        return d -> {
            sleeps.add(d);
            advance(d);
        };
    }

    public List<Duration> sleeps() {
        return List.copyOf(sleeps);
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
