package dev.conftekton.core.http.internal;

import dev.conftekton.core.error.RequestTimeoutException;
import dev.conftekton.core.error.TransportException;
import dev.conftekton.core.http.Headers;
import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.HttpResponse;
import dev.conftekton.core.http.HttpTransport;
import dev.conftekton.core.http.ResponseBody;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * {@link HttpTransport} on OkHttp.
 *
 * <p>With the platform's trust store (no custom TLS settings), TLS is set up on the first https
 * request, not before: building an OkHttp client that can speak TLS loads and parses every CA
 * certificate of the runtime, which costs a short-lived command (a Tekton step) a large part of its
 * start-up, and a run against an http:// site (the emulator, a Data Center site behind a proxy that
 * terminates TLS) never needs it. Until then requests go through a cleartext-only client; the
 * TLS-capable client is derived from it once ({@link OkHttpClient#newBuilder()}: same dispatcher,
 * same connection pool). A cleartext request that the server redirects to https is sent again, from
 * the start, through the TLS-capable client, which then follows the redirects itself as before (the
 * server that answered with a redirect did not act on the request; replayable requests are sent
 * again on retries too, see RequestExecutor). A request whose body can be sent only once never takes
 * the cleartext client: it goes through the TLS-capable one from the start.
 */
final class OkHttpTransport implements HttpTransport {
    private static final java.util.Set<String> REQUIRES_BODY =
            java.util.Set.of("POST", "PUT", "PATCH", "PROPPATCH", "REPORT");

    /** OkHttp's own default connection specs (modern TLS, and cleartext for http:// URLs). */
    private static final List<ConnectionSpec> TLS_AND_CLEARTEXT =
            List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT);

    /** http:// only, with no TLS set up; null when {@link #tls} was given at construction. */
    private final OkHttpClient cleartext;

    private final boolean followRedirects;
    private final Object tlsLock = new Object();
    private volatile OkHttpClient tls;
    // The origin of the last request, parsed: a client talks to one site, and parsing its host
    // again on every call (IDN and canonical form checks) costs more than the rest of the URL.
    private volatile Origin lastOrigin;

    /** A transport using {@code client} for everything (custom TLS settings: nothing to defer). */
    OkHttpTransport(OkHttpClient client) {
        this.cleartext = null;
        this.followRedirects = client.followRedirects();
        this.tls = client;
    }

    private OkHttpTransport(OkHttpClient cleartext, boolean followRedirects) {
        this.cleartext = cleartext;
        this.followRedirects = followRedirects;
    }

    /**
     * A transport configured by {@code builder} (no TLS settings on it) that sets up TLS with the
     * platform's trust store on the first https request.
     */
    static OkHttpTransport lazyTls(OkHttpClient.Builder builder, boolean followRedirects) {
        OkHttpClient cleartext = builder.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
                // An http -> https redirect cannot be followed without TLS: it comes back to
                // execute(), which starts over on the TLS-capable client.
                .followSslRedirects(false)
                .build();
        return new OkHttpTransport(cleartext, followRedirects);
    }

    /** Whether TLS has been set up (the TLS-capable client exists). For tests. */
    boolean tlsReady() {
        return tls != null;
    }

    /** The TLS-capable client, built on first use. */
    private OkHttpClient tls() {
        OkHttpClient c = tls;
        if (c == null) {
            synchronized (tlsLock) {
                c = tls;
                if (c == null) {
                    c = cleartext
                            .newBuilder()
                            .connectionSpecs(TLS_AND_CLEARTEXT)
                            .followSslRedirects(followRedirects)
                            .build();
                    tls = c;
                }
            }
        }
        return c;
    }

    @Override
    public HttpResponse execute(HttpRequest request, Duration timeout) {
        URI uri = request.uri();
        Request.Builder rb = new Request.Builder().url(httpUrl(uri));
        request.headers().forEach(rb::addHeader);
        okhttp3.RequestBody body = request.body().map(OkHttpTransport::adapt).orElse(null);
        if (body == null && REQUIRES_BODY.contains(request.method())) {
            body = okhttp3.RequestBody.create(new byte[0], null);
        }
        rb.method(request.method(), body);
        Request okRequest = rb.build();
        boolean cleartextWillDo = cleartext != null && !okRequest.isHttps() && (body == null || !body.isOneShot());
        long start = System.nanoTime();
        Response response = call(cleartextWillDo ? cleartext : tls(), okRequest, request, uri, timeout, timeout);
        if (cleartextWillDo && followRedirects && redirectsToHttps(response)) {
            response.close();
            // Within the one timeout of the whole exchange.
            Duration left = timeout == null ? null : timeout.minusNanos(System.nanoTime() - start);
            response = call(tls(), okRequest, request, uri, timeout, left);
        }
        okhttp3.ResponseBody rbody = response.body();
        okhttp3.Headers raw = response.headers();
        String[] pairs = new String[raw.size() * 2];
        for (int i = 0, n = raw.size(); i < n; i++) {
            pairs[2 * i] = raw.name(i);
            pairs[2 * i + 1] = raw.value(i);
        }
        Headers headers = Headers.received(pairs);
        ResponseBody ourBody = rbody == null
                ? ResponseBody.empty()
                : new OkHttpResponseBody(
                        rbody,
                        // The header as sent: okhttp's contentType() parses it with a regex on every call.
                        response.header("Content-Type"),
                        request,
                        uri,
                        timeout);
        return HttpResponse.of(request, response.code(), headers, ourBody);
    }

    /**
     * {@code uri} as OkHttp's URL. The scheme and authority come from the last request's parsed
     * origin when they are the same; only the path and query are parsed. That gives the URL that
     * parsing the whole string gives (OkHttpWireTest compares them).
     */
    HttpUrl httpUrl(URI uri) {
        String scheme = uri.getScheme();
        String authority = uri.getRawAuthority();
        if (authority == null || uri.getRawFragment() != null) {
            return HttpUrl.get(uri.toString()); // odd ones: the whole string, as OkHttp reads it
        }
        Origin o = lastOrigin;
        if (o == null || !o.scheme.equals(scheme) || !o.authority.equals(authority)) {
            HttpUrl full = HttpUrl.get(uri.toString());
            // Its path and query are replaced on reuse; it has no fragment (see above).
            lastOrigin = new Origin(scheme, authority, full);
            return full;
        }
        String path = uri.getRawPath();
        return o.url.newBuilder()
                .encodedPath(path == null || path.isEmpty() ? "/" : path)
                .encodedQuery(uri.getRawQuery())
                .build();
    }

    /** A parsed scheme and authority. Not a record: its toString would show user-info in the authority. */
    private static final class Origin {
        final String scheme;
        final String authority;
        final HttpUrl url;

        Origin(String scheme, String authority, HttpUrl url) {
            this.scheme = scheme;
            this.authority = authority;
            this.url = url;
        }
    }

    /** Runs one call; {@code budget} is what is left of {@code timeout} (the one failures name). */
    private static Response call(
            OkHttpClient client, Request okRequest, HttpRequest request, URI uri, Duration timeout, Duration budget) {
        Call call = client.newCall(okRequest);
        if (budget != null) {
            call.timeout().timeout(Math.max(1, budget.toMillis()), TimeUnit.MILLISECONDS);
        }
        try {
            return call.execute();
        } catch (IOException e) {
            throw failure(request, uri, timeout, e);
        }
    }

    /** A redirect that OkHttp left to us: one to https, which the cleartext client cannot follow. */
    private static boolean redirectsToHttps(Response response) {
        if (!response.isRedirect()) {
            return false;
        }
        String location = response.header("Location");
        HttpUrl target = location == null ? null : response.request().url().resolve(location);
        return target != null && target.isHttps();
    }

    static TransportException failure(HttpRequest request, URI uri, Duration timeout, IOException e) {
        String where = request.method() + " " + safe(uri);
        boolean timedOut = e instanceof SocketTimeoutException
                || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()));
        if (timedOut) {
            return new RequestTimeoutException(
                    where + " timed out" + (timeout == null ? "" : " after " + timeout.toMillis() + " ms")
                            + "; raise the timeout (RequestOptions.timeout) or check that the service is responsive",
                    timeout,
                    e);
        }
        return new TransportException(
                where + " failed: " + e.getClass().getSimpleName() + describe(e)
                        + "; check the URL, network and TLS settings",
                e);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null ? "" : " (" + (m.length() > 200 ? m.substring(0, 200) + "…" : m) + ")";
    }

    /** Scheme, host, port and path: the query may carry secrets and is left out. */
    static String safe(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static okhttp3.RequestBody adapt(dev.conftekton.core.http.RequestBody body) {
        MediaType type = MediaType.parse(body.contentType());
        return new okhttp3.RequestBody() {
            @Override
            public MediaType contentType() {
                return type;
            }

            @Override
            public long contentLength() {
                return body.contentLength();
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                body.writeTo(sink.outputStream());
            }

            @Override
            public boolean isOneShot() {
                return !body.isReplayable();
            }
        };
    }

    @Override
    public void close() {
        // The two clients share the dispatcher and the connection pool.
        OkHttpClient client = cleartext != null ? cleartext : tls;
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "OkHttpTransport";
    }
}
