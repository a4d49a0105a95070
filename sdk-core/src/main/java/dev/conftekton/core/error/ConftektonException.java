package dev.conftekton.core.error;

/**
 * The root of every exception thrown by the conftekton SDK. Unchecked.
 *
 * <p>Subclasses separate answers from a remote service ({@link ServiceException} and its
 * status-specific children) from failures to reach it ({@link TransportException}) and from
 * responses that could not be understood ({@link DecodingException}). Messages never contain
 * secrets.
 */
public class ConftektonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConftektonException(String message) {
        super(message);
    }

    public ConftektonException(String message, Throwable cause) {
        super(message, cause);
    }
}
