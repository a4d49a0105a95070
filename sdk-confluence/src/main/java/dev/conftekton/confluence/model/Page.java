package dev.conftekton.confluence.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Confluence page as last read.
 *
 * @param id the page id
 * @param status {@code current}, {@code draft}, {@code archived}, {@code trashed}
 * @param title the title
 * @param spaceId the space id; null when Confluence did not say (Data Center)
 * @param spaceKey the space key; null when Confluence did not say (Cloud v2)
 * @param parentId the parent page id, null for a top-level page
 * @param version the current version
 * @param body the body in storage format; null when it was not requested
 * @param authorId who created the page (account id or Data Center user key); null when unknown
 * @param createdAt when the page was created; null when unknown
 * @param labels labels, empty unless requested
 * @param properties content properties, empty unless requested
 */
public record Page(
        String id,
        String status,
        String title,
        String spaceId,
        String spaceKey,
        String parentId,
        Version version,
        String body,
        String authorId,
        Instant createdAt,
        List<Label> labels,
        List<ContentProperty> properties) {
    public Page {
        Checks.requireText(id, "page id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(version, "version");
        status = status == null ? "current" : status;
        labels = Checks.copy(labels);
        properties = Checks.copy(properties);
    }

    /** The body in storage format, if it was requested. */
    public Optional<String> storageBody() {
        return Optional.ofNullable(body);
    }

    /** The property with {@code key}, if it was requested and exists. */
    public Optional<ContentProperty> property(String key) {
        return properties.stream().filter(p -> p.key().equals(key)).findFirst();
    }

    /** The names of the labels, if they were requested. */
    public List<String> labelNames() {
        return labels.stream().map(Label::name).toList();
    }
}
