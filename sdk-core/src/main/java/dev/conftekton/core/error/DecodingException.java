package dev.conftekton.core.error;

/** A response arrived but its body could not be read as the expected type. */
public class DecodingException extends ConftektonException {
    private static final long serialVersionUID = 1L;

    public DecodingException(String message) {
        super(message);
    }

    public DecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
