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
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSink;

/** {@link HttpTransport} on OkHttp. */
final class OkHttpTransport implements HttpTransport {
    private static final java.util.Set<String> REQUIRES_BODY =
            java.util.Set.of("POST", "PUT", "PATCH", "PROPPATCH", "REPORT");

    private final OkHttpClient client;

    OkHttpTransport(OkHttpClient client) {
        this.client = client;
    }

    @Override
    public HttpResponse execute(HttpRequest request, Duration timeout) {
        URI uri = request.uri();
        Request.Builder rb = new Request.Builder().url(uri.toString());
        request.headers().forEach(rb::addHeader);
        okhttp3.RequestBody body = request.body().map(OkHttpTransport::adapt).orElse(null);
        if (body == null && REQUIRES_BODY.contains(request.method())) {
            body = okhttp3.RequestBody.create(new byte[0], null);
        }
        rb.method(request.method(), body);
        Call call = client.newCall(rb.build());
        if (timeout != null) {
            call.timeout().timeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        }
        Response response;
        try {
            response = call.execute();
        } catch (IOException e) {
            throw failure(request, uri, timeout, e);
        }
        okhttp3.ResponseBody rbody = response.body();
        okhttp3.Headers raw = response.headers();
        Headers.Builder hb = Headers.builder();
        for (int i = 0, n = raw.size(); i < n; i++) {
            hb.add(raw.name(i), raw.value(i));
        }
        Headers headers = hb.build();
        ResponseBody ourBody = rbody == null
                ? ResponseBody.empty()
                : ResponseBody.ofStream(
                        new TimeoutMappingInputStream(rbody.byteStream(), request, uri, timeout),
                        rbody.contentLength(),
                        // The header as sent: okhttp's contentType() parses it with a regex on every call.
                        response.header("Content-Type"));
        return HttpResponse.of(request, response.code(), headers, ourBody);
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
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "OkHttpTransport";
    }
}
