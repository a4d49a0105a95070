package dev.conftekton.confluence.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A footer comment on a page.
 *
 * @param id the comment id
 * @param pageId the page it belongs to
 * @param parentCommentId the comment it replies to, null for a top-level comment
 * @param version the current version; version 1's author and time are the comment's author and creation time
 * @param body the body in storage format (read it with {@code StorageReader.plainText})
 */
public record FooterComment(String id, String pageId, String parentCommentId, Version version, String body) {
    public FooterComment {
        Checks.requireText(id, "comment id");
        Objects.requireNonNull(version, "version");
        body = body == null ? "" : body;
    }

    /** Who made the current version: the author when the comment was never edited. */
    public String authorId() {
        return version.authorId();
    }

    /** When the current version was made: the creation time when the comment was never edited. */
    public Instant createdAt() {
        return version.createdAt();
    }

    /** Whether the comment was edited after it was written. */
    public boolean edited() {
        return version.number() > 1;
    }
}
