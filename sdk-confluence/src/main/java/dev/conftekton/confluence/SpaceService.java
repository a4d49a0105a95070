package dev.conftekton.confluence;

import dev.conftekton.confluence.model.Space;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.page.AutoPager;

/**
 * Spaces: {@code confluence.spaces().byKey("DOCS")}.
 *
 * <p>A space that does not exist (or that the caller may not see) gives a {@code
 * NotFoundException} naming it.
 */
public interface SpaceService {
    /** The space with key {@code key}, for example {@code DOCS}. */
    default Space byKey(String key) {
        return byKey(key, RequestOptions.none());
    }

    Space byKey(String key, RequestOptions options);

    /** The space with numeric id {@code id}. */
    default Space byId(String id) {
        return byId(id, RequestOptions.none());
    }

    Space byId(String id, RequestOptions options);

    /** Every space the caller can see, fetched page by page as the result is iterated. */
    default AutoPager<Space> list() {
        return list(RequestOptions.none());
    }

    AutoPager<Space> list(RequestOptions options);
}
