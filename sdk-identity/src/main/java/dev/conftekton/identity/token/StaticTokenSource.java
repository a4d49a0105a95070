package dev.conftekton.identity.token;

import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.auth.TokenSource;
import java.util.Objects;

/**
 * A token source that always hands out the same bearer secret, for local runs and tests.
 *
 * <pre>{@code
 * TokenSource source = StaticTokenSource.bearer(Secret.of(System.getenv("CONFLUENCE_TOKEN")));
 * }</pre>
 *
 * <p>{@link #invalidate(AccessToken)} does nothing: a fixed secret cannot be refreshed.
 */
public final class StaticTokenSource implements TokenSource {
    private final AccessToken token;

    private StaticTokenSource(AccessToken token) {
        this.token = token;
    }

    /** A source of {@code Authorization: Bearer <secret>}. */
    public static StaticTokenSource bearer(Secret secret) {
        Objects.requireNonNull(secret, "secret");
        return new StaticTokenSource(new AccessToken("Bearer", secret, null));
    }

    /** A source of an arbitrary token, for example {@link AccessToken#basic}. */
    public static StaticTokenSource of(AccessToken token) {
        return new StaticTokenSource(Objects.requireNonNull(token, "token"));
    }

    @Override
    public AccessToken token() {
        return token;
    }

    @Override
    public String toString() {
        return "StaticTokenSource[" + token.scheme() + ", redacted]";
    }
}
