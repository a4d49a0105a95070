package dev.conftekton.confluence.markdown;

import dev.conftekton.core.error.ConftektonException;

/** A Markdown document cannot be published as it is (for example an invalid label in its front matter). */
public class MarkdownException extends ConftektonException {
    private static final long serialVersionUID = 1L;

    public MarkdownException(String message) {
        super(message);
    }
}
