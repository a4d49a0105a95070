package dev.conftekton.confluence.model;

import java.util.Objects;

/**
 * A file attached to a page.
 *
 * @param id the attachment id (v1 uses {@code att123}, v2 the same id)
 * @param title the file name
 * @param mediaType the content type, for example {@code application/pdf}
 * @param fileSize the size in bytes, -1 when unknown
 * @param comment the attachment comment, empty when none
 * @param pageId the page it is attached to; null when unknown
 * @param version the current version
 * @param downloadPath the download link relative to the site (for example {@code /download/attachments/...}); null when unknown
 */
public record Attachment(
        String id,
        String title,
        String mediaType,
        long fileSize,
        String comment,
        String pageId,
        Version version,
        String downloadPath) {
    public Attachment {
        Checks.requireText(id, "attachment id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(version, "version");
        comment = comment == null ? "" : comment;
    }
}
