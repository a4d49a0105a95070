package dev.conftekton.core.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable HTTP request: method, URL (a path relative to a {@link RestClient}'s base URL, or an
 * absolute {@code http(s)} URL), query parameters, headers and an optional body.
 *
 * <pre>{@code
 * HttpRequest request = HttpRequest.get("/wiki/api/v2/pages")
 *         .newBuilder()
 *         .query("space-id", "123")
 *         .query("limit", "50")
 *         .header("Accept", "application/json")
 *         .build();
 * }</pre>
 *
 * <p>Query values are percent-encoded when the URI is built; never encode them yourself. {@link
 * #toString()} hides token-like query parameters and credential headers.
 */
public final class HttpRequest {
    private final String method;
    private final String url;
    private final List<QueryParam> query;
    private final Headers headers;
    private final RequestBody body;
    private final boolean absolute; // isAbsoluteUrl(url), asked several times per call
    private URI uri; // computed on first use; URI is immutable, so a racy recomputation is harmless

    private HttpRequest(Builder b) {
        this.method = b.method;
        this.url = b.url;
        this.query = List.copyOf(b.query);
        this.headers = b.headers.build();
        this.body = b.body;
        this.absolute = isAbsoluteUrl(url);
        this.uri = b.uri;
    }

    private HttpRequest(HttpRequest from, Headers headers) {
        this(from, from.url, from.uri, headers);
    }

    private HttpRequest(HttpRequest from, String url, URI uri, Headers headers) {
        this.method = from.method;
        this.url = url;
        this.query = from.query;
        this.headers = headers;
        this.body = from.body;
        this.absolute = url == from.url ? from.absolute : isAbsoluteUrl(url);
        this.uri = uri;
    }

    /** One query parameter; the value is kept unencoded. */
    public record QueryParam(String name, String value) {
        public QueryParam {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("query parameter name is empty");
            }
        }
    }

    public static HttpRequest get(String pathOrUrl) {
        return builder().method("GET").url(pathOrUrl).build();
    }

    public static HttpRequest delete(String pathOrUrl) {
        return builder().method("DELETE").url(pathOrUrl).build();
    }

    public static HttpRequest post(String pathOrUrl, RequestBody body) {
        return builder().method("POST").url(pathOrUrl).body(body).build();
    }

    public static HttpRequest put(String pathOrUrl, RequestBody body) {
        return builder().method("PUT").url(pathOrUrl).body(body).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder newBuilder() {
        Builder b = new Builder();
        b.method = method;
        b.url = url;
        b.query.addAll(query);
        b.headers.addAll(headers);
        b.body = body;
        b.uri = uri; // still valid until the URL or query changes
        return b;
    }

    /**
     * This request with every value of header {@code name} replaced by {@code value}; cheaper than
     * {@code newBuilder().setHeader(name, value).build()}, which copies and checks everything again.
     */
    public HttpRequest withHeader(String name, String value) {
        return new HttpRequest(this, headers.with(name, value));
    }

    /**
     * This request sent to {@code url} (a checked base URL and this request's checked path, see
     * {@link #resolvedUrl(URI)}), whose URI with the query is {@code uri}, with {@code headers}: one
     * new object, where a builder copies the query and headers twice.
     */
    HttpRequest resolved(String url, URI uri, Headers headers) {
        return new HttpRequest(this, url, uri, headers);
    }

    /** This request with {@code headers} instead of its own. */
    HttpRequest withHeaders(Headers headers) {
        return new HttpRequest(this, headers);
    }

    /** The method in upper case, for example {@code GET}. */
    public String method() {
        return method;
    }

    /** The path or absolute URL as given, without the query parameters added by {@link Builder#query}. */
    public String url() {
        return url;
    }

    public List<QueryParam> query() {
        return query;
    }

    /** The first value of query parameter {@code name}, if present. */
    public Optional<String> queryValue(String name) {
        return query.stream()
                .filter(q -> q.name().equals(name))
                .map(QueryParam::value)
                .findFirst();
    }

    public Headers headers() {
        return headers;
    }

    public Optional<RequestBody> body() {
        return Optional.ofNullable(body);
    }

    /** True when the request can be sent again: it has no body or a replayable one. */
    public boolean isReplayable() {
        return body == null || body.isReplayable();
    }

    /** True when {@link #url()} is an absolute URL with a scheme and host. */
    public boolean isAbsolute() {
        return absolute;
    }

    /**
     * The absolute URI including the encoded query parameters.
     *
     * @throws IllegalStateException when the URL is relative; let a {@link RestClient} resolve it
     */
    public URI uri() {
        if (!isAbsolute()) {
            throw new IllegalStateException("the request URL '" + url + "' is relative; send it through a RestClient"
                    + " or give an absolute http(s) URL");
        }
        URI u = uri;
        if (u == null) {
            u = buildUri(url, query);
            uri = u;
        }
        return u;
    }

    /**
     * This request with its relative path appended to {@code baseUrl} (whose path is kept, so a Data
     * Center context path such as {@code /confluence} stays). An absolute URL is returned unchanged.
     */
    public HttpRequest resolve(URI baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (isAbsolute()) {
            return this;
        }
        Builder b = newBuilder();
        b.resolvedUrl(resolvedUrl(baseUrl));
        return b.build();
    }

    /** {@link #url()} appended to {@code baseUrl}; for a relative URL only. */
    String resolvedUrl(URI baseUrl) {
        String base = baseUrl.toString();
        int cut = indexOfQueryOrFragment(base);
        if (cut >= 0) {
            base = base.substring(0, cut);
        }
        String path = url;
        if (path.isEmpty()) {
            return base;
        } else if (base.endsWith("/")) {
            return base + (path.startsWith("/") ? path.substring(1) : path);
        } else {
            return base + (path.startsWith("/") || path.startsWith("?") ? path : "/" + path);
        }
    }

    /**
     * The URI of {@code resolvedUrl} ({@link #resolvedUrl(URI)} of this request) with the query
     * parameters, parsing only what this request added: the path and query. The scheme and
     * authority are the already parsed base URL's, so each call does not parse the host again. The
     * result equals a parse of the whole URL ({@link URI#resolve} takes an absolute path as it is,
     * dot segments included); anything else than an absolute path after the base's authority is
     * parsed whole.
     */
    URI resolvedUri(URI baseUrl, String resolvedUrl) {
        String origin = baseUrl.getScheme() + "://" + baseUrl.getRawAuthority();
        String full = withQuery(resolvedUrl, query);
        if (baseUrl.getRawAuthority() == null
                || !full.startsWith(origin)
                || full.length() == origin.length()
                || full.charAt(origin.length()) != '/'
                || full.startsWith("//", origin.length())) {
            return buildUri(resolvedUrl, query);
        }
        return baseUrl.resolve(parse(full.substring(origin.length()), resolvedUrl));
    }

    @Override
    public String toString() {
        String shown = isAbsolute() ? buildUri(url, query).toString() : url + queryString(query);
        return "HttpRequest[" + method + " " + QueryRedaction.redact(shown) + ", headers=" + headers
                + (body == null ? "" : ", body=" + body) + "]";
    }

    static boolean isAbsoluteUrl(String url) {
        return url.regionMatches(true, 0, "http://", 0, 7) || url.regionMatches(true, 0, "https://", 0, 8);
    }

    private static int indexOfQueryOrFragment(String s) {
        int q = s.indexOf('?');
        int f = s.indexOf('#');
        if (q < 0) {
            return f;
        }
        return f < 0 ? q : Math.min(q, f);
    }

    private static String withQuery(String url, List<QueryParam> query) {
        return query.isEmpty()
                ? url
                : url + (url.indexOf('?') >= 0 ? "&" : "?") + queryString(query).substring(1);
    }

    private static URI buildUri(String url, List<QueryParam> query) {
        URI uri = parse(withQuery(url, query), url);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the URL has no host: " + QueryRedaction.redact(url));
        }
        return uri;
    }

    /** {@code text} as a URI; {@code url} is what a failure names (redacted). */
    private static URI parse(String text, String url) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL (" + e.getReason() + "): " + QueryRedaction.redact(url)
                    + "; percent-encode path segments, and pass query parameters through query(name, value)");
        }
    }

    private static String queryString(List<QueryParam> query) {
        if (query.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (QueryParam q : query) {
            sb.append(sb.length() == 0 ? '?' : '&')
                    .append(encode(q.name()))
                    .append('=')
                    .append(encode(q.value()));
        }
        return sb.toString();
    }

    /** Percent-encodes a query component (space as %20, not '+', so it survives any server). */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Mutable builder for {@link HttpRequest}. */
    public static final class Builder {
        private String method = "GET";
        private String url;
        private final List<QueryParam> query = new ArrayList<>();
        private final Headers.Builder headers = Headers.builder();
        private RequestBody body;
        private URI uri;

        private Builder() {}

        /** The HTTP method, for example {@code GET} or {@code PATCH}; upper-cased. */
        public Builder method(String method) {
            Objects.requireNonNull(method, "method");
            String m = method.toUpperCase(Locale.ROOT);
            if (m.isEmpty() || !m.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
                throw new IllegalArgumentException("method must be letters only, for example GET or POST");
            }
            this.method = m;
            return this;
        }

        /** A path such as {@code /rest/api/content} (resolved against the client's base URL) or an absolute URL. */
        public Builder url(String pathOrUrl) {
            Objects.requireNonNull(pathOrUrl, "pathOrUrl");
            for (int i = 0; i < pathOrUrl.length(); i++) {
                char c = pathOrUrl.charAt(i);
                if (c < ' ' || c == 0x7f) {
                    throw new IllegalArgumentException("the URL contains a control character at index " + i);
                }
            }
            this.url = pathOrUrl;
            this.uri = null;
            return this;
        }

        /** Sets a URL made of a checked base URL and this request's checked path: no second check. */
        Builder resolvedUrl(String url) {
            this.url = url;
            this.uri = null;
            return this;
        }

        /** Adds a query parameter; repeatable. The value is encoded when the URI is built. */
        public Builder query(String name, String value) {
            query.add(new QueryParam(name, value));
            uri = null;
            return this;
        }

        /** Replaces every value of query parameter {@code name} with {@code value}. */
        public Builder setQuery(String name, String value) {
            removeQuery(name);
            return query(name, value);
        }

        public Builder removeQuery(String name) {
            Objects.requireNonNull(name, "name");
            query.removeIf(q -> q.name().equals(name));
            uri = null;
            return this;
        }

        /** Adds a header value (keeping earlier values of the same name). */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /** Replaces every value of header {@code name}. */
        public Builder setHeader(String name, String value) {
            headers.set(name, value);
            return this;
        }

        public Builder removeHeader(String name) {
            headers.remove(name);
            return this;
        }

        /** The body, or null for none. */
        public Builder body(RequestBody body) {
            this.body = body;
            return this;
        }

        public HttpRequest build() {
            if (url == null) {
                throw new IllegalStateException("url is required: call url(pathOrUrl)");
            }
            return new HttpRequest(this);
        }
    }
}
