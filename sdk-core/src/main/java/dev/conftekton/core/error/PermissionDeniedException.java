package dev.conftekton.core.error;

import dev.conftekton.core.http.Headers;

/** The credentials are valid but lack a permission (HTTP 403). */
public class PermissionDeniedException extends ServiceException {
    private static final long serialVersionUID = 1L;

    public PermissionDeniedException(
            String message, int statusCode, String requestId, Headers headers, String bodyExcerpt) {
        super(message, statusCode, requestId, headers, bodyExcerpt);
    }
}
