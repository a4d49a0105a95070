package dev.conftekton.tekton.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.conftekton.tekton.interceptor.internal.JsonTree;
import dev.conftekton.tekton.interceptor.internal.JsonWriter;
import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import dev.conftekton.testkit.confluence.ConfluenceEmulatorExtension;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Deliveries made and signed by the sdk-testkit Confluence emulator's real webhook code. */
@ExtendWith(ConfluenceEmulatorExtension.class)
class EmulatorDeliveryTest {
    /** What an EventListener would forward: the raw body and the headers. */
    record Delivery(String body, Map<String, List<String>> headers) {}

    @TempDir
    Path dir;

    private final BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    private HttpServer receiver;
    private String receiverUrl;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Delivery(body, new LinkedHashMap<>(ex.getRequestHeaders())));
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

    @Test
    void emulatorSignedPageEventsAreVerifiedAndTamperedOnesAreNot(ConfluenceEmulator emulator) throws Exception {
        // given a webhook with a secret in the emulator and the same secret in the interceptor's file
        String auth = emulator.user("alice@example.com").bearerAuthorization();
        HttpResponse<String> hook = send(
                emulator,
                auth,
                "/rest/api/webhooks",
                "{\"name\":\"tekton\",\"url\":\"" + receiverUrl + "\",\"active\":true,"
                        + "\"events\":[\"page_created\",\"page_updated\"],\"configuration\":{\"secret\":\"s3cret\"}}");
        assertThat(hook.statusCode()).isEqualTo(201);
        Path secret = Files.writeString(dir.resolve("secret"), "s3cret");
        ConfluenceInterceptor interceptor = ConfluenceInterceptor.builder()
                .secretFile(secret)
                .confluenceBaseUrl(URI.create(emulator.baseUrl()))
                .build();

        // when a page is created in Confluence
        HttpResponse<String> page = send(
                emulator,
                auth,
                "/rest/api/content",
                "{\"type\":\"page\",\"title\":\"Spec: payments\",\"space\":{\"key\":\"DEV\"},"
                        + "\"body\":{\"storage\":{\"value\":\"<p>x</p>\",\"representation\":\"storage\"}}}");
        String pageId = JsonTree.at(JsonTree.parse(page.body()), "id")
                .flatMap(JsonTree::scalarText)
                .orElseThrow();
        Delivery delivery = received.poll(20, TimeUnit.SECONDS);
        assertThat(delivery).as("a webhook delivery from the emulator").isNotNull();

        InterceptorResponse verified = interceptor.process(
                forward(delivery.body(), delivery.headers(), Map.of("spaceKeys", List.of("DEV"))), "application/json");
        InterceptorResponse tampered = interceptor.process(
                forward(delivery.body().replace("Spec: payments", "Spec: payroll"), delivery.headers(), Map.of()),
                "application/json");

        // then
        assertThat(verified.continueProcessing()).as(verified.message()).isTrue();
        assertThat(verified.toJson())
                .contains("\"pageId\":\"" + pageId + "\"")
                .contains("\"spaceKey\":\"DEV\"")
                .contains("\"title\":\"Spec: payments\"")
                .contains("\"eventType\":\"page_created\"")
                .contains("\"pageUrl\":\"" + emulator.baseUrl() + "/pages/viewpage.action?pageId=" + pageId + "\"");
        assertThat(tampered.code()).isEqualTo(GrpcCode.UNAUTHENTICATED);
    }

    private static byte[] forward(String body, Map<String, List<String>> headers, Map<String, Object> params) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("body", body);
        request.put("header", headers);
        request.put("interceptor_params", params);
        request.put("context", Map.of("event_id", "e1", "trigger_id", "namespaces/ci/triggers/spec"));
        return JsonWriter.write(request).getBytes(StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> send(ConfluenceEmulator emulator, String auth, String path, String json)
            throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                                .timeout(Duration.ofSeconds(20))
                                .header("Authorization", auth)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
