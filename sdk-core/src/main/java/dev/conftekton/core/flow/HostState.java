package dev.conftekton.core.flow;

import dev.conftekton.core.error.RequestTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Limit, counters and token bucket for one host. */
final class HostState {
    private final String host;
    private final String hostName;
    private final int port;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition slotFree = lock.newCondition();

    private double limit;
    private int inFlight;
    private long generation;
    private long acquired;
    private long waits;
    private long throttled;
    private long rateWaits;
    private long waitedNanos;
    private double tokens = Double.NaN;
    private Instant lastRefill;

    HostState(String host, String hostName, int port, int initialLimit, Clock clock) {
        this.host = host;
        this.hostName = hostName;
        this.port = port;
        this.limit = initialLimit;
        this.clock = clock;
    }

    /** Whether requests to {@code uri} share this state: the same host (any case) and port. */
    boolean serves(URI uri) {
        return port == FlowControl.port(uri) && hostName.equalsIgnoreCase(FlowControl.hostName(uri));
    }

    long acquireSlot(boolean enforce, Duration maxWait) throws InterruptedException {
        lock.lock();
        try {
            if (enforce && inFlight >= (int) limit) {
                waits++;
                long start = System.nanoTime();
                long remaining = maxWait == null ? Long.MAX_VALUE : saturatedNanos(maxWait);
                try {
                    while (inFlight >= (int) limit) {
                        if (maxWait == null) {
                            slotFree.await();
                        } else {
                            if (remaining <= 0) {
                                // A signal meant for a free slot may have woken this waiter as it gave up:
                                // pass it on so that no other waiter sleeps while a slot stays free.
                                slotFree.signal();
                                throw new RequestTimeoutException(
                                        "no request slot to " + host + " became free within " + maxWait.toMillis()
                                                + " ms (limit " + (int) limit + ", in flight " + inFlight
                                                + "); the service is throttling or slow: lower the concurrency or"
                                                + " raise the timeout",
                                        maxWait,
                                        null);
                            }
                            remaining = slotFree.awaitNanos(remaining);
                        }
                    }
                } catch (InterruptedException e) {
                    slotFree.signal(); // same as above: an interrupted waiter must not swallow a wake-up
                    throw e;
                } finally {
                    waitedNanos += System.nanoTime() - start;
                }
            }
            inFlight++;
            acquired++;
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /** Takes one token; returns how long the caller must wait before sending. */
    Duration reserveToken(double ratePerSecond, int burst) {
        lock.lock();
        try {
            Instant now = clock.instant();
            if (Double.isNaN(tokens)) {
                tokens = burst;
                lastRefill = now;
            }
            long elapsedNanos = Math.max(0, Duration.between(lastRefill, now).toNanos());
            tokens = Math.min(burst, tokens + elapsedNanos * ratePerSecond / 1e9);
            lastRefill = now;
            tokens -= 1;
            if (tokens >= 0) {
                return Duration.ZERO;
            }
            rateWaits++;
            long waitNanos = (long) Math.ceil(-tokens / ratePerSecond * 1e9);
            waitedNanos += waitNanos;
            return Duration.ofNanos(waitNanos);
        } finally {
            lock.unlock();
        }
    }

    void release() {
        lock.lock();
        try {
            inFlight = Math.max(0, inFlight - 1);
            slotFree.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns a slot after a success and, when {@code grow}, raises the limit by about one per
     * round of requests (up to {@code maxLimit}): one lock for both, as every request ends here.
     */
    void releaseAfterSuccess(boolean grow, int maxLimit) {
        lock.lock();
        try {
            inFlight = Math.max(0, inFlight - 1);
            if (grow && limit < maxLimit) {
                double before = limit;
                limit = Math.min(maxLimit, limit + 1.0 / Math.max(1.0, limit));
                if ((int) limit > (int) before) {
                    slotFree.signalAll();
                    return;
                }
            }
            slotFree.signal();
        } finally {
            lock.unlock();
        }
    }

    void throttled(boolean enforce, long permitGeneration, int minLimit) {
        lock.lock();
        try {
            throttled++;
            if (enforce && permitGeneration == generation) {
                // Requests sent before the last decrease do not shrink the limit again.
                limit = Math.max(minLimit, Math.floor(limit / 2));
                generation++;
            }
        } finally {
            lock.unlock();
        }
    }

    FlowControl.HostStats snapshot() {
        lock.lock();
        try {
            return new FlowControl.HostStats(
                    host, (int) limit, inFlight, acquired, waits, throttled, rateWaits, Duration.ofNanos(waitedNanos));
        } finally {
            lock.unlock();
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
