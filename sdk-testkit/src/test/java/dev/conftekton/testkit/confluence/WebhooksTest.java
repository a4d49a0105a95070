package dev.conftekton.testkit.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ConfluenceEmulatorExtension.class)
class WebhooksTest {
    record Delivery(String event, String signature, String body) {}

    private final BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    private HttpServer receiver;
    private String receiverUrl;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Delivery(
                    ex.getRequestHeaders().getFirst("X-Event-Key"),
                    ex.getRequestHeaders().getFirst("X-Hub-Signature"),
                    body));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        receiverUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private Delivery next() throws InterruptedException {
        Delivery d = received.poll(10, TimeUnit.SECONDS);
        assertThat(d).as("a webhook delivery").isNotNull();
        return d;
    }

    @Test
    void deliversPageAndCommentEventsSignedWithTheSharedSecret(ConfluenceEmulator emulator) throws Exception {
        Api dc = new Api(emulator, emulator.user("alice@example.com").bearerAuthorization());
        Api.Res hook = dc.post(
                "/rest/api/webhooks",
                "{\"name\":\"ci\",\"url\":\"" + receiverUrl + "\",\"active\":true,"
                        + "\"events\":[\"page_created\",\"page_updated\",\"comment_created\"],\"configuration\":{\"secret\":\"s3cret\"}}");
        assertThat(hook.status()).isEqualTo(201);
        assertThat(hook.body()).doesNotContain("s3cret");

        Api.Res page = dc.post(
                "/rest/api/content",
                "{\"type\":\"page\",\"title\":\"Hooked\",\"space\":{\"key\":\"DEV\"},"
                        + "\"body\":{\"storage\":{\"value\":\"<p>x</p>\",\"representation\":\"storage\"}}}");
        Delivery created = next();
        dc.put(
                "/rest/api/content/" + page.str("id"),
                "{\"type\":\"page\",\"title\":\"Hooked\",\"version\":{\"number\":2},"
                        + "\"body\":{\"storage\":{\"value\":\"<p>y</p>\",\"representation\":\"storage\"}}}");
        Delivery updated = next();
        Api.as(emulator, "bob@example.com")
                .post(
                        "/wiki/api/v2/footer-comments",
                        "{\"pageId\":\"" + page.str("id")
                                + "\",\"body\":{\"representation\":\"storage\",\"value\":\"<p>/approve</p>\"}}");
        Delivery comment = next();

        assertThat(created.event()).isEqualTo("page_created");
        assertThat(created.signature()).isEqualTo("sha256=" + hmac("s3cret", created.body()));
        assertThat(created.body()).contains("\"event\":\"page_created\"").contains("\"title\":\"Hooked\"");
        assertThat(updated.event()).isEqualTo("page_updated");
        assertThat(updated.body()).contains("\"version\":2");
        assertThat(updated.signature()).isEqualTo("sha256=" + hmac("s3cret", updated.body()));
        assertThat(comment.event()).isEqualTo("comment_created");
        assertThat(comment.body()).contains("557058:bob");
        assertThat(comment.signature()).isEqualTo("sha256=" + hmac("s3cret", comment.body()));
    }

    @Test
    void sendsNoSignatureWithoutASecretAndOnlySubscribedEvents(ConfluenceEmulator emulator) throws Exception {
        Api dc = new Api(emulator, emulator.user("alice@example.com").bearerAuthorization());
        dc.post(
                "/rest/api/webhooks",
                "{\"name\":\"n\",\"url\":\"" + receiverUrl + "\",\"events\":[\"comment_created\"]}");
        Api.Res page =
                dc.post("/rest/api/content", "{\"type\":\"page\",\"title\":\"Quiet\",\"space\":{\"key\":\"DEV\"}}");
        dc.post(
                "/rest/api/content",
                "{\"type\":\"comment\",\"container\":{\"id\":\"" + page.str("id") + "\"},"
                        + "\"body\":{\"storage\":{\"value\":\"<p>hi</p>\",\"representation\":\"storage\"}}}");

        Delivery d = next();

        assertThat(d.event()).isEqualTo("comment_created");
        assertThat(d.signature()).isNull();
        assertThat(received.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void managingWebhooksNeedsAdminAndValidInput(ConfluenceEmulator emulator) {
        Api carol = new Api(emulator, emulator.user("carol@example.com").bearerAuthorization());
        Api alice = new Api(emulator, emulator.user("alice@example.com").bearerAuthorization());

        assertThat(carol.post(
                                "/rest/api/webhooks",
                                "{\"name\":\"n\",\"url\":\"" + receiverUrl + "\",\"events\":[\"page_created\"]}")
                        .status())
                .isEqualTo(403);
        assertThat(alice.post(
                                "/rest/api/webhooks",
                                "{\"name\":\"n\",\"url\":\"file:///etc/passwd\",\"events\":[\"page_created\"]}")
                        .status())
                .isEqualTo(400);
        Api.Res unknown = alice.post(
                "/rest/api/webhooks", "{\"name\":\"n\",\"url\":\"" + receiverUrl + "\",\"events\":[\"space_nuked\"]}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("space_nuked");
        Api.Res ok = alice.post(
                "/rest/api/webhooks", "{\"name\":\"n\",\"url\":\"" + receiverUrl + "\",\"events\":[\"page_created\"]}");
        Object id = ((Number) ok.json().get("id")).longValue();
        assertThat(((java.util.List<?>) alice.get("/rest/api/webhooks").json().get("values")))
                .hasSize(1);
        assertThat(alice.delete("/rest/api/webhooks/" + id).status()).isEqualTo(204);
        assertThat(alice.get("/rest/api/webhooks/" + id).status()).isEqualTo(404);
    }
}
