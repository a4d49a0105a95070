package dev.conftekton.core.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * When and how long a {@link dev.conftekton.core.http.RestClient} retries.
 *
 * <p>Retried: I/O failures and statuses 408, 429, 500, 502, 503 and 504, for requests whose body is
 * replayable. The wait before retry {@code n} is {@code min(maxBackoff, initialBackoff * 2^(n-1))},
 * reduced by up to {@code jitter} (a fraction) at random. A {@code Retry-After} header (seconds or
 * HTTP-date) replaces the computed wait; when it exceeds {@code maxRetryAfter} or would end after
 * the {@code budget}, the client fails at once with a {@link
 * dev.conftekton.core.error.RateLimitedException} that says when to retry.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder()
 *         .maxAttempts(5)
 *         .initialBackoff(Duration.ofMillis(200))
 *         .budget(Duration.ofSeconds(30))
 *         .sleeper(fakeSleeper)                  // tests: advance a fake clock instead
 *         .random(RandomGenerator.of("L64X128MixRandom"))
 *         .build();
 * }</pre>
 */
public final class RetryPolicy {
    /** The statuses that are retried. */
    public static final Set<Integer> RETRYABLE_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

    private static final RetryPolicy DEFAULTS = new Builder().build();
    private static final RetryPolicy NONE = new Builder().maxAttempts(1).build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double jitter;
    private final Duration maxRetryAfter;
    private final Duration budget;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.jitter = b.jitter;
        this.maxRetryAfter = b.maxRetryAfter;
        this.budget = b.budget;
        this.sleeper = b.sleeper;
        this.random = b.random;
    }

    /** 4 attempts, 500 ms doubling to at most 30 s, 20 % jitter, Retry-After up to 60 s, 2 min budget. */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** One attempt, no retries. */
    public static RetryPolicy none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder newBuilder() {
        Builder b = new Builder();
        b.maxAttempts = maxAttempts;
        b.initialBackoff = initialBackoff;
        b.maxBackoff = maxBackoff;
        b.jitter = jitter;
        b.maxRetryAfter = maxRetryAfter;
        b.budget = budget;
        b.sleeper = sleeper;
        b.random = random;
        return b;
    }

    /** Attempts in total, the first included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** Fraction (0 to 1) by which a back-off may be shortened at random. */
    public double jitter() {
        return jitter;
    }

    /** The longest {@code Retry-After} wait honoured. */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /** The total time retrying may take, measured from the first attempt. */
    public Duration budget() {
        return budget;
    }

    public Sleeper sleeper() {
        return sleeper;
    }

    public RandomGenerator random() {
        return random;
    }

    /** True when {@code status} is retried. */
    public boolean isRetryableStatus(int status) {
        // Most answers are successes: no boxing and set lookup for them.
        return status >= 408 && RETRYABLE_STATUSES.contains(status);
    }

    /** The wait before retry number {@code retry} (1 for the first retry), jitter applied. */
    public Duration backoffBefore(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry counts from 1");
        }
        long initial = initialBackoff.toNanos();
        long cap = maxBackoff.toNanos();
        long base = initial;
        for (int i = 1; i < retry && base < cap; i++) {
            base = base > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : base * 2;
        }
        base = Math.min(base, cap);
        double r = random.nextDouble();
        long jittered = (long) (base * (1.0 - jitter * r));
        return Duration.ofNanos(Math.max(0, jittered));
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff="
                + maxBackoff + ", jitter=" + jitter + ", maxRetryAfter=" + maxRetryAfter + ", budget=" + budget + "]";
    }

    /** Builder for {@link RetryPolicy}. */
    public static final class Builder {
        private int maxAttempts = 4;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private double jitter = 0.2;
        private Duration maxRetryAfter = Duration.ofSeconds(60);
        private Duration budget = Duration.ofMinutes(2);
        private Sleeper sleeper = Sleeper.system();
        private RandomGenerator random = ThreadLocalRandomGenerator.INSTANCE;

        private Builder() {}

        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1 || maxAttempts > 101) {
                throw new IllegalArgumentException("maxAttempts must be between 1 and 101, was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = nonNegative(initialBackoff, "initialBackoff");
            return this;
        }

        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = nonNegative(maxBackoff, "maxBackoff");
            return this;
        }

        public Builder jitter(double jitter) {
            if (!(jitter >= 0 && jitter <= 1)) {
                throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        public Builder maxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = nonNegative(maxRetryAfter, "maxRetryAfter");
            return this;
        }

        public Builder budget(Duration budget) {
            this.budget = nonNegative(budget, "budget");
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        public RetryPolicy build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalStateException("maxBackoff (" + maxBackoff + ") must not be less than initialBackoff ("
                        + initialBackoff + ")");
            }
            return new RetryPolicy(this);
        }

        private static Duration nonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + d);
            }
            return d;
        }
    }

    /** Thread-safe default randomness. */
    private enum ThreadLocalRandomGenerator implements RandomGenerator {
        INSTANCE;

        @Override
        public long nextLong() {
            return ThreadLocalRandom.current().nextLong();
        }

        @Override
        public double nextDouble() {
            return ThreadLocalRandom.current().nextDouble();
        }
    }
}
