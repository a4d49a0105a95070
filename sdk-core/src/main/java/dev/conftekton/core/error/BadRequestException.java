package dev.conftekton.core.error;

import dev.conftekton.core.http.Headers;

/** The request was malformed or invalid (HTTP 400). */
public class BadRequestException extends ServiceException {
    private static final long serialVersionUID = 1L;

    public BadRequestException(String message, int statusCode, String requestId, Headers headers, String bodyExcerpt) {
        super(message, statusCode, requestId, headers, bodyExcerpt);
    }
}
