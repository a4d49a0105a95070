package dev.conftekton.confluence;

import dev.conftekton.confluence.model.FooterComment;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.page.AutoPager;

/**
 * Footer comments of a page, with author, time, version and storage-format body.
 *
 * <pre>{@code
 * for (FooterComment c : confluence.comments().list(pageId)) {
 *     if (!c.edited() && StorageReader.plainText(c.body()).strip().equals("/approve")) { ... }
 * }
 * }</pre>
 */
public interface CommentService {
    /**
     * The footer comments of a page, replies included: the top-level comments oldest first, each followed by its
     * replies (and theirs). On Cloud this takes one request per comment besides the list itself, since Cloud lists
     * a comment's replies separately.
     */
    default AutoPager<FooterComment> list(String pageId) {
        return list(pageId, RequestOptions.none());
    }

    AutoPager<FooterComment> list(String pageId, RequestOptions options);

    /** Adds a footer comment whose body is storage format (build it with {@code StorageBuilder}). */
    default FooterComment create(String pageId, String storageBody) {
        return create(pageId, storageBody, RequestOptions.none());
    }

    FooterComment create(String pageId, String storageBody, RequestOptions options);
}
