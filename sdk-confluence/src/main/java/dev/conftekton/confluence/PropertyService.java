package dev.conftekton.confluence;

import dev.conftekton.confluence.model.ContentProperty;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.page.AutoPager;
import java.util.Optional;
import java.util.function.Function;

/**
 * Content properties of a page: JSON values under keys, versioned like pages.
 *
 * <pre>{@code
 * confluence.properties().updateWithRetry(pageId, "conftekton.approvals",
 *         current -> current.map(p -> addApproval(p.value())).orElse("{\"approvals\":[]}"));
 * }</pre>
 *
 * <p>Values are JSON text and are passed through exactly; a value that is not valid JSON is
 * refused before anything is sent.
 */
public interface PropertyService {
    /** The property {@code key} of page {@code pageId}, if it exists. */
    default Optional<ContentProperty> get(String pageId, String key) {
        return get(pageId, key, RequestOptions.none());
    }

    Optional<ContentProperty> get(String pageId, String key, RequestOptions options);

    /** Every property of the page. */
    default AutoPager<ContentProperty> list(String pageId) {
        return list(pageId, RequestOptions.none());
    }

    AutoPager<ContentProperty> list(String pageId, RequestOptions options);

    /** Creates property {@code key} with the JSON {@code value}. */
    default ContentProperty create(String pageId, String key, String value) {
        return create(pageId, key, value, RequestOptions.none());
    }

    ContentProperty create(String pageId, String key, String value, RequestOptions options);

    /**
     * Replaces the value of {@code current} as version {@code current.version() + 1}.
     *
     * @throws VersionConflictException when the property changed since {@code current} was read
     */
    default ContentProperty update(String pageId, ContentProperty current, String value) {
        return update(pageId, current, value, RequestOptions.none());
    }

    ContentProperty update(String pageId, ContentProperty current, String value, RequestOptions options);

    /**
     * Reads the property, computes the new value with {@code change} (given empty when the
     * property does not exist yet) and writes it, creating the property when needed; on a version
     * conflict (or a concurrent create) reads again and re-applies, up to the client's limit.
     * Returning null from {@code change} leaves the property as it is.
     */
    default ContentProperty updateWithRetry(
            String pageId, String key, Function<Optional<ContentProperty>, String> change) {
        return updateWithRetry(pageId, key, change, RequestOptions.none());
    }

    ContentProperty updateWithRetry(
            String pageId, String key, Function<Optional<ContentProperty>, String> change, RequestOptions options);

    /** Deletes the property. */
    default void delete(String pageId, ContentProperty property) {
        delete(pageId, property, RequestOptions.none());
    }

    void delete(String pageId, ContentProperty property, RequestOptions options);
}
