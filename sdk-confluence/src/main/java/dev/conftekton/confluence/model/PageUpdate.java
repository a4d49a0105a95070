package dev.conftekton.confluence.model;

/**
 * A change to a page. Null fields keep the current value.
 *
 * <pre>{@code
 * confluence.pages().updateWithRetry(id, current -> PageUpdate.body(current.body() + more).withMessage("ci"));
 * }</pre>
 *
 * @param title the new title, or null to keep it
 * @param body the new body in storage format, or null to keep it
 * @param message the version comment, or null for none
 */
public record PageUpdate(String title, String body, String message) {
    public PageUpdate {
        if (title != null) {
            Checks.requireText(title, "title");
        }
    }

    /** Replaces the body. */
    public static PageUpdate body(String body) {
        return new PageUpdate(null, java.util.Objects.requireNonNull(body, "body"), null);
    }

    /** Renames the page. */
    public static PageUpdate title(String title) {
        return new PageUpdate(title, null, null);
    }

    /** The same change with a version comment. */
    public PageUpdate withMessage(String message) {
        return new PageUpdate(title, body, message);
    }

    /** The same change with a new body. */
    public PageUpdate withBody(String body) {
        return new PageUpdate(title, java.util.Objects.requireNonNull(body, "body"), message);
    }
}
