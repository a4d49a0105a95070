package dev.conftekton.core.auth;

/**
 * Supplies the credential a client sends with each request.
 *
 * <p>Implementations cache and refresh as they see fit (sdk-identity has client credentials, token
 * exchange and Kubernetes service-account sources). The transport calls {@link #token()} before
 * each request; when the server answers 401 it calls {@link #invalidate(AccessToken)} with the
 * token that was refused and retries the request once with a fresh one.
 *
 * <p>Implementations must be thread-safe.
 */
public interface TokenSource {
    /** A currently valid token. Throws a {@code ConftektonException} when none can be had. */
    AccessToken token();

    /**
     * Forgets {@code rejected} so that the next {@link #token()} obtains a new one. A source that
     * cannot refresh (a static token) ignores this.
     */
    default void invalidate(AccessToken rejected) {}

    /** A source that always returns {@code token}. */
    static TokenSource of(AccessToken token) {
        java.util.Objects.requireNonNull(token, "token");
        return new TokenSource() {
            @Override
            public AccessToken token() {
                return token;
            }

            @Override
            public String toString() {
                return "TokenSource.of(" + token + ")";
            }
        };
    }
}
