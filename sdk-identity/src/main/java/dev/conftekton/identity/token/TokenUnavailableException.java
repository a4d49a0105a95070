package dev.conftekton.identity.token;

import dev.conftekton.core.error.ConftektonException;

/**
 * A token source could not produce a usable token: a missing or empty token file, an expired token,
 * a refresh that failed and is backing off. The message says what to check; it never contains the
 * token.
 */
public class TokenUnavailableException extends ConftektonException {
    private static final long serialVersionUID = 1L;

    public TokenUnavailableException(String message) {
        super(message);
    }

    public TokenUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
