package dev.conftekton.core.error;

import dev.conftekton.core.http.Headers;

/** The credentials were missing, invalid or expired (HTTP 401). */
public class UnauthorizedException extends ServiceException {
    private static final long serialVersionUID = 1L;

    public UnauthorizedException(
            String message, int statusCode, String requestId, Headers headers, String bodyExcerpt) {
        super(message, statusCode, requestId, headers, bodyExcerpt);
    }
}
