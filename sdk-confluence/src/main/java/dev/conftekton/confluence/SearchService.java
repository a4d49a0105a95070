package dev.conftekton.confluence;

import dev.conftekton.confluence.model.PageSummary;
import dev.conftekton.confluence.model.SearchResult;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.page.AutoPager;

/**
 * CQL search through the v1 API, auto-paged.
 *
 * <pre>{@code
 * confluence.search().cql("space = DOCS and label = release-notes order by created desc")
 *         .stream().limit(10).forEach(r -> System.out.println(r.title()));
 * }</pre>
 *
 * <p>CQL is passed as a query parameter and encoded; quote user-provided values inside it (use
 * {@link #quote(String)}), as CQL injection is the caller's concern.
 */
public interface SearchService {
    /** Site search ({@code /search}): pages, blog posts, attachments, spaces, users. */
    default AutoPager<SearchResult> cql(String cql) {
        return cql(cql, RequestOptions.none());
    }

    AutoPager<SearchResult> cql(String cql, RequestOptions options);

    /** Content search ({@code /content/search}) with {@code expand} (for example {@code version,space}). */
    default AutoPager<PageSummary> content(String cql, String... expand) {
        return content(cql, java.util.List.of(expand), RequestOptions.none());
    }

    AutoPager<PageSummary> content(String cql, java.util.List<String> expand, RequestOptions options);

    /** {@code value} as a CQL string literal: in double quotes, with {@code "} and {@code \} escaped. */
    static String quote(String value) {
        java.util.Objects.requireNonNull(value, "value");
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
