package dev.conftekton.confluence.markdown;

import java.util.Optional;

/**
 * Finds the Confluence page title for another Markdown file in the same tree, so that a relative
 * link such as {@code [setup](../ops/setup.md)} becomes a link to that page.
 */
@FunctionalInterface
public interface PageLinkResolver {
    /** Resolves nothing: every link to another Markdown file is reported as unresolved. */
    PageLinkResolver NONE = path -> Optional.empty();

    /**
     * The title of the page published from {@code sourcePath}.
     *
     * @param sourcePath a path relative to the tree root, {@code /}-separated and normalised (no
     *     {@code .} or {@code ..} segments); a link to a directory is given as the directory path
     */
    Optional<String> pageTitleFor(String sourcePath);
}
