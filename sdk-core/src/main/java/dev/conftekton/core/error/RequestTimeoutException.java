package dev.conftekton.core.error;

import java.time.Duration;
import java.util.Optional;

/** The request did not complete within its timeout. A {@link TransportException}: the service may or may not have acted. */
public class RequestTimeoutException extends TransportException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    public RequestTimeoutException(String message, Duration timeout, Throwable cause) {
        super(message, cause);
        this.timeout = timeout;
    }

    /** The timeout that expired, when known. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }
}
