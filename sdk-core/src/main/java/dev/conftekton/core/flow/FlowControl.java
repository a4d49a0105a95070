package dev.conftekton.core.flow;

import dev.conftekton.core.error.RequestTimeoutException;
import dev.conftekton.core.retry.Sleeper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client-side flow control: a per-host concurrency limit that halves when the server throttles
 * (429) and grows back by about one per round of successful requests (additive increase,
 * multiplicative decrease), plus an optional token-bucket request rate per host.
 *
 * <pre>{@code
 * FlowControl flow = FlowControl.builder()
 *         .initialLimit(8).minLimit(1).maxLimit(32)
 *         .requestsPerSecond(10)      // optional; 0 means no rate limit
 *         .build();
 * RestClient client = RestClient.builder().baseUrl(url).flowControl(flow).build();
 * FlowControl.Stats stats = flow.stats(); // current limit, waits, throttled count
 * }</pre>
 *
 * <p>Only one multiplicative decrease happens per "generation": when a burst of concurrent
 * requests all come back 429, the limit halves once, not once per response. Instances are
 * thread-safe; share one per service.
 */
public final class FlowControl {

    private final boolean enabled;
    private final int initialLimit;
    private final int minLimit;
    private final int maxLimit;
    private final double requestsPerSecond;
    private final int burst;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Map<String, HostState> hosts = new ConcurrentHashMap<>();
    // The host of the latest request: a client mostly talks to one site, and the map key is a new string.
    private volatile HostState lastHost;

