package dev.conftekton.core.http;

import java.util.Objects;

/**
 * An HTTP response. Close it (try-with-resources) unless its body has been fully read.
 *
 * <pre>{@code
 * try (HttpResponse response = client.execute(HttpRequest.get("/rest/api/space"))) {
 *     String json = response.body().string();
 * }
 * }</pre>
 */
public final class HttpResponse implements AutoCloseable {
    private final HttpRequest request;
    private final int status;
    private final Headers headers;
    private final ResponseBody body;

    private HttpResponse(HttpRequest request, int status, Headers headers, ResponseBody body) {
        this.request = Objects.requireNonNull(request, "request");
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must be a three-digit HTTP status, was " + status);
        }
        this.status = status;
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = Objects.requireNonNull(body, "body");
    }

    /** A response to {@code request}; for {@link HttpTransport} implementations and tests. */
    public static HttpResponse of(HttpRequest request, int status, Headers headers, ResponseBody body) {
        return new HttpResponse(request, status, headers, body);
    }

    /** The request that produced this response (absolute URL; credentials are in its headers). */
    public HttpRequest request() {
        return request;
    }

    public int status() {
        return status;
    }

    /** True for 2xx. */
    public boolean isSuccessful() {
        return status >= 200 && status < 300;
    }

    public Headers headers() {
        return headers;
    }

    public ResponseBody body() {
        return body;
    }

    /** A copy with another body, keeping status and headers. */
    public HttpResponse withBody(ResponseBody newBody) {
        return new HttpResponse(request, status, headers, newBody);
    }

    /** A copy answering {@code newRequest}. */
    public HttpResponse withRequest(HttpRequest newRequest) {
        return new HttpResponse(newRequest, status, headers, body);
    }

    @Override
    public void close() {
        body.close();
    }

    @Override
    public String toString() {
        return "HttpResponse[" + status + " for " + request.method() + " "
                + QueryRedaction.redact(request.isAbsolute() ? request.uri().toString() : request.url())
                + ", headers=" + headers + "]";
    }
}
