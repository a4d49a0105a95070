package dev.conftekton.core.page;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Iterates over every item of every page, fetching pages lazily as iteration reaches them.
 *
 * <pre>{@code
 * for (Page page : AutoPager.from(client.pages().list(spaceId))) { ... }
 * List<String> titles = AutoPager.from(first).stream().map(Page::title).toList();
 * }</pre>
 *
 * <p>Each call to {@link #iterator()} starts again from the first page (already fetched), so an
 * AutoPager may be iterated more than once; later pages are fetched again.
 */
public final class AutoPager<T> implements Iterable<T> {
    private final Page<T> first;

    private AutoPager(Page<T> first) {
        this.first = first;
    }

    public static <T> AutoPager<T> from(Page<T> first) {
        return new AutoPager<>(Objects.requireNonNull(first, "first"));
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private Page<T> page = first;
            private Iterator<T> items = first.items().iterator();

            @Override
            public boolean hasNext() {
                while (!items.hasNext()) {
                    if (page == null || !page.hasNextPage()) {
                        return false;
                    }
                    page = page.nextPage();
                    items = page.items().iterator();
                }
                return true;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return items.next();
            }
        };
    }

    /** A sequential, lazy stream over all items. */
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false);
    }
}
