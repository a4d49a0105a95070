package dev.conftekton.core.error;

import dev.conftekton.core.http.Headers;
import java.util.Objects;
import java.util.Optional;

/**
 * A remote service answered with an error status.
 *
 * <p>Carries the status code, the request id the service assigned ({@code X-Request-Id} or
 * {@code ATL-TraceId}), the response headers (whose {@code toString()} hides credentials) and a
 * bounded, redacted excerpt of the body. Status-specific subclasses exist for the answers callers
 * commonly handle: {@link BadRequestException}, {@link UnauthorizedException},
 * {@link PermissionDeniedException}, {@link NotFoundException}, {@link ConflictException},
 * {@link RateLimitedException} and {@link ServerException}.
 */
public class ServiceException extends ConftektonException {
    private static final long serialVersionUID = 1L;

    /** The longest body excerpt kept, in characters. */
    public static final int MAX_BODY_EXCERPT = 2048;

    private final int statusCode;
    private final String requestId;
    private final transient Headers headers;
    private final String bodyExcerpt;

    public ServiceException(String message, int statusCode, String requestId, Headers headers, String bodyExcerpt) {
        super(message);
        this.statusCode = statusCode;
        this.requestId = requestId;
        this.headers = Objects.requireNonNullElse(headers, Headers.empty());
        this.bodyExcerpt = truncate(bodyExcerpt);
    }

    public int statusCode() {
        return statusCode;
    }

    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    public Headers headers() {
        return headers == null ? Headers.empty() : headers;
    }

    /** At most {@link #MAX_BODY_EXCERPT} characters of the response body, with known secrets masked. */
    public String bodyExcerpt() {
        return bodyExcerpt;
    }

    private static String truncate(String body) {
        if (body == null) {
            return "";
        }
        return body.length() <= MAX_BODY_EXCERPT ? body : body.substring(0, MAX_BODY_EXCERPT) + "…";
    }
}
