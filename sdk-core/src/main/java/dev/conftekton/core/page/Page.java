package dev.conftekton.core.page;

import java.util.List;

/**
 * One page of results from a paginated API.
 *
 * <pre>{@code
 * Page<Space> page = CursorPages.results(client, HttpRequest.get("/api/v2/spaces"), Space.class);
 * while (true) {
 *     page.items().forEach(System.out::println);
 *     if (!page.hasNextPage()) break;
 *     page = page.nextPage();
 * }
 * // or simply: AutoPager.from(page).stream()...
 * }</pre>
 */
public interface Page<T> {
    /** The items on this page, unmodifiable; may be empty. */
    List<T> items();

    /** True when the service said there is a further page. */
    boolean hasNextPage();

    /**
     * Fetches the next page.
     *
     * @throws java.util.NoSuchElementException when there is none
     */
    Page<T> nextPage();

    /** A single page with no successor. */
    static <T> Page<T> of(List<T> items) {
        List<T> copy = List.copyOf(items);
        return new Page<>() {
            @Override
            public List<T> items() {
                return copy;
            }

            @Override
            public boolean hasNextPage() {
                return false;
            }

            @Override
            public Page<T> nextPage() {
                throw new java.util.NoSuchElementException("this is the last page");
            }
        };
    }
}
