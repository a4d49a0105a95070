package dev.conftekton.identity.verify;

import dev.conftekton.core.error.ConftektonException;
import java.util.Locale;
import java.util.Objects;

/**
 * A token was refused. {@link #reason()} says why in a machine-readable way; the message says it
 * for people. Neither ever contains the token: claim and header values quoted in the message are
 * shortened and stripped of control characters.
 */
public class TokenVerificationException extends ConftektonException {
    private static final long serialVersionUID = 1L;

    /** Why a token was refused. {@link #code()} gives a stable lower-case form for logs and audit. */
    public enum Reason {
        /** Not a compact JWS: wrong number of segments, bad base64url, not JSON, bad header values. */
        MALFORMED,
        /** Longer than the configured maximum size. */
        TOO_LARGE,
        /** A well-formed but unsupported form: JSON serialization, JWE (encrypted), nested JWT. */
        UNSUPPORTED_FORMAT,
        /** {@code alg} is not on the allow-list ({@code none} and HMAC never are by default). */
        ALGORITHM_NOT_ALLOWED,
        /** A header that names or carries a key ({@code jku}, {@code x5u}, {@code jwk}, {@code x5c}). */
        FORBIDDEN_HEADER,
        /** {@code crit} lists an extension this verifier does not understand. */
        UNSUPPORTED_CRITICAL_HEADER,
        /** Header {@code typ} is missing where required or is not an accepted type. */
        WRONG_TYPE,
        /** No published key has the token's {@code kid}, even after a (rate-limited) refetch. */
        UNKNOWN_KEY,
        /** The key with the token's {@code kid} cannot be used with the token's {@code alg}. */
        KEY_MISMATCH,
        /** The signature does not verify (empty, truncated, made with another key...). */
        INVALID_SIGNATURE,
        /** {@code exp} is in the past, beyond the allowed clock skew. */
        EXPIRED,
        /** {@code nbf} or {@code iat} is in the future, beyond the allowed clock skew. */
        NOT_YET_VALID,
        /** A required claim is absent. */
        MISSING_CLAIM,
        /** A claim has the wrong JSON type or an impossible value. */
        INVALID_CLAIM,
        /** {@code iss} is not the configured issuer. */
        WRONG_ISSUER,
        /** {@code aud} names none of the accepted audiences. */
        WRONG_AUDIENCE,
        /** The issuer's keys could not be obtained (discovery or JWKS unreachable, outside the outage window). */
        KEYS_UNAVAILABLE;

        /** The reason as a stable lower-case code, such as {@code unknown_key}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public TokenVerificationException(Reason reason, String message) {
        super("token rejected (" + Objects.requireNonNull(reason, "reason").code() + "): " + message);
        this.reason = reason;
    }

    public TokenVerificationException(Reason reason, String message, Throwable cause) {
        super("token rejected (" + Objects.requireNonNull(reason, "reason").code() + "): " + message, cause);
        this.reason = reason;
    }

    /** Why the token was refused. */
    public Reason reason() {
        return reason;
    }
}
