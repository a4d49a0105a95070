package dev.conftekton.core.error;

import dev.conftekton.core.http.Headers;

/** The write conflicts with the current state, typically a stale version number (HTTP 409). */
public class ConflictException extends ServiceException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message, int statusCode, String requestId, Headers headers, String bodyExcerpt) {
        super(message, statusCode, requestId, headers, bodyExcerpt);
    }
}
