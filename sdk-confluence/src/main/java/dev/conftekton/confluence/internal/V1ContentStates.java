package dev.conftekton.confluence.internal;

import dev.conftekton.confluence.ContentStateService;
import dev.conftekton.confluence.model.ContentState;
import dev.conftekton.core.error.DecodingException;
import dev.conftekton.core.http.RequestOptions;
import java.util.Objects;
import java.util.Optional;

/** Content states through v1 {@code /content/{id}/state}. */
final class V1ContentStates implements ContentStateService {
    private final Api api;

    V1ContentStates(Api api) {
        this.api = api;
    }

    private String path(String pageId) {
        return api.v1("/content/" + Paths.numericId(pageId, "page id") + "/state");
    }

    @Override
    public Optional<ContentState> get(String pageId, RequestOptions options) {
        Json.Node root = api.json(
                Api.get(path(pageId)).query("status", "current").build(),
                options,
                Api.Target.of("page " + pageId, "read the content state of"));
        Json.Node state = root.get("contentState");
        return state.present() ? Optional.of(Mappers.contentState(state)) : Optional.empty();
    }

    @Override
    public ContentState set(String pageId, ContentState state, RequestOptions options) {
        Objects.requireNonNull(state, "state");
        Json.ObjectWriter json = Json.ObjectWriter.object();
        if (state.id() >= 0) {
            json.put("id", state.id());
        } else {
            json.put("name", state.name());
            if (state.color() != null) {
                json.put("color", state.color());
            }
        }
        Json.Node root = api.json(
                Api.put(path(pageId), json.toJson()).query("status", "current").build(),
                options,
                Api.Target.of("page " + pageId, "set the content state of"));
        Json.Node set = root.get("contentState");
        if (!set.present()) {
            throw new DecodingException("Confluence accepted the content state '" + state.name() + "' for page "
                    + pageId + " but answered without one");
        }
        return Mappers.contentState(set);
    }

    @Override
    public void remove(String pageId, RequestOptions options) {
        api.send(
                Api.delete(path(pageId)).query("status", "current").build(),
                options,
                Api.Target.of("page " + pageId, "remove the content state of"));
    }
}
