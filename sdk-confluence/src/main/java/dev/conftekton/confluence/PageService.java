package dev.conftekton.confluence;

import dev.conftekton.confluence.model.NewPage;
import dev.conftekton.confluence.model.Page;
import dev.conftekton.confluence.model.PageSummary;
import dev.conftekton.confluence.model.PageUpdate;
import dev.conftekton.confluence.model.Version;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.page.AutoPager;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Pages: read, create, update (with optimistic locking), delete, and walk the page tree.
 *
 * <pre>{@code
 * Page page = confluence.pages().get("123");                       // body + version
 * Page renamed = confluence.pages().update(page, PageUpdate.title("Runbook (old)"));
 * Page appended = confluence.pages().updateWithRetry("123",
 *         current -> PageUpdate.body(current.body() + "<p>one more line</p>"));
 * }</pre>
 *
 * <p>A page that does not exist gives a {@code NotFoundException} naming it; a stale version
 * number gives a {@link VersionConflictException}.
 */
public interface PageService {
    /** The page with its storage-format body and current version. */
    default Page get(String id) {
        return get(id, EnumSet.of(PageField.BODY), RequestOptions.none());
    }

    /** The page with its current version and the requested {@code fields}. */
    default Page get(String id, Set<PageField> fields) {
        return get(id, fields, RequestOptions.none());
    }

    Page get(String id, Set<PageField> fields, RequestOptions options);

    /** The current page titled {@code title} in the space with key {@code spaceKey}, with its body. */
    default Optional<Page> findByTitle(String spaceKey, String title) {
        return findByTitle(spaceKey, title, RequestOptions.none());
    }

    Optional<Page> findByTitle(String spaceKey, String title, RequestOptions options);

    /** Creates a page and returns it as stored (version 1). */
    default Page create(NewPage page) {
        return create(page, RequestOptions.none());
    }

    Page create(NewPage page, RequestOptions options);

    /**
     * Writes {@code change} over {@code current} as version {@code current.version().number() + 1}.
     * Fields the change leaves null keep their values from {@code current}; to keep the body,
     * {@code current} must have been read with its body.
     *
     * @throws VersionConflictException when someone else wrote the page since {@code current} was read
     */
    default Page update(Page current, PageUpdate change) {
        return update(current, change, RequestOptions.none());
    }

    Page update(Page current, PageUpdate change, RequestOptions options);

    /**
     * Reads the page with its body, applies {@code change} and writes the result; when Confluence
     * answers 409 because another writer got there first, reads again and re-applies {@code change}
     * to the newer page, up to the client's conflict-attempt limit. {@code change} must therefore be
     * a pure function of the page it is given. Returning null from {@code change} means "nothing to
     * do" and returns the page as read.
     *
     * @throws VersionConflictException when every attempt lost the race
     */
    default Page updateWithRetry(String id, Function<Page, PageUpdate> change) {
        return updateWithRetry(id, change, RequestOptions.none());
    }

    Page updateWithRetry(String id, Function<Page, PageUpdate> change, RequestOptions options);

    /** Moves the page to the trash. */
    default void delete(String id) {
        delete(id, RequestOptions.none());
    }

    void delete(String id, RequestOptions options);

    /** The direct children of a page. */
    default AutoPager<PageSummary> children(String id) {
        return children(id, RequestOptions.none());
    }

    AutoPager<PageSummary> children(String id, RequestOptions options);

    /** Every page below a page, at any depth. */
    default AutoPager<PageSummary> descendants(String id) {
        return descendants(id, RequestOptions.none());
    }

    AutoPager<PageSummary> descendants(String id, RequestOptions options);

    /** The pages above a page, from the top of the tree down to its parent. */
    default List<PageSummary> ancestors(String id) {
        return ancestors(id, RequestOptions.none());
    }

    List<PageSummary> ancestors(String id, RequestOptions options);

    /** The version history, newest first, each with author, time and message. */
    default AutoPager<Version> versions(String id) {
        return versions(id, RequestOptions.none());
    }

    AutoPager<Version> versions(String id, RequestOptions options);
}
