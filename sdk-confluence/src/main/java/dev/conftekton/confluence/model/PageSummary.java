package dev.conftekton.confluence.model;

/**
 * A page as listed among children, descendants or ancestors: enough to identify it, without body or
 * version.
 *
 * @param id the page id
 * @param title the title
 * @param status {@code current}, {@code archived}, ...; null when unknown
 * @param spaceId the space id; null when Confluence did not say
 */
public record PageSummary(String id, String title, String status, String spaceId) {
    public PageSummary {
        Checks.requireText(id, "page id");
        title = title == null ? "" : title;
    }
}
