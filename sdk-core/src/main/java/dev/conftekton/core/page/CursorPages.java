package dev.conftekton.core.page;

import dev.conftekton.core.error.DecodingException;
import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.HttpResponse;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.http.RestClient;
import dev.conftekton.core.json.JsonName;
import dev.conftekton.core.json.Types;
import java.lang.reflect.Type;
import java.net.URI;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Cursor pagination as Confluence Cloud v2 does it: the next page's URL comes in a {@code Link:
 * <...>; rel="next"} header or in the body's {@code _links.next}; the link may be site-relative
 * ({@code /wiki/api/v2/pages?cursor=...}) and is resolved with {@link RestClient#resolveLink}.
 *
 * <pre>{@code
 * Page<Space> first = CursorPages.results(client, HttpRequest.get("/api/v2/spaces"), Space.class);
 * AutoPager.from(first).stream().forEach(...);
 *
 * // any body shape: decode the items and the next link yourself
 * Page<Label> labels = CursorPages.of(client, request,
 *         body -> { LabelList l = client.json().fromJson(body, LabelList.class);
 *                   return CursorPages.Chunk.of(l.results(), l.next()); });
 * }</pre>
 *
 * <p>Safety: a next link to another origin, an unparseable link or a link equal to the current
 * one is not followed: the page keeps its items, {@link Page#hasNextPage()} is true and {@link
 * Page#nextPage()} throws a {@link DecodingException} explaining why, rather than leaking
 * credentials, looping or silently dropping the rest.
 */
public final class CursorPages {
    private CursorPages() {}

    /**
     * The items of one response and the body's next link (null when the body has none).
     *
     * @param items the items, copied
     * @param next the next page's link from the body, or null
     */
    public record Chunk<T>(List<T> items, String next) {
        public Chunk {
            items = items == null ? List.of() : List.copyOf(items);
        }

        public static <T> Chunk<T> of(List<T> items) {
            return new Chunk<>(items, null);
        }

        public static <T> Chunk<T> of(List<T> items, String next) {
            return new Chunk<>(items, next);
        }
    }

    /** Fetches the first page of {@code first}, decoding each body with {@code decoder}. */
    public static <T> Page<T> of(RestClient client, HttpRequest first, Function<String, Chunk<T>> decoder) {
        return of(client, first, RequestOptions.none(), decoder);
    }

    /** As {@link #of(RestClient, HttpRequest, Function)} with per-request options. */
    public static <T> Page<T> of(
            RestClient client, HttpRequest first, RequestOptions options, Function<String, Chunk<T>> decoder) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(decoder, "decoder");
        return fetch(client, first, options, decoder, null);
    }

    /**
     * For bodies shaped {@code {"results":[...], "_links":{"next":"..."}}} (Confluence v1 and v2):
     * decodes {@code results} as {@code itemType}.
     */
    public static <T> Page<T> results(RestClient client, HttpRequest first, Class<T> itemType) {
        return results(client, first, (Type) itemType, RequestOptions.none());
    }

    /** As {@link #results(RestClient, HttpRequest, Class)} for generic item types and with options. */
    public static <T> Page<T> results(RestClient client, HttpRequest first, Type itemType, RequestOptions options) {
        Type listType = Types.parameterized(ResultList.class, itemType);
        return of(client, first, options, body -> {
            ResultList<T> list = client.json().fromJson(body, listType);
            return Chunk.of(
                    list.results(), list.links() == null ? null : list.links().next());
        });
    }

    /** The common Confluence list shape. */
    record ResultList<T>(List<T> results, @JsonName("_links") Links links) {}

    /** The {@code _links} object. */
    record Links(String next) {}

    private static <T> Page<T> fetch(
            RestClient client,
            HttpRequest request,
            RequestOptions options,
            Function<String, Chunk<T>> decoder,
            URI current) {
        Chunk<T> chunk;
        Optional<String> headerNext;
        URI requested;
        HttpRequest withAccept = request.headers().first("Accept").isPresent()
                ? request
                : request.newBuilder().header("Accept", "application/json").build();
        try (HttpResponse response = client.execute(withAccept, options)) {
            requested = response.request().uri();
            headerNext = LinkHeader.next(response.headers().all("Link"));
            String body = client.readText(response);
            try {
                chunk = decoder.apply(body);
            } catch (DecodingException e) {
                throw new DecodingException(
                        request.method() + " " + client.redactor().redact(requested.toString()) + ": "
                                + client.redactor().redact(e.getMessage()));
            }
            if (chunk == null) {
                throw new DecodingException("the page decoder returned null for "
                        + client.redactor().redact(requested.toString()));
            }
        }
        String nextLink = headerNext.orElse(chunk.next());
        URI next = null;
        DecodingException badLink = null;
        if (nextLink != null && !nextLink.isBlank()) {
            try {
                next = nextUri(client, requested, nextLink);
            } catch (DecodingException e) {
                // Keep the items received; the error surfaces when the caller asks for the next page.
                badLink = e;
            }
        }
        return new CursorPage<>(client, request, options, decoder, chunk.items(), next, badLink);
    }

    private static URI nextUri(RestClient client, URI requested, String link) {
        URI next;
        try {
            next = client.resolveLink(link);
        } catch (IllegalArgumentException e) {
            throw new DecodingException("the service sent a malformed next-page link ("
                    + e.getMessage() + ") in response to "
                    + client.redactor().redact(requested.toString())
                    + "; the remaining pages cannot be fetched");
        }
        URI base = client.baseUrl();
        boolean sameOrigin = next.getScheme().equalsIgnoreCase(base.getScheme())
                && next.getHost() != null
                && next.getHost().equalsIgnoreCase(base.getHost())
                && effectivePort(next) == effectivePort(base);
        if (!sameOrigin) {
            throw new DecodingException("the next-page link points to another origin ("
                    + next.getScheme() + "://" + next.getHost() + "), which is not followed; base URL is "
                    + base);
        }
        if (next.equals(requested)) {
            throw new DecodingException("the next-page link repeats the current page ("
                    + client.redactor().redact(requested.toString()) + "); stopping to avoid an endless loop");
        }
        return next;
    }

    private static int effectivePort(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static final class CursorPage<T> implements Page<T> {
        private final RestClient client;
        private final HttpRequest template;
        private final RequestOptions options;
        private final Function<String, Chunk<T>> decoder;
        private final List<T> items;
        private final URI next;
        private final DecodingException badLink;

        CursorPage(
                RestClient client,
                HttpRequest template,
                RequestOptions options,
                Function<String, Chunk<T>> decoder,
                List<T> items,
                URI next,
                DecodingException badLink) {
            this.client = client;
            this.template = template;
            this.options = options;
            this.decoder = decoder;
            this.items = items;
            this.next = next;
            this.badLink = badLink;
        }

        @Override
        public List<T> items() {
            return items;
        }

        @Override
        public boolean hasNextPage() {
            return next != null || badLink != null;
        }

        @Override
        public Page<T> nextPage() {
            if (badLink != null) {
                throw new DecodingException(badLink.getMessage());
            }
            if (next == null) {
                throw new NoSuchElementException("this is the last page");
            }
            // The link carries the whole query (cursor, limit, filters): send it as given.
            HttpRequest.Builder request = HttpRequest.builder().method("GET").url(next.toString());
            template.headers().forEach(request::header);
            return fetch(client, request.build(), options, decoder, next);
        }

        @Override
        public String toString() {
            return "Page[" + items.size() + " items, " + (next == null ? "last" : "more") + "]";
        }
    }
}
