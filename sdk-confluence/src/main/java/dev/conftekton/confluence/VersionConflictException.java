package dev.conftekton.confluence;

import dev.conftekton.core.error.ConflictException;
import dev.conftekton.core.http.Headers;

/**
 * A write was refused because the page or property changed since it was read (HTTP 409, or the
 * equivalent 400 that some Confluence versions send for a stale version number).
 *
 * <p>Read the content again and re-apply the change, or use {@code updateWithRetry}, which does.
 */
public class VersionConflictException extends ConflictException {
    private static final long serialVersionUID = 1L;

    private final String contentId;
    private final int attemptedVersion;

    public VersionConflictException(
            String message,
            int statusCode,
            String requestId,
            Headers headers,
            String bodyExcerpt,
            String contentId,
            int attemptedVersion) {
        super(message, statusCode, requestId, headers, bodyExcerpt);
        this.contentId = contentId;
        this.attemptedVersion = attemptedVersion;
    }

    /** The page id, or {@code pageId/propertyKey} for a content property. */
    public String contentId() {
        return contentId;
    }

    /** The version number the refused write carried. */
    public int attemptedVersion() {
        return attemptedVersion;
    }
}
