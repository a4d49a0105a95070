package dev.conftekton.core.error;

import dev.conftekton.core.http.Headers;

/** The resource does not exist or is not visible to the caller (HTTP 404). */
public class NotFoundException extends ServiceException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message, int statusCode, String requestId, Headers headers, String bodyExcerpt) {
        super(message, statusCode, requestId, headers, bodyExcerpt);
    }
}
