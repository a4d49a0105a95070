package dev.conftekton.core.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Per-request settings layered over a {@link RestClient}'s defaults.
 *
 * <pre>{@code
 * RequestOptions patient = RequestOptions.builder()
 *         .timeout(Duration.ofSeconds(30))
 *         .maxRetries(5)
 *         .retryBudget(Duration.ofMinutes(2))
 *         .header("X-Atlassian-Token", "no-check")
 *         .build();
 * client.execute(request, patient);
 * }</pre>
 */
public final class RequestOptions {
    private static final RequestOptions NONE = new Builder().build();

    private final Duration timeout;
    private final Integer maxRetries;
    private final Duration retryBudget;
    private final Headers headers;

    private RequestOptions(Builder b) {
        this.timeout = b.timeout;
        this.maxRetries = b.maxRetries;
        this.retryBudget = b.retryBudget;
        this.headers = b.headers.build();
    }

    /** No overrides: the client's defaults apply. */
    public static RequestOptions none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder newBuilder() {
        Builder b = new Builder();
        b.timeout = timeout;
        b.maxRetries = maxRetries;
        b.retryBudget = retryBudget;
        b.headers.addAll(headers);
        return b;
    }

    /** The timeout of each attempt, if overridden. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** How many retries after the first attempt, if overridden. */
    public OptionalInt maxRetries() {
        return maxRetries == null ? OptionalInt.empty() : OptionalInt.of(maxRetries);
    }

    /** How long retrying may take in total, if overridden. */
    public Optional<Duration> retryBudget() {
        return Optional.ofNullable(retryBudget);
    }

    /** Extra headers, which replace client defaults of the same name. */
    public Headers headers() {
        return headers;
    }

    @Override
    public String toString() {
        return "RequestOptions[timeout=" + timeout + ", maxRetries=" + maxRetries + ", retryBudget=" + retryBudget
                + ", headers=" + headers + "]";
    }

    /** Builder for {@link RequestOptions}. */
    public static final class Builder {
        private Duration timeout;
        private Integer maxRetries;
        private Duration retryBudget;
        private final Headers.Builder headers = Headers.builder();

        private Builder() {}

        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Retries after the first attempt; 0 disables retrying. */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0 || maxRetries > 100) {
                throw new IllegalArgumentException("maxRetries must be between 0 and 100, was " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** Total time retrying may take, waits included; beyond it the last failure is thrown. */
        public Builder retryBudget(Duration budget) {
            Objects.requireNonNull(budget, "budget");
            if (budget.isNegative()) {
                throw new IllegalArgumentException("retryBudget must not be negative, was " + budget);
            }
            this.retryBudget = budget;
            return this;
        }

        public Builder header(String name, String value) {
            headers.set(name, value);
            return this;
        }

        public RequestOptions build() {
            return new RequestOptions(this);
        }
    }
}
