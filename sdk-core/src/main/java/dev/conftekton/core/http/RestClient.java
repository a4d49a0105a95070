package dev.conftekton.core.http;

import dev.conftekton.core.auth.TokenSource;
import dev.conftekton.core.error.DecodingException;
import dev.conftekton.core.error.TransportException;
import dev.conftekton.core.flow.FlowControl;
import dev.conftekton.core.http.internal.RequestExecutor;
import dev.conftekton.core.http.internal.Version;
import dev.conftekton.core.json.JsonCodec;
import dev.conftekton.core.redact.Redactor;
import dev.conftekton.core.retry.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The HTTP client every service client is built on: base URL, credentials, retries, flow control,
 * error mapping, redaction and JSON. Immutable and thread-safe; build one per service and derive
 * variants with {@link #newBuilder()} (they share the transport and its connections).
 *
 * <pre>{@code
 * RestClient client = RestClient.builder()
 *         .baseUrl("https://example.atlassian.net/wiki")
 *         .tokenSource(TokenSource.of(AccessToken.basic("me@example.com", Secret.of(apiToken))))
 *         .build();
 * Space space = client.executeJson(HttpRequest.get("/api/v2/spaces/123"), Space.class);
 * }</pre>
 *
 * <p>Behaviour: a relative request path is appended to the base URL (whose path, such as a Data
 * Center context path {@code /confluence}, is kept). {@code Authorization} is added only for the
 * base URL's origin; a 401 invalidates the token and the request is retried once with a fresh one.
 * I/O failures and 408/429/500/502/503/504 are retried per the {@link RetryPolicy} when the body
 * is replayable. Other 4xx/5xx answers are thrown as {@link dev.conftekton.core.error.ServiceException}
 * subclasses with the request id ({@code X-Request-Id} or {@code ATL-TraceId}) and a redacted body
 * excerpt; I/O failures as {@link TransportException}. Every token sent is registered with the
 * client's {@link Redactor}, so it never shows in logs or messages.
 */
public final class RestClient {
    /** The largest response body {@link #executeJson} reads; larger bodies fail with a DecodingException. */
    public static final long DEFAULT_MAX_JSON_BYTES = 64L * 1024 * 1024;

    private final URI baseUrl;
    private final TokenSource tokenSource;
    private final HttpTransport transport;
    private final RetryPolicy retryPolicy;
    private final FlowControl flowControl;
    private final Redactor redactor;
    private final String userAgent;
    private final Clock clock;
    private final Headers defaultHeaders;
    private final JsonCodec json;
    private final Duration timeout;
    private final long maxJsonBytes;
    private final RequestExecutor executor;

    private RestClient(Builder b) {
        this.baseUrl = b.baseUrl;
        this.tokenSource = b.tokenSource;
        this.transport = b.transport != null ? b.transport : HttpTransport.okHttp();
        this.retryPolicy = b.retryPolicy;
        this.flowControl =
                b.flowControl != null ? b.flowControl : FlowControl.builder().build();
        this.redactor = b.redactor != null ? b.redactor : Redactor.create();
        this.userAgent = b.userAgent;
        this.clock = b.clock;
        this.defaultHeaders = b.defaultHeaders.build();
        this.json = b.json;
        this.timeout = b.timeout;
        this.maxJsonBytes = b.maxJsonBytes;
        this.executor = new RequestExecutor(transport, retryPolicy, flowControl, redactor, clock, tokenSource);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this client's settings; clients built from it share the transport, flow control and redactor. */
    public Builder newBuilder() {
        Builder b = new Builder();
        b.baseUrl = baseUrl;
        b.tokenSource = tokenSource;
        b.transport = transport;
        b.retryPolicy = retryPolicy;
        b.flowControl = flowControl;
        b.redactor = redactor;
        b.userAgent = userAgent;
        b.clock = clock;
        b.defaultHeaders.addAll(defaultHeaders);
        b.json = json;
        b.timeout = timeout;
        b.maxJsonBytes = maxJsonBytes;
        return b;
    }

    /** Sends {@code request} with the client's defaults. See {@link #execute(HttpRequest, RequestOptions)}. */
    public HttpResponse execute(HttpRequest request) {
        return execute(request, RequestOptions.none());
    }

    /**
     * Sends {@code request} and returns a 2xx or 3xx response, which the caller closes.
     *
     * @throws dev.conftekton.core.error.ServiceException for 4xx/5xx answers (after retries)
     * @throws TransportException when the service could not be reached
     */
    public HttpResponse execute(HttpRequest request, RequestOptions options) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(options, "options");
        // One copy of the request: resolved, with the client's and the call's headers.
        Headers given = request.headers();
        Headers headers = given;
        if (!given.contains("User-Agent")) {
            headers = headers.with("User-Agent", userAgent);
        }
        if (!defaultHeaders.isEmpty() || !options.headers().isEmpty()) {
            Headers.Builder b = headers.newBuilder();
            defaultHeaders.forEach((name, value) -> {
                if (!given.contains(name)) {
                    b.add(name, value);
                }
            });
            Headers overrides = options.headers();
            overrides.names().forEach(b::remove);
            overrides.forEach(b::add);
            headers = b.build();
        }
        HttpRequest ready;
        if (request.isAbsolute()) {
            ready = request.withHeaders(headers);
        } else {
            String resolved = request.resolvedUrl(baseUrl);
            ready = request.resolved(resolved, request.resolvedUri(baseUrl, resolved), headers);
        }
        boolean sameOrigin = sameOrigin(ready.uri(), baseUrl);
        if (!sameOrigin) {
            // Never forward credentials to another origin (for example a hostile pagination link).
            ready = ready.newBuilder()
                    .removeHeader("Authorization")
                    .removeHeader("Cookie")
                    .build();
        }
        int maxAttempts =
                options.maxRetries().isPresent() ? options.maxRetries().getAsInt() + 1 : retryPolicy.maxAttempts();
        Duration budget = options.retryBudget().orElse(retryPolicy.budget());
        Duration attemptTimeout = options.timeout().orElse(timeout);
        return executor.execute(ready, sameOrigin, attemptTimeout, maxAttempts, budget);
    }

    /** Sends {@code request} and decodes the JSON answer as {@code type}. */
    public <T> T executeJson(HttpRequest request, Class<T> type) {
        return executeJson(request, type, RequestOptions.none());
    }

    /** Sends {@code request} and decodes the JSON answer as {@code type} (see {@link dev.conftekton.core.json.Types}). */
    public <T> T executeJson(HttpRequest request, Type type) {
        return executeJson(request, type, RequestOptions.none());
    }

    /**
     * Sends {@code request} and decodes the JSON answer as {@code type}; a 204 or empty body gives
     * null.
     *
     * @throws DecodingException when the body is not JSON of that shape; the message names the field
     */
    public <T> T executeJson(HttpRequest request, Type type, RequestOptions options) {
        Objects.requireNonNull(type, "type");
        HttpRequest withAccept = request.headers().first("Accept").isPresent()
                ? request
                : request.newBuilder().header("Accept", "application/json").build();
        try (HttpResponse response = execute(withAccept, options)) {
            String text = readText(response);
            if (text.isBlank()) {
                if (response.status() == 204 || type == Void.class) {
                    return null;
                }
                throw new DecodingException(describe(response) + " returned HTTP " + response.status()
                        + " with an empty body where JSON was expected");
            }
            try {
                return json.fromJson(text, type);
            } catch (DecodingException e) {
                // No cause: the parser's own message may quote response text that holds a secret.
                throw new DecodingException(describe(response) + ": " + redactor.redact(e.getMessage()));
            }
        }
    }

    /** Reads a response body as text, bounded by the client's JSON size limit. */
    public String readText(HttpResponse response) {
        try (InputStream in = response.body().stream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxJsonBytes + 1));
            if (bytes.length > maxJsonBytes) {
                throw new DecodingException(describe(response) + " returned more than " + maxJsonBytes
                        + " bytes; raise maxJsonBytes on the client if that is expected");
            }
            return new String(bytes, response.body().charset());
        } catch (IOException | UncheckedIOException e) {
            throw new TransportException(
                    describe(response) + ": reading the response body failed: "
                            + redactor.redact(String.valueOf(e.getMessage())),
                    e);
        }
    }

    /**
     * Resolves a link found in a response (for example {@code _links.next}) against the base URL. A
     * site-relative link whose leading segments repeat the end of the base path (Confluence Cloud's
     * {@code /wiki/api/v2/...} against a base of {@code https://x.atlassian.net/wiki}) is not doubled.
     *
     * @throws IllegalArgumentException when the link is not a valid URL
     */
    public URI resolveLink(String link) {
        return LinkResolver.resolve(baseUrl, link);
    }

    /** The codec used by {@link #executeJson}. */
    public JsonCodec json() {
        return json;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public FlowControl flowControl() {
        return flowControl;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** The redactor that masks this client's secrets; register further secrets with it. */
    public Redactor redactor() {
        return redactor;
    }

    public String userAgent() {
        return userAgent;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "RestClient[" + baseUrl + ", userAgent=" + userAgent + ", auth="
                + (tokenSource == null ? "none" : "token source") + "]";
    }

    private String describe(HttpResponse response) {
        HttpRequest r = response.request();
        return r.method() + " " + redactor.redact(r.isAbsolute() ? r.uri().toString() : r.url());
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** Builder for {@link RestClient}. {@link #baseUrl} is required. */
    public static final class Builder {
        private URI baseUrl;
        private TokenSource tokenSource;
        private HttpTransport transport;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private FlowControl flowControl;
        private Redactor redactor;
        private String userAgent = Version.userAgent();
        private Clock clock = Clock.systemUTC();
        private final Headers.Builder defaultHeaders = Headers.builder();
        private JsonCodec json = JsonCodec.defaults();
        private Duration timeout;
        private long maxJsonBytes = DEFAULT_MAX_JSON_BYTES;

        private Builder() {}

        /** The service's base URL, for example {@code https://x.atlassian.net/wiki} or {@code https://dc.example/confluence}. */
        public Builder baseUrl(String baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            try {
                return baseUrl(new URI(baseUrl.trim()));
            } catch (URISyntaxException e) {
                // No cause: URISyntaxException quotes the input, which may hold credentials.
                throw new IllegalArgumentException(
                        "baseUrl is not a valid URL (" + e.getReason() + "); expected https://host[/path]");
            }
        }

        public Builder baseUrl(URI baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            String scheme =
                    baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw new IllegalArgumentException("baseUrl must start with https:// or http://, was '"
                        + Redactor.create().redact(baseUrl.toString()) + "'");
            }
            if (baseUrl.getHost() == null) {
                throw new IllegalArgumentException("baseUrl has no host; expected https://host[/path]");
            }
            if (baseUrl.getRawUserInfo() != null) {
                throw new IllegalArgumentException(
                        "baseUrl must not contain credentials (user:password@); use tokenSource(...) instead");
            }
            if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
                throw new IllegalArgumentException("baseUrl must not have a query or fragment");
            }
            String s = baseUrl.toString();
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            this.baseUrl = URI.create(s);
            return this;
        }

        /** Where credentials come from; null (the default) sends none. */
        public Builder tokenSource(TokenSource tokenSource) {
            this.tokenSource = tokenSource;
            return this;
        }

        /** The transport; by default a new OkHttp transport. */
        public Builder transport(HttpTransport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /** Flow control; by default a fresh {@code FlowControl.builder().build()} per built client. */
        public Builder flowControl(FlowControl flowControl) {
            this.flowControl = Objects.requireNonNull(flowControl, "flowControl");
            return this;
        }

        public Builder redactor(Redactor redactor) {
            this.redactor = Objects.requireNonNull(redactor, "redactor");
            return this;
        }

        /**
         * The User-Agent product token; the default is {@code conftekton/<version>}. A value given
         * here is sent before the default, for example {@code my-tool/1.0 conftekton/0.1.0}.
         */
        public Builder userAgent(String productToken) {
            Objects.requireNonNull(productToken, "productToken");
            if (productToken.isBlank() || productToken.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
                throw new IllegalArgumentException("userAgent must be printable text such as my-tool/1.0");
            }
            this.userAgent = productToken.trim() + " " + Version.userAgent();
            return this;
        }

        /** The clock for retry budgets; tests pass a fake one. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** A header sent with every request unless the request sets it. */
        public Builder defaultHeader(String name, String value) {
            defaultHeaders.set(name, value);
            return this;
        }

        public Builder json(JsonCodec json) {
            this.json = Objects.requireNonNull(json, "json");
            return this;
        }

        /** The default timeout of each attempt; by default the transport's. */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** The largest JSON body read; default {@value RestClient#DEFAULT_MAX_JSON_BYTES} bytes. */
        public Builder maxJsonBytes(long maxJsonBytes) {
            if (maxJsonBytes < 1) {
                throw new IllegalArgumentException("maxJsonBytes must be positive");
            }
            this.maxJsonBytes = maxJsonBytes;
            return this;
        }

        public RestClient build() {
            if (baseUrl == null) {
                throw new IllegalStateException("baseUrl is required, for example https://example.atlassian.net/wiki");
            }
            return new RestClient(this);
        }
    }
}
