package dev.conftekton.core.http;

import dev.conftekton.core.http.internal.OkHttpTransports;
import java.net.Proxy;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Sends one HTTP request and returns the response, whatever its status. The small seam between the
 * SDK and an HTTP library: {@link RestClient} adds base URLs, credentials, retries, flow control and
 * error mapping on top.
 *
 * <pre>{@code
 * HttpTransport transport = HttpTransport.okHttpBuilder()
 *         .connectTimeout(Duration.ofSeconds(5))
 *         .build();
 * RestClient a = RestClient.builder().baseUrl("https://a.example").transport(transport).build();
 * RestClient b = a.newBuilder().baseUrl("https://b.example").build(); // shares connections
 * }</pre>
 *
 * <p>Implementations must be thread-safe. Failures to reach the server are thrown as {@link
 * dev.conftekton.core.error.TransportException} ({@link dev.conftekton.core.error.RequestTimeoutException}
 * for timeouts); HTTP error statuses are returned, not thrown.
 */
public interface HttpTransport extends AutoCloseable {
    /**
     * Sends {@code request}, whose URL must be absolute.
     *
     * @param timeout the time allowed for the whole exchange until the response headers arrive and
     *     the body is read, or null for the transport's default
     */
    HttpResponse execute(HttpRequest request, Duration timeout);

    /** Releases connections and threads. Responses already returned stay readable until closed. */
    @Override
    default void close() {}

    /** An OkHttp transport with default settings. */
    static HttpTransport okHttp() {
        return okHttpBuilder().build();
    }

    static OkHttpBuilder okHttpBuilder() {
        return new OkHttpBuilder();
    }

    /**
     * Settings for the OkHttp-based transport. OkHttp itself stays out of the API.
     *
     * <p>Without {@link #tls}, TLS uses the platform's trust store and is set up on the first
     * {@code https} request rather than here: loading the trust store is a large part of a short
     * command's start-up, and a client that only talks to {@code http://} never needs it.
     */
    final class OkHttpBuilder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(60);
        private Duration writeTimeout = Duration.ofSeconds(60);
        private Duration callTimeout;
        private boolean followRedirects = true;
        private int maxIdleConnections = 16;
        private Duration keepAlive = Duration.ofMinutes(5);
        private Proxy proxy;
        private SSLSocketFactory sslSocketFactory;
        private X509TrustManager trustManager;

        OkHttpBuilder() {}

        public OkHttpBuilder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** Longest silence while reading; the default is 60 s. */
        public OkHttpBuilder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "readTimeout");
            return this;
        }

        public OkHttpBuilder writeTimeout(Duration timeout) {
            this.writeTimeout = positive(timeout, "writeTimeout");
            return this;
        }

        /**
         * Default for the whole exchange when a request gives no timeout. By default there is none
         * (connect, read and write timeouts still bound every wait): an overall deadline costs a
         * watchdog registration per call.
         */
        public OkHttpBuilder callTimeout(Duration timeout) {
            this.callTimeout = positive(timeout, "callTimeout");
            return this;
        }

        /** Whether to follow redirects (credentials are dropped when a redirect leaves the host). */
        public OkHttpBuilder followRedirects(boolean follow) {
            this.followRedirects = follow;
            return this;
        }

        public OkHttpBuilder connectionPool(int maxIdleConnections, Duration keepAlive) {
            if (maxIdleConnections < 0) {
                throw new IllegalArgumentException("maxIdleConnections must be >= 0");
            }
            this.maxIdleConnections = maxIdleConnections;
            this.keepAlive = positive(keepAlive, "keepAlive");
            return this;
        }

        public OkHttpBuilder proxy(Proxy proxy) {
            this.proxy = Objects.requireNonNull(proxy, "proxy");
            return this;
        }

        /** TLS with a custom trust store, for example a test server's self-signed certificate. */
        public OkHttpBuilder tls(SSLSocketFactory sslSocketFactory, X509TrustManager trustManager) {
            this.sslSocketFactory = Objects.requireNonNull(sslSocketFactory, "sslSocketFactory");
            this.trustManager = Objects.requireNonNull(trustManager, "trustManager");
            return this;
        }

        public HttpTransport build() {
            return OkHttpTransports.create(
                    connectTimeout,
                    readTimeout,
                    writeTimeout,
                    callTimeout,
                    followRedirects,
                    maxIdleConnections,
                    keepAlive,
                    proxy,
                    sslSocketFactory,
                    trustManager);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
