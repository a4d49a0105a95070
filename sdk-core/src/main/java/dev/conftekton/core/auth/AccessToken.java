package dev.conftekton.core.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A credential ready to be sent in an {@code Authorization} header.
 *
 * @param scheme the authorization scheme, {@code "Bearer"} or {@code "Basic"}
 * @param value the secret part of the header
 * @param expiresAt when the token stops being valid, or null when unknown or never
 */
public record AccessToken(String scheme, Secret value, Instant expiresAt) {
    public AccessToken {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(value, "value");
        if (scheme.isBlank() || scheme.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("scheme must be a single word such as Bearer");
        }
    }

    /** A bearer token without a known expiry. */
    public static AccessToken bearer(String token) {
        return new AccessToken("Bearer", Secret.of(token), null);
    }

    /** A bearer token that expires at {@code expiresAt}. */
    public static AccessToken bearer(String token, Instant expiresAt) {
        return new AccessToken("Bearer", Secret.of(token), expiresAt);
    }

    /** HTTP Basic credentials, as Confluence Cloud takes an e-mail address and an API token. */
    public static AccessToken basic(String user, Secret password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        String pair = user + ":" + password.reveal();
        return new AccessToken(
                "Basic",
                Secret.of(java.util.Base64.getEncoder()
                        .encodeToString(pair.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                null);
    }

    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }

    /** The full header value, for example {@code Bearer eyJ...}. Never log it. */
    public String authorizationHeader() {
        return scheme + " " + value.reveal();
    }

    @Override
    public String toString() {
        return "AccessToken[scheme=" + scheme + ", value=redacted, expiresAt=" + expiresAt + "]";
    }
}
