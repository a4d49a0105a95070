package dev.conftekton.core.http.internal;

import dev.conftekton.core.http.HttpTransport;
import java.net.Proxy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/** Creates the OkHttp transport. Internal: not a supported API. */
public final class OkHttpTransports {
    private OkHttpTransports() {}

    public static HttpTransport create(
            Duration connectTimeout,
            Duration readTimeout,
            Duration writeTimeout,
            Duration callTimeout,
            boolean followRedirects,
            int maxIdleConnections,
            Duration keepAlive,
            Proxy proxy,
            SSLSocketFactory sslSocketFactory,
            X509TrustManager trustManager) {
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .writeTimeout(writeTimeout)
                .followRedirects(followRedirects)
                .followSslRedirects(followRedirects)
                // Retries belong to the one retry wrapper (RequestExecutor), not to OkHttp, which
                // would otherwise silently repeat 408s and failed connections.
                .retryOnConnectionFailure(false)
                .connectionPool(new ConnectionPool(maxIdleConnections, keepAlive.toMillis(), TimeUnit.MILLISECONDS));
        if (callTimeout != null) {
            b.callTimeout(callTimeout);
        }
        if (proxy != null) {
            b.proxy(proxy);
        }
        if (sslSocketFactory != null) {
            // The caller's trust store is already built: nothing to save by waiting.
            b.sslSocketFactory(sslSocketFactory, trustManager);
            return new OkHttpTransport(b.build());
        }
        return OkHttpTransport.lazyTls(b, followRedirects);
    }
}
