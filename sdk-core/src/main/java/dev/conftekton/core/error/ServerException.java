package dev.conftekton.core.error;

import dev.conftekton.core.http.Headers;

/** The service failed (HTTP 5xx). */
public class ServerException extends ServiceException {
    private static final long serialVersionUID = 1L;

    public ServerException(String message, int statusCode, String requestId, Headers headers, String bodyExcerpt) {
        super(message, statusCode, requestId, headers, bodyExcerpt);
    }
}
