package dev.conftekton.confluence.publish;

import dev.conftekton.core.error.ConftektonException;

/**
 * Publishing cannot go ahead as asked: invalid source tree, duplicate titles, a page edited by a
 * person under the {@code fail} policy, and similar. The message names the pages and files involved
 * and what to do.
 */
public class PublishException extends ConftektonException {
    private static final long serialVersionUID = 1L;

    public PublishException(String message) {
        super(message);
    }

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
