package dev.conftekton.confluence.markdown;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of converting one Markdown document.
 *
 * @param title the title from front matter or the first heading; empty when neither exists (the
 *     caller then uses the file name)
 * @param titleSource where the title came from
 * @param labels labels from front matter, normalised to Confluence's rules (lower case, no spaces)
 * @param storage the page body in Confluence storage format (well-formed XML fragment)
 * @param attachments local files the body shows or links to; they must be uploaded as attachments
 *     of the page under {@link AttachmentRef#fileName()}
 * @param pageLinks source paths of other Markdown files this document links to
 * @param warnings things that were rendered differently from what the author may expect (for
 *     example a link to a Markdown file that is not part of the tree)
 */
public record ConvertedDocument(
        Optional<String> title,
        TitleSource titleSource,
        List<String> labels,
        String storage,
        List<AttachmentRef> attachments,
        List<String> pageLinks,
        List<String> warnings) {

    /** Where a document's title came from. */
    public enum TitleSource {
        FRONT_MATTER,
        FIRST_HEADING,
        NONE
    }

    public ConvertedDocument {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(titleSource, "titleSource");
        labels = List.copyOf(labels);
        Objects.requireNonNull(storage, "storage");
        attachments = List.copyOf(attachments);
        pageLinks = List.copyOf(pageLinks);
        warnings = List.copyOf(warnings);
    }
}
