package dev.conftekton.core.retry;

import java.time.Duration;

/**
 * Waits. Injected wherever the SDK waits (retry back-off, rate limiting) so that tests can advance
 * a fake clock instead of sleeping.
 *
 * <pre>{@code
 * MutableClock clock = ...;
 * Sleeper sleeper = d -> clock.advance(d); // tests never sleep
 * }</pre>
 */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    /** {@link Thread#sleep}. */
    static Sleeper system() {
        return SystemSleeper.INSTANCE;
    }
}
