package dev.conftekton.core.testing;

import dev.conftekton.core.http.HttpTransport;

/** One OkHttp transport for the test JVM: its first https request loads the JDK trust store, which is slow. */
public final class SharedTransport {
    private static final HttpTransport INSTANCE = HttpTransport.okHttp();

    private SharedTransport() {}

    public static HttpTransport get() {
        return INSTANCE;
    }
}
