package dev.conftekton.confluence.publish;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page to publish, read from the source tree.
 *
 * @param key the page's identity in the tree: the Markdown file's relative path, or a directory
 *     path ending in {@code /}
 * @param parentKey the key of the parent directory page; empty for a page directly under the root
 * @param title the final page title (prefix applied)
 * @param storage the body in storage format
 * @param sourceHash hash of the source
 * @param renderedHash hash of {@code storage}
 * @param labels labels to set
 * @param attachments files to attach
 * @param warnings conversion warnings
 * @param depth 0 for a page directly under the root
 */
public record SourcePage(
        String key,
        Optional<String> parentKey,
        String title,
        String storage,
        String sourceHash,
        String renderedHash,
        List<String> labels,
        List<SourceAttachment> attachments,
        List<String> warnings,
        int depth) {
    public SourcePage {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(parentKey, "parentKey");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(storage, "storage");
        labels = List.copyOf(labels);
        attachments = List.copyOf(attachments);
        warnings = List.copyOf(warnings);
    }
}
