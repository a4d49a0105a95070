package dev.conftekton.identity.token;

import dev.conftekton.core.error.ServiceException;
import dev.conftekton.core.http.Headers;
import java.net.URI;
import java.util.Optional;

/**
 * An OAuth 2.0 token endpoint refused a request (RFC 6749 section 5.2).
 *
 * <p>Carries the OAuth {@link #error() error} code (such as {@code invalid_client} or {@code
 * invalid_grant}) and {@link #errorDescription() description} as the server sent them, after
 * removing control characters, bounding their length and masking any credential of the request
 * that the server echoed. The response body is not kept.
 */
public class TokenEndpointException extends ServiceException {
    private static final long serialVersionUID = 1L;

    private final String error;
    private final String errorDescription;
    private final URI tokenEndpoint;

    public TokenEndpointException(
            String message,
            URI tokenEndpoint,
            int statusCode,
            String requestId,
            Headers headers,
            String error,
            String errorDescription) {
        super(message, statusCode, requestId, headers, "");
        this.tokenEndpoint = tokenEndpoint;
        this.error = error;
        this.errorDescription = errorDescription;
    }

    /** The OAuth {@code error} code, absent when the server answered without one. */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** The OAuth {@code error_description}, absent when the server sent none. */
    public Optional<String> errorDescription() {
        return Optional.ofNullable(errorDescription);
    }

    /** The token endpoint that answered. */
    public URI tokenEndpoint() {
        return tokenEndpoint;
    }
}
