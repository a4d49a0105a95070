package dev.conftekton.testkit.oidc.internal;

/** An OAuth error answer (RFC 6749 §5.2, RFC 8693 §2.2.2). Unsupported internal API. */
final class OAuthError extends Exception {
    private static final long serialVersionUID = 1L;

    final int status;
    final String code;

    OAuthError(int status, String code, String description) {
        super(description, null, false, false);
        this.status = status;
        this.code = code;
    }

    static OAuthError invalidRequest(String description) {
        return new OAuthError(400, "invalid_request", description);
    }

    static OAuthError invalidClient(String description) {
        return new OAuthError(401, "invalid_client", description);
    }
}
