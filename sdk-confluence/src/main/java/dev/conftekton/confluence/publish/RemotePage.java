package dev.conftekton.confluence.publish;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A page as found under the publish root, read in bulk with its version and publish state.
 *
 * @param id the page id
 * @param title the current title
 * @param parentId the direct parent's id (empty when unknown)
 * @param version the current version number
 * @param lastEditor who made the current version (display name, or account id)
 * @param lastEdited when the current version was made (ISO-8601 as Confluence reports it)
 * @param versionMessage the current version's message ({@code conftekton publish …} when written by
 *     this tool)
 * @param labels the page's labels
 * @param state the recorded publish state, empty for a page this tool has not recorded
 * @param stateVersion the version of the content property holding {@code state} (0 when absent)
 */
public record RemotePage(
        String id,
        String title,
        Optional<String> parentId,
        int version,
        String lastEditor,
        String lastEdited,
        String versionMessage,
        List<String> labels,
        Optional<PublishState> state,
        int stateVersion) {
    public RemotePage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(parentId, "parentId");
        lastEditor = lastEditor == null ? "unknown" : lastEditor;
        lastEdited = lastEdited == null ? "unknown time" : lastEdited;
        versionMessage = versionMessage == null ? "" : versionMessage;
        labels = labels == null ? List.of() : List.copyOf(labels);
        Objects.requireNonNull(state, "state");
    }
}