    private FlowControl(Builder b) {
        this.enabled = b.enabled;
        this.initialLimit = b.initialLimit;
        this.minLimit = b.minLimit;
        this.maxLimit = b.maxLimit;
        this.requestsPerSecond = b.requestsPerSecond;
        this.burst = b.burst > 0 ? b.burst : Math.max(1, (int) Math.ceil(b.requestsPerSecond));
        this.clock = b.clock;
        this.sleeper = b.sleeper;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** No limits at all; {@link #stats()} still counts requests. */
    public static FlowControl disabled() {
        return new Builder().disabled().build();
    }

    /**
     * Waits for a slot to {@code uri}'s host (and a token when a rate is set).
     *
     * @param maxWait how long to wait at most, or null to wait indefinitely
     * @throws RequestTimeoutException when no slot became free within {@code maxWait}
     * @throws InterruptedException when interrupted while waiting
     */
    public Permit acquire(URI uri, Duration maxWait) throws InterruptedException {
        Objects.requireNonNull(uri, "uri");
        HostState state = lastHost;
        if (state == null || !state.serves(uri)) {
            state = hosts.computeIfAbsent(
                    hostKey(uri), h -> new HostState(h, hostName(uri), port(uri), initialLimit, clock));
            lastHost = state;
        }
        long generation = state.acquireSlot(enabled, maxWait);
        if (enabled && requestsPerSecond > 0) {
            Duration wait = state.reserveToken(requestsPerSecond, burst);
            if (!wait.isZero()) {
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    state.release();
                    throw e;
                }
            }
        }
        return new Permit(state, generation);
    }

    /** A snapshot of the limits and counters, over all hosts and per host. */
    public Stats stats() {
        Map<String, HostStats> perHost = new TreeMap<>();
        hosts.forEach((h, s) -> perHost.put(h, s.snapshot()));
        int limit = perHost.isEmpty() ? (enabled ? initialLimit : Integer.MAX_VALUE) : Integer.MAX_VALUE;
        int inFlight = 0;
        long acquired = 0;
        long waits = 0;
        long throttled = 0;
        long rateWaits = 0;
        Duration waited = Duration.ZERO;
        for (HostStats s : perHost.values()) {
            limit = Math.min(limit, s.currentLimit());
            inFlight += s.inFlight();
            acquired += s.acquired();
            waits += s.waits();
            throttled += s.throttled();
            rateWaits += s.rateWaits();
            waited = waited.plus(s.waited());
        }
        return new Stats(
                enabled ? limit : Integer.MAX_VALUE,
                inFlight,
                acquired,
                waits,
                throttled,
                rateWaits,
                waited,
                Map.copyOf(perHost));
    }

    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public String toString() {
        return enabled
                ? "FlowControl[initialLimit=" + initialLimit + ", minLimit=" + minLimit + ", maxLimit=" + maxLimit
                        + ", requestsPerSecond=" + requestsPerSecond + "]"
                : "FlowControl[disabled]";
    }

    static String hostKey(URI uri) {
        return hostName(uri).toLowerCase(Locale.ROOT) + ":" + port(uri);
    }

    static String hostName(URI uri) {
        return uri.getHost() == null ? "" : uri.getHost();
    }

    /** The port, or the scheme's default. */
    static int port(URI uri) {
        int port = uri.getPort();
        return port >= 0 ? port : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /**
     * A slot held for one request. Report the outcome exactly once: {@link #onSuccess()}, {@link
     * #onThrottled()} or {@link #onDropped()}.
     */
    public final class Permit {
        private final HostState state;
        private final long generation;
        private boolean done;

        private Permit(HostState state, long generation) {
            this.state = state;
            this.generation = generation;
        }

        /** The server answered without throttling: the limit grows a little. */
        public void onSuccess() {
            if (finish()) {
                state.releaseAfterSuccess(enabled, maxLimit);
            }
        }

        /** The server throttled (429, or 503 with Retry-After): the limit halves once per generation. */
        public void onThrottled() {
            if (finish()) {
                state.release();
                state.throttled(enabled, generation, minLimit);
            }
        }

        /** No answer (I/O failure, cancelled): the slot is returned, the limit unchanged. */
        public void onDropped() {
            if (finish()) {
                state.release();
            }
        }

        private synchronized boolean finish() {
            if (done) {
                return false;
            }
            done = true;
            return true;
        }
    }

    /**
     * Flow-control figures for one host.
     *
     * @param currentLimit concurrent requests allowed now
     * @param inFlight requests holding a slot now
     * @param acquired slots handed out so far
     * @param waits acquisitions that had to wait for a slot
     * @param throttled throttled answers (429) seen
     * @param rateWaits acquisitions delayed by the request rate
     * @param waited total time spent waiting for slots
     */
    public record HostStats(
            String host,
            int currentLimit,
            int inFlight,
            long acquired,
            long waits,
            long throttled,
            long rateWaits,
            Duration waited) {}

    /**
     * Flow-control figures over all hosts; {@code currentLimit} is the lowest host limit (the
     * initial limit before any request).
     */
    public record Stats(
            int currentLimit,
            int inFlight,
            long acquired,
            long waits,
            long throttled,
            long rateWaits,
            Duration waited,
            Map<String, HostStats> hosts) {}

    /** Builder for {@link FlowControl}. */
    public static final class Builder {
        private boolean enabled = true;
        private int initialLimit = 16;
        private int minLimit = 1;
        private int maxLimit = 64;
        private double requestsPerSecond;
        private int burst;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();

        private Builder() {}

        /** Concurrent requests per host allowed at first; default 16. */
        public Builder initialLimit(int limit) {
            this.initialLimit = atLeastOne(limit, "initialLimit");
            return this;
        }

        /** The floor the limit never shrinks below; default 1. */
        public Builder minLimit(int limit) {
            this.minLimit = atLeastOne(limit, "minLimit");
            return this;
        }

        /** The ceiling the limit never grows above; default 64. */
        public Builder maxLimit(int limit) {
            this.maxLimit = atLeastOne(limit, "maxLimit");
            return this;
        }

        /** A steady request rate per host, 0 for none (the default). */
        public Builder requestsPerSecond(double rate) {
            if (!(rate >= 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("requestsPerSecond must be a finite number >= 0, was " + rate);
            }
            this.requestsPerSecond = rate;
            return this;
        }

        /** Requests that may go at once after idling; defaults to one second's worth. */
        public Builder burst(int burst) {
            this.burst = atLeastOne(burst, "burst");
            return this;
        }

        /** The clock for the token bucket. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The sleeper that waits for rate tokens. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        Builder disabled() {
            this.enabled = false;
            return this;
        }

        public FlowControl build() {
            if (minLimit > maxLimit) {
                throw new IllegalStateException("minLimit (" + minLimit + ") exceeds maxLimit (" + maxLimit + ")");
            }
            if (initialLimit < minLimit || initialLimit > maxLimit) {
                throw new IllegalStateException("initialLimit (" + initialLimit + ") must lie between minLimit ("
                        + minLimit + ") and maxLimit (" + maxLimit + ")");
            }
            return new FlowControl(this);
        }

        private static int atLeastOne(int n, String name) {
            if (n < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, was " + n);
            }
            return n;
        }
    }
}
