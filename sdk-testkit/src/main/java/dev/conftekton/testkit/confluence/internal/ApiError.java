package dev.conftekton.testkit.confluence.internal;

/** An answer other than success, rendered by each API in its own error shape. */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String code;

    ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, "INVALID_REQUEST_PARAMETER", message);
    }

    static ApiError unauthorized(String message) {
        return new ApiError(401, "UNAUTHORIZED", message);
    }

    static ApiError forbidden(String message) {
        return new ApiError(403, "FORBIDDEN", message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "NOT_FOUND", message);
    }

    static ApiError conflict(String message) {
        return new ApiError(409, "CONFLICT", message);
    }

    static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Request Entity Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
