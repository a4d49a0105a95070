package dev.conftekton.tekton.interceptor;

import static dev.conftekton.tekton.interceptor.Webhooks.SECRET;
import static dev.conftekton.tekton.interceptor.Webhooks.pageUpdated;
import static dev.conftekton.tekton.interceptor.Webhooks.signedRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterceptorServerTest {
    @TempDir
    Path dir;

    private Path secretFile;
    private InterceptorServer server;
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void setUp() throws IOException {
        secretFile = dir.resolve("secret");
        Files.writeString(secretFile, SECRET);
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    private ConfluenceInterceptor interceptor() {
        return ConfluenceInterceptor.builder()
                .secretFile(secretFile)
                .secretRecheck(Duration.ZERO)
                .maxBodyBytes(64 * 1024)
                .auditSink(new JsonLinesAuditSink(new PrintStream(logs, true, StandardCharsets.UTF_8)))
                .build();
    }

    private InterceptorServer.Builder serverBuilder() {
        return InterceptorServer.builder(interceptor())
                .bindAddress("127.0.0.1")
                .port(0)
                .shutdownGrace(Duration.ZERO)
                .log(new PrintStream(logs, true, StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String path, String body, String contentType) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void signedEventOverHttpContinuesAndIsAuditedAsJsonLine() throws Exception {
        server = serverBuilder().build().start();
        String body = pageUpdated("77", "DOCS", "Spec", 3, Instant.now());

        HttpResponse<String> r = post("/", signedRequest(body, Map.of()), "application/json");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(r.body()).contains("\"continue\":true").contains("\"pageId\":\"77\"");
        String log = logs.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("\"logger\":\"audit\"").contains("\"decision\":\"ALLOW\"");
        assertThat(log.lines())
                .allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
        assertThat(log).doesNotContain(SECRET);
    }

    @Test
    void badInputIsADecisionWithHttp200NeverA5xx() throws Exception {
        server = serverBuilder().build().start();

        HttpResponse<String> malformed = post("/", "{nope", "application/json");
        HttpResponse<String> wrongType = post("/", "a=b", "application/x-www-form-urlencoded");
        HttpResponse<String> oversized = post("/", "x".repeat(200_000), "application/json");

        assertThat(malformed.statusCode()).isEqualTo(200);
        assertThat(malformed.body()).contains("\"continue\":false").contains("\"code\":3");
        assertThat(wrongType.statusCode()).isEqualTo(200);
        assertThat(wrongType.body()).contains("\"code\":3");
        assertThat(oversized.statusCode()).isEqualTo(200);
        assertThat(oversized.body()).contains("\"continue\":false").contains("\"code\":8");
    }

    @Test
    void oversizedBodyWithoutContentLengthIsCutOffAndStillADecision() throws Exception {
        server = serverBuilder().build().start();
        // chunked upload (no Content-Length): the server stops reading at the limit
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "y".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 5; i++) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readHead(socket.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 200");
            assertThat(response).contains("\"code\":8");
        }
    }

    @Test
    void healthReadinessAndUnknownRoutes() throws Exception {
        server = serverBuilder().build().start();

        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> wrongMethod = get("/");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).contains("POST");

        Files.delete(secretFile);
        HttpResponse<String> notReady = get("/readyz");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).contains("does not exist");
    }

    @Test
    void customPathIsTheOnlyInterceptorEndpoint() throws Exception {
        server = serverBuilder().path("/confluence").build().start();
        String request = signedRequest(pageUpdated("9", "DOCS", "T", 1, Instant.now()), Map.of());

        assertThat(post("/confluence", request, "application/json").body()).contains("\"continue\":true");
        assertThat(post("/", request, "application/json").statusCode()).isEqualTo(404);
    }

    @Test
    void closeStopsServingAndReleasesThePort() throws Exception {
        server = serverBuilder().build().start();
        int port = server.port();

        server.close();
        server.awaitShutdown();

        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
    }

    @Test
    void servesHttpsWithPemCertificateAndKey() throws Exception {
        // given a self-signed certificate for 127.0.0.1 as PEM files (tls.crt / tls.key)
        Path p12 = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=interceptor",
                        "-ext",
                        "SAN=ip:127.0.0.1,dns:localhost",
                        "-validity",
                        "2",
                        "-keystore",
                        p12.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, "changeit".toCharArray());
        }
        Certificate cert = store.getCertificate("server");
        PrivateKey key = (PrivateKey) store.getKey("server", "changeit".toCharArray());
        Path crt = dir.resolve("tls.crt");
        Path keyFile = dir.resolve("tls.key");
        Files.writeString(crt, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
        server = serverBuilder().tls(crt, keyFile).build().start();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, tmf.getTrustManagers(), null);
        HttpClient tlsClient = HttpClient.newBuilder().sslContext(clientContext).build();
        String request = signedRequest(pageUpdated("5", "DOCS", "T", 1, Instant.now()), Map.of());

        // when
        HttpResponse<String> r = tlsClient.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(request))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(server.baseUrl()).startsWith("https://");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"continue\":true");
        // and a client that does not trust the certificate is refused
        assertThatThrownBy(() -> http.send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/healthz"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void unusableTlsFilesFailAtBuildWithAClearMessage() throws IOException {
        Path crt = dir.resolve("bad.crt");
        Path key = dir.resolve("bad.key");
        Files.writeString(crt, "not a certificate");
        Files.writeString(key, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");

        assertThatThrownBy(() -> serverBuilder().tls(crt, key).build()).isInstanceOf(RuntimeException.class);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            String s = out.toString(StandardCharsets.UTF_8);
            if (s.contains("\"status\"") && s.endsWith("}}")) {
                break;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
