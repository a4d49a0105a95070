package dev.conftekton.core.error;

/** The remote service could not be reached or the connection failed (I/O error, timeout, TLS). */
public class TransportException extends ConftektonException {
    private static final long serialVersionUID = 1L;

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
