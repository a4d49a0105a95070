package dev.conftekton.core.error;

import dev.conftekton.core.http.Headers;
import java.time.Instant;
import java.util.Optional;

/**
 * The service throttled the request (HTTP 429, or 503 with {@code Retry-After}) and waiting was not
 * possible within the caller's retry budget. {@link #retryAt()} says when the service allows the
 * next attempt, when it said so.
 */
public class RateLimitedException extends ServiceException {
    private static final long serialVersionUID = 1L;

    private final Instant retryAt;

    public RateLimitedException(
            String message, int statusCode, String requestId, Headers headers, String bodyExcerpt, Instant retryAt) {
        super(message, statusCode, requestId, headers, bodyExcerpt);
        this.retryAt = retryAt;
    }

    /** The earliest time the service said a retry may succeed, if it said. */
    public Optional<Instant> retryAt() {
        return Optional.ofNullable(retryAt);
    }
}
