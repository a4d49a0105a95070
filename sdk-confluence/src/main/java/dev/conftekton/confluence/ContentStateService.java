package dev.conftekton.confluence;

import dev.conftekton.confluence.model.ContentState;
import dev.conftekton.core.http.RequestOptions;
import java.util.Optional;

/** The content state of a page ("Ready for review", "Approved" ...), through the v1 API. */
public interface ContentStateService {
    /** The page's current content state, if it has one. */
    default Optional<ContentState> get(String pageId) {
        return get(pageId, RequestOptions.none());
    }

    Optional<ContentState> get(String pageId, RequestOptions options);

    /**
     * Sets the page's content state: an existing one by id, or by name and colour (Confluence picks
     * a matching state or creates a custom one). Returns the state now set.
     */
    default ContentState set(String pageId, ContentState state) {
        return set(pageId, state, RequestOptions.none());
    }

    ContentState set(String pageId, ContentState state, RequestOptions options);

    /** Removes the page's content state. */
    default void remove(String pageId) {
        remove(pageId, RequestOptions.none());
    }

    void remove(String pageId, RequestOptions options);
}
