package dev.conftekton.tekton;

import dev.conftekton.core.error.ConftektonException;

/**
 * The Kubernetes API refused or failed a Tekton operation, or a run could not be found or watched.
 * {@link #statusCode()} carries the Kubernetes API status code when there was one (404 for a
 * missing run, 409 for a name clash, 403 when RBAC forbids it), otherwise 0.
 */
public class TektonException extends ConftektonException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;

    public TektonException(String message, int statusCode, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
    }

    /** The Kubernetes API status code, or 0 when the failure did not come from an API answer. */
    public int statusCode() {
        return statusCode;
    }
}
