package dev.conftekton.core.http.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.HttpResponse;
import dev.conftekton.core.http.HttpTransport;
import dev.conftekton.core.http.RequestBody;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TLS is set up on the first https request, not when the transport is built: an http-only run never
 * loads the platform's trust store. The platform trust store is steered through the standard
 * {@code javax.net.ssl.trustStore*} properties, which the JDK reads each time a default trust manager
 * is made: a store that cannot be loaded makes TLS set-up fail, and a store holding the test server's
 * certificate makes https work.
 */
class OkHttpTransportTest {
    private static final String PASSWORD = "changeit";
    private static final Path KEYSTORE = serverKeyStore();

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig()
                    .dynamicPort()
                    .dynamicHttpsPort()
                    .keystorePath(KEYSTORE.toString())
                    .keystoreType("PKCS12")
                    .keystorePassword(PASSWORD)
                    .keyManagerPassword(PASSWORD))
            .build();

    private final Map<String, String> savedProperties = new HashMap<>();

    @AfterEach
    void restoreProperties() {
        savedProperties.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    private void property(String key, String value) {
        savedProperties.putIfAbsent(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    /**
     * The platform trust store cannot be loaded: any attempt to set up TLS fails. A new type name each
     * time: after a failed load the JDK keeps the last good certificates for the failed settings.
     */
    private void unusablePlatformTrustStore() {
        property("javax.net.ssl.trustStoreType", "conftekton-no-such-type-" + UUID.randomUUID());
    }

    /** The platform trust store is the test server's own key store (it trusts its certificate). */
    private void platformTrustsTestServer() {
        property("javax.net.ssl.trustStore", KEYSTORE.toString());
        property("javax.net.ssl.trustStoreType", "PKCS12");
        property("javax.net.ssl.trustStorePassword", PASSWORD);
    }

    private String http(String path) {
        return "http://localhost:" + wm.getPort() + path;
    }

    private String https(String path) {
        return "https://localhost:" + wm.getHttpsPort() + path;
    }

    private static String send(HttpTransport transport, HttpRequest request) {
        try (HttpResponse response = transport.execute(request, Duration.ofSeconds(10))) {
            return response.status() + " " + response.body().string();
        }
    }

    @Test
    void httpOnlyTransportNeverSetsUpTls() {
        unusablePlatformTrustStore();
        wm.stubFor(get("/wiki/page").willReturn(ok("plain")));

        OkHttpTransport transport = (OkHttpTransport) HttpTransport.okHttp();
        String first = send(transport, HttpRequest.get(http("/wiki/page")));
        String second = send(transport, HttpRequest.get(http("/wiki/page")));

        assertThat(first).isEqualTo("200 plain");
        assertThat(second).isEqualTo("200 plain");
        assertThat(transport.tlsReady()).isFalse();
    }

    @Test
    void firstHttpsRequestSetsUpTlsWithThePlatformTrustStore() {
        platformTrustsTestServer();
        wm.stubFor(get("/secure").willReturn(ok("secret-free")));
        OkHttpTransport transport = (OkHttpTransport) HttpTransport.okHttp();
        assertThat(transport.tlsReady()).isFalse();

        String body = send(transport, HttpRequest.get(https("/secure")));

        assertThat(body).isEqualTo("200 secret-free");
        assertThat(transport.tlsReady()).isTrue();
    }

    @Test
    void httpGetRedirectedToHttpsIsFollowedOverTls() {
        platformTrustsTestServer();
        wm.stubFor(get("/old").willReturn(aResponse().withStatus(301).withHeader("Location", https("/new"))));
        wm.stubFor(get("/new").willReturn(ok("moved")));
        HttpTransport transport = HttpTransport.okHttp();

        String body = send(transport, HttpRequest.get(http("/old")));

        assertThat(body).isEqualTo("200 moved");
        wm.verify(1, getRequestedFor(urlEqualTo("/new")));
    }

    @Test
    void replayablePostOverHttpNeedsNoTls() {
        unusablePlatformTrustStore();
        wm.stubFor(post("/api/v2/users-bulk").willReturn(ok("[]")));
        OkHttpTransport transport = (OkHttpTransport) HttpTransport.okHttp();

        String body = send(transport, HttpRequest.post(http("/api/v2/users-bulk"), RequestBody.json("{\"a\":1}")));

        assertThat(body).isEqualTo("200 []");
        assertThat(transport.tlsReady()).isFalse();
    }

    @Test
    void oneShotBodyOverHttpIsSentOnceEvenWhenRedirectedToHttps() {
        platformTrustsTestServer();
        wm.stubFor(post("/form").willReturn(aResponse().withStatus(303).withHeader("Location", https("/done"))));
        wm.stubFor(get("/done").willReturn(ok("done")));
        HttpTransport transport = HttpTransport.okHttp();
        byte[] form = "a=1".getBytes(StandardCharsets.UTF_8);

        String body = send(
                transport,
                HttpRequest.post(
                        http("/form"),
                        RequestBody.ofStream(
                                new ByteArrayInputStream(form), form.length, "application/x-www-form-urlencoded")));

        assertThat(body).isEqualTo("200 done");
        wm.verify(1, postRequestedFor(urlEqualTo("/form")));
        wm.verify(1, getRequestedFor(urlEqualTo("/done")));
    }

    @Test
    void withoutFollowingRedirectsAnHttpsRedirectIsReturnedAndTlsStaysUnused() {
        unusablePlatformTrustStore();
        wm.stubFor(get("/old").willReturn(aResponse().withStatus(302).withHeader("Location", https("/new"))));
        OkHttpTransport transport = (OkHttpTransport)
                HttpTransport.okHttpBuilder().followRedirects(false).build();

        String body = send(transport, HttpRequest.get(http("/old")));

        assertThat(body).startsWith("302");
        assertThat(transport.tlsReady()).isFalse();
    }

    @Test
    void customTlsSettingsAreUsedForHttps() throws Exception {
        unusablePlatformTrustStore(); // the custom trust manager, never the platform's
        wm.stubFor(get("/secure").willReturn(ok("custom")));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(KEYSTORE)) {
            trust.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        X509TrustManager tm = (X509TrustManager) tmf.getTrustManagers()[0];
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new javax.net.ssl.TrustManager[] {tm}, null);
        HttpTransport transport =
                HttpTransport.okHttpBuilder().tls(ssl.getSocketFactory(), tm).build();

        assertThat(send(transport, HttpRequest.get(https("/secure")))).isEqualTo("200 custom");
    }

    /** A PKCS12 key store with a self-signed certificate for localhost and 127.0.0.1, made by keytool. */
    private static Path serverKeyStore() {
        try {
            Path dir = Files.createTempDirectory("okhttp-transport-test");
            dir.toFile().deleteOnExit();
            Path store = dir.resolve("server.p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(
                            keytool.toString(),
                            "-genkeypair",
                            "-alias",
                            "server",
                            "-keyalg",
                            "EC",
                            "-groupname",
                            "secp256r1",
                            "-dname",
                            "CN=localhost",
                            "-ext",
                            "san=dns:localhost,ip:127.0.0.1",
                            "-validity",
                            "2",
                            "-storetype",
                            "PKCS12",
                            "-keystore",
                            store.toString(),
                            "-storepass",
                            PASSWORD)
                    .redirectErrorStream(true)
                    .start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            store.toFile().deleteOnExit();
            return store;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the test server's key store", e);
        }
    }
}
