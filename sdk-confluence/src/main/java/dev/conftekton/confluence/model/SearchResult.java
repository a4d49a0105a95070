package dev.conftekton.confluence.model;

import java.time.Instant;

/**
 * One CQL search hit.
 *
 * @param contentId the id of the content found; null for spaces and users
 * @param type the content type ({@code page}, {@code blogpost}, {@code comment}, {@code attachment}), or the
 *     entity type for other hits
 * @param title the title (may contain highlight markers Confluence adds)
 * @param spaceKey the space key, when Confluence included it
 * @param excerpt the excerpt, empty when none
 * @param url the URL relative to the site
 * @param lastModified when the content last changed; null when unknown
 * @param version the content's version number, 0 when not expanded
 */
public record SearchResult(
        String contentId,
        String type,
        String title,
        String spaceKey,
        String excerpt,
        String url,
        Instant lastModified,
        int version) {
    public SearchResult {
        title = title == null ? "" : title;
        excerpt = excerpt == null ? "" : excerpt;
        type = type == null ? "" : type;
    }
}
