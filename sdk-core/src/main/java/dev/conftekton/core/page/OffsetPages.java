package dev.conftekton.core.page;

import dev.conftekton.core.error.DecodingException;
import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.HttpResponse;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.http.RestClient;
import dev.conftekton.core.json.Types;
import java.lang.reflect.Type;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;

/**
 * Offset pagination ({@code start}/{@code limit}, as Confluence v1 and Data Center do): each next
 * request repeats the first with {@code start} advanced by the number of items received. Paging
 * stops at an empty page, or when a page holds fewer items than the limit the service applied
 * (services may lower the requested limit; the decoder reports the applied one).
 *
 * <pre>{@code
 * Page<Content> first = OffsetPages.results(client,
 *         HttpRequest.get("/rest/api/content").newBuilder().query("spaceKey", "DOCS").build(),
 *         50, Content.class);
 * AutoPager.from(first).forEach(...);
 * }</pre>
 */
public final class OffsetPages {
    private OffsetPages() {}

    /**
     * The items of one response and the limit the service applied ({@code -1} when it did not say).
     */
    public record Chunk<T>(List<T> items, int limit) {
        public Chunk {
            items = items == null ? List.of() : List.copyOf(items);
        }

        public static <T> Chunk<T> of(List<T> items) {
            return new Chunk<>(items, -1);
        }

        public static <T> Chunk<T> of(List<T> items, int limit) {
            return new Chunk<>(items, limit);
        }
    }

    /** Fetches the first page: {@code first} plus {@code start} (unless already set) and {@code limit}. */
    public static <T> Page<T> of(RestClient client, HttpRequest first, int limit, Function<String, Chunk<T>> decoder) {
        return of(client, first, limit, RequestOptions.none(), decoder);
    }

    public static <T> Page<T> of(
            RestClient client,
            HttpRequest first,
            int limit,
            RequestOptions options,
            Function<String, Chunk<T>> decoder) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(decoder, "decoder");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        long start = 0;
        String given = first.queryValue("start").orElse(null);
        if (given != null) {
            try {
                start = Long.parseLong(given);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the request's start parameter is not a number: " + given);
            }
        }
        return fetch(client, first, options, decoder, start, limit);
    }

    /** For bodies shaped {@code {"results":[...], "start":0, "limit":25, "size":25}} (Confluence v1). */
    public static <T> Page<T> results(RestClient client, HttpRequest first, int limit, Class<T> itemType) {
        return results(client, first, limit, (Type) itemType, RequestOptions.none());
    }

    public static <T> Page<T> results(
            RestClient client, HttpRequest first, int limit, Type itemType, RequestOptions options) {
        Type listType = Types.parameterized(OffsetList.class, itemType);
        return of(client, first, limit, options, body -> {
            OffsetList<T> list = client.json().fromJson(body, listType);
            return Chunk.of(list.results(), list.limit() == null ? -1 : list.limit());
        });
    }

    /** The Confluence v1 list shape. */
    record OffsetList<T>(List<T> results, Integer start, Integer limit, Integer size) {}

    private static <T> Page<T> fetch(
            RestClient client,
            HttpRequest template,
            RequestOptions options,
            Function<String, Chunk<T>> decoder,
            long start,
            int limit) {
        HttpRequest.Builder b = template.newBuilder()
                .setQuery("start", Long.toString(start))
                .setQuery("limit", Integer.toString(limit));
        if (template.headers().first("Accept").isEmpty()) {
            b.header("Accept", "application/json");
        }
        HttpRequest request = b.build();
        Chunk<T> chunk;
        try (HttpResponse response = client.execute(request, options)) {
            String body = client.readText(response);
            try {
                chunk = decoder.apply(body);
            } catch (DecodingException e) {
                throw new DecodingException(request.method() + " "
                        + client.redactor().redact(response.request().uri().toString()) + ": "
                        + client.redactor().redact(e.getMessage()));
            }
            if (chunk == null) {
                throw new DecodingException("the page decoder returned null");
            }
        }
        int applied = chunk.limit() > 0 ? Math.min(chunk.limit(), limit) : limit;
        boolean more = !chunk.items().isEmpty() && chunk.items().size() >= applied;
        return new OffsetPage<>(client, template, options, decoder, chunk.items(), more, start, limit);
    }

    private record OffsetPage<T>(
            RestClient client,
            HttpRequest template,
            RequestOptions options,
            Function<String, Chunk<T>> decoder,
            List<T> items,
            boolean more,
            long start,
            int limit)
            implements Page<T> {
        @Override
        public boolean hasNextPage() {
            return more;
        }

        @Override
        public Page<T> nextPage() {
            if (!more) {
                throw new NoSuchElementException("this is the last page");
            }
            return fetch(client, template, options, decoder, start + items.size(), limit);
        }

        @Override
        public String toString() {
            return "Page[start=" + start + ", " + items.size() + " items, " + (more ? "more" : "last") + "]";
        }
    }
}
