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
 * @param minorEdit true to spare watchers a notification
 */
public record PageUpdate(String title, String body, String message, boolean minorEdit) {
    public PageUpdate {
        if (title != null) {
            Checks.requireText(title, "title");
        }
    }

    /** Replaces the body. */
    public static PageUpdate body(String body) {
        return new PageUpdate(null, java.util.Objects.requireNonNull(body, "body"), null, false);
    }

    /** Renames the page. */
    public static PageUpdate title(String title) {
        return new PageUpdate(title, null, null, false);
    }

    /** The same change with a version comment. */
    public PageUpdate withMessage(String message) {
        return new PageUpdate(title, body, message, minorEdit);
    }

    /** The same change as a minor edit (no notifications). */
    public PageUpdate asMinorEdit() {
        return new PageUpdate(title, body, message, true);
    }

    /** The same change with a new body. */
    public PageUpdate withBody(String body) {
        return new PageUpdate(title, java.util.Objects.requireNonNull(body, "body"), message, minorEdit);
    }
}
