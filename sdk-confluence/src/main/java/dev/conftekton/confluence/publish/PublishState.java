package dev.conftekton.confluence.publish;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What was published to a page, stored as JSON in the page's content property {@value #PROPERTY_KEY}.
 *
 * <pre>{@code
 * {"sourcePath":"ops/setup.md","sourceHash":"sha256:…","renderedHash":"sha256:…","pageVersion":4,
 *  "toolVersion":"0.1.0","title":"Setting up","labels":["ops"],"attachments":{"diagram.png":"sha256:…"}}
 * }</pre>
 *
 * @param sourcePath the page's key in the source tree: a Markdown file's path, or a directory path
 *     ending in {@code /} for a directory page
 * @param sourceHash SHA-256 of the Markdown source (with the title prefix and tool settings folded in)
 * @param renderedHash SHA-256 of the storage-format body that was written
 * @param pageVersion the page version the publish wrote; a different current version means someone
 *     else edited the page since
 * @param toolVersion the conftekton version that published
 * @param title the title written
 * @param labels the labels the publish manages (labels added by people are left alone)
 * @param attachments attachment file name to SHA-256 of the uploaded content
 */
public record PublishState(
        String sourcePath,
        String sourceHash,
        String renderedHash,
        int pageVersion,
        String toolVersion,
        String title,
        List<String> labels,
        Map<String, String> attachments) {

    /** The content property key holding this state. */
    public static final String PROPERTY_KEY = "conftekton-publish";

    public PublishState {
        Objects.requireNonNull(sourcePath, "sourcePath");
        labels = labels == null ? List.of() : List.copyOf(labels);
        attachments = attachments == null ? Map.of() : Map.copyOf(attachments);
    }
}
