/**
 * Pagination: {@link dev.conftekton.core.page.Page}, the lazy {@link
 * dev.conftekton.core.page.AutoPager} and page builders for cursor ({@link
 * dev.conftekton.core.page.CursorPages}) and offset ({@link dev.conftekton.core.page.OffsetPages})
 * style APIs.
 *
 * <pre>{@code
 * Page<Space> first = CursorPages.results(client, HttpRequest.get("/api/v2/spaces"), Space.class);
 * List<String> keys = AutoPager.from(first).stream().map(Space::key).toList();
 * }</pre>
 */
package dev.conftekton.core.page;
