package dev.conftekton.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret value (token, password, API token) that never shows itself in {@link #toString()}.
 *
 * <p>Call {@link #reveal()} only at the point where the value leaves the process (an HTTP header, a
 * file written for a later step). Equality is constant-time so that secrets can be compared
 * safely.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps {@code value}; fails on null or empty input because an empty secret is always a mistake. */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a secret must not be empty");
        }
        return new Secret(value);
    }

    /** The secret itself. Keep the returned string out of logs, messages and results. */
    public String reveal() {
        return value;
    }

    /** Length of the secret, useful in diagnostics that must not show it. */
    public int length() {
        return value.length();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0; // deliberately uninformative
    }

    @Override
    public String toString() {
        return "Secret[redacted]";
    }
}
