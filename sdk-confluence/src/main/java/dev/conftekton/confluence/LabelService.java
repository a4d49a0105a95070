package dev.conftekton.confluence;

import dev.conftekton.confluence.model.Label;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.page.AutoPager;
import java.util.List;

/** Labels on a page (through the v1 API on every flavour, since v2 cannot write labels). */
public interface LabelService {
    /** The labels of the content. */
    default AutoPager<Label> list(String contentId) {
        return list(contentId, RequestOptions.none());
    }

    AutoPager<Label> list(String contentId, RequestOptions options);

    /** Adds global labels; labels already present are kept. Returns the labels now on the content. */
    default List<Label> add(String contentId, String... names) {
        return add(contentId, List.of(names), RequestOptions.none());
    }

    List<Label> add(String contentId, List<String> names, RequestOptions options);

    /** Removes a label; removing a label that is not there is not an error. */
    default void remove(String contentId, String name) {
        remove(contentId, name, RequestOptions.none());
    }

    void remove(String contentId, String name, RequestOptions options);
}
