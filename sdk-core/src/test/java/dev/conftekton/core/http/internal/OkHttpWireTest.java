package dev.conftekton.core.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conftekton.core.error.TransportException;
import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.HttpResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the OkHttp transport makes of URLs and of what a server sends back. */
class OkHttpWireTest {
    private final OkHttpTransport transport = OkHttpTransport.lazyTls(new OkHttpClient.Builder(), true);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://example.com/wiki/api/v2/pages/1",
                "http://example.com",
                "http://example.com?limit=5",
                "http://example.com/wiki/?",
                "http://example.com/a/./b/../c/",
                "http://example.com/../../x",
                "http://example.com//double//slash",
                "http://example.com/a%2Fb/%7Euser/caf%C3%A9",
                "http://example.com/p?q=a+b&r=%20x&s=&&t=1=2",
                "http://example.com/p?cql=type%3Dpage%20and%20title~%22x%22&cursor=a'b/c?d",
                "http://example.com/p;matrix=1/x?y",
                "http://EXAMPLE.com:80/upper/host",
                "http://user:pw@example.com/with/user-info",
                "http://[::1]:8090/ipv6/path?x=1",
                "https://example.com:8443/tls/path",
                "http://example.com/with#fragment",
            })
    void aUrlBuiltOnTheLastParsedOriginIsTheUrlOkHttpParses(String url) {
        URI uri = URI.create(url);
        // The origin is parsed once, on a different path; then only path and query are.
        transport.httpUrl(URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + "/prime?x=1"));
        assertThat(transport.httpUrl(uri)).isEqualTo(HttpUrl.get(url));
        assertThat(transport.httpUrl(uri).toString()).isEqualTo(HttpUrl.get(url).toString());
    }

    @Test
    void anotherOriginIsNotBuiltOnTheLastOne() {
        transport.httpUrl(URI.create("http://a.example:8080/x"));
        assertThat(transport.httpUrl(URI.create("http://b.example:9090/y?z=1")))
                .isEqualTo(HttpUrl.get("http://b.example:9090/y?z=1"));
        assertThat(transport.httpUrl(URI.create("https://b.example:9090/y")))
                .isEqualTo(HttpUrl.get("https://b.example:9090/y"));
        assertThat(transport.httpUrl(URI.create("http://a.example:8080/back")))
                .isEqualTo(HttpUrl.get("http://a.example:8080/back"));
    }

    @Test
    void aServerHeaderThatARequestCouldNotCarryIsKeptAsSent() throws Exception {
        try (OneAnswer server =
                new OneAnswer("HTTP/1.1 200 OK\r\nX Odd Name: a\u0001b\r\nContent-Length: 2\r\n\r\nok", 0)) {
            try (HttpResponse r = transport.execute(HttpRequest.get(server.url("/odd")), Duration.ofSeconds(10))) {
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.headers().first("X Odd Name")).contains("a\u0001b");
                assertThat(r.body().string()).isEqualTo("ok");
            }
        }
    }

    @Test
    void aBodyThatStopsComingFailsNamingTheRequestAndTheTimeout() throws Exception {
        try (OneAnswer server = new OneAnswer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab", 5_000)) {
            HttpResponse r = transport.execute(HttpRequest.get(server.url("/slow?token=abc")), Duration.ofMillis(300));
            assertThatThrownBy(() -> r.body().bytes())
                    .isInstanceOf(TransportException.class)
                    .hasMessageStartingWith("reading the response body failed: GET " + server.url("/slow"))
                    .hasMessageContaining("timed out after 300 ms")
                    .hasMessageNotContaining("abc");
            r.close();
        }
    }

    @Test
    void bytesReturnsWhatTheStreamDidNotRead() throws Exception {
        try (OneAnswer server = new OneAnswer("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nabcdef", 0)) {
            try (HttpResponse r = transport.execute(HttpRequest.get(server.url("/")), Duration.ofSeconds(10))) {
                assertThat(r.body().stream().read()).isEqualTo('a');
                assertThat(new String(r.body().bytes(), StandardCharsets.US_ASCII))
                        .isEqualTo("bcdef");
            }
        }
    }

    /** A server on loopback that answers one request with a fixed text, then waits before closing. */
    private static final class OneAnswer implements AutoCloseable {
        private final ServerSocket socket;
        private final CountDownLatch done = new CountDownLatch(1);

        OneAnswer(String answer, long holdMillis) throws IOException {
            socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                try (Socket s = socket.accept()) {
                    BufferedReader in =
                            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                    String line;
                    while ((line = in.readLine()) != null && !line.isEmpty()) {
                        // the request's headers
                    }
                    OutputStream out = s.getOutputStream();
                    out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    done.await(holdMillis, TimeUnit.MILLISECONDS);
                } catch (IOException | InterruptedException ignored) {
                    // the test has what it needs
                }
            });
            t.setDaemon(true);
            t.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + socket.getLocalPort() + path;
        }

        @Override
        public void close() throws IOException {
            done.countDown();
            socket.close();
        }
    }
}
