package dev.conftekton.testkit.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Hostile or broken input gets a clear 4xx and leaves the state intact. */
@ExtendWith(ConfluenceEmulatorExtension.class)
class HostileInputTest {

    @Test
    void deeplyNestedOrOversizedJsonIsRefusedWith4xx(ConfluenceEmulator emulator) {
        Api alice = Api.as(emulator, "alice@example.com");
        String home = alice.get("/wiki/api/v2/spaces?keys=DEV")
                .results()
                .get(0)
                .get("homepageId")
                .toString();
        String nested = "[".repeat(5000) + "]".repeat(5000);

        Api.Res deep =
                alice.post("/wiki/api/v2/pages/" + home + "/properties", "{\"key\":\"k\",\"value\":" + nested + "}");
        Api.Res big = alice.post(
                "/wiki/api/v2/pages/" + home + "/properties",
                "{\"key\":\"k\",\"value\":\"" + "x".repeat(40_000) + "\"}");
        Api.Res wrongType = alice.post("/wiki/api/v2/pages", "[1,2]");
        Api.Res hugeVersion = alice.put(
                "/wiki/api/v2/pages/" + home,
                "{\"id\":\"" + home + "\",\"status\":\"current\","
                        + "\"title\":\"t\",\"body\":{\"representation\":\"storage\",\"value\":\"\"},\"version\":{\"number\":1e20}}");

        assertThat(List.of(deep.status(), big.status(), wrongType.status(), hugeVersion.status()))
                .containsExactly(400, 413, 400, 400);
        assertThat(alice.get("/wiki/api/v2/pages/" + home + "/properties").results())
                .isEmpty();
    }

    @Test
    void hostileCqlAndQueryParametersGetA400(ConfluenceEmulator emulator) {
        Api alice = Api.as(emulator, "alice@example.com");
        String deep = "(".repeat(200) + "type=page" + ")".repeat(200);

        assertThat(alice.get("/wiki/rest/api/search?cql=" + URLEncoder.encode(deep, StandardCharsets.UTF_8))
                        .status())
                .isEqualTo(400);
        assertThat(alice.get("/wiki/rest/api/search?cql="
                                + URLEncoder.encode("title = \"unterminated", StandardCharsets.UTF_8))
                        .status())
                .isEqualTo(400);
        assertThat(alice.get("/wiki/rest/api/search").status()).isEqualTo(400);
        assertThat(alice.get("/wiki/rest/api/content?limit=abc").status()).isEqualTo(400);
        assertThat(alice.get("/wiki/rest/api/content?start=-5").status()).isEqualTo(400);
        assertThat(rawStatusLine(emulator, "/wiki/api/v2/pages?title=%ZZ")).contains(" 400 ");
        assertThat(alice.get("/wiki/api/v2/spaces/not-a-number").status()).isEqualTo(400);
    }

    @Test
    void aDeclaredBodyOverTheLimitIsRefusedBeforeItIsSent(ConfluenceEmulator emulator) throws Exception {
        // The client declares 100 GB and sends nothing: waiting for the body would hang both sides.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", emulator.port())) {
            socket.setSoTimeout(10_000);
            String request = "POST /wiki/api/v2/pages HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                    + emulator.user("alice@example.com").basicAuthorization()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100000000000\r\n\r\n{";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String status = new java.io.BufferedReader(
                            new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(status).contains(" 413 ");
        }
        assertThat(Api.as(emulator, "alice@example.com")
                        .get("/wiki/api/v2/spaces")
                        .status())
                .isEqualTo(200);
    }

    /** A request line no well-behaved client would send. */
    private static String rawStatusLine(ConfluenceEmulator emulator, String target) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", emulator.port())) {
            socket.setSoTimeout(5000);
            String request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                    + emulator.user("alice@example.com").basicAuthorization() + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(
                            new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void malformedMultipartUploadsAreRefused(ConfluenceEmulator emulator) {
        Api alice = Api.as(emulator, "alice@example.com");
        String home = alice.get("/wiki/api/v2/spaces?keys=DEV")
                .results()
                .get(0)
                .get("homepageId")
                .toString();
        String path = "/wiki/rest/api/content/" + home + "/child/attachment";

        Api.Res noBoundary = alice.sendBytes(
                "POST",
                path,
                "x".getBytes(StandardCharsets.UTF_8),
                "multipart/form-data",
                "X-Atlassian-Token",
                "no-check");
        Api.Res truncated = alice.sendBytes(
                "POST",
                path,
                "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nabc"
                        .getBytes(StandardCharsets.UTF_8),
                "multipart/form-data; boundary=b",
                "X-Atlassian-Token",
                "no-check");
        Api.Res pathName = alice.sendBytes(
                "POST",
                path,
                "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/passwd\"\r\n\r\nabc\r\n--b--\r\n"
                        .getBytes(StandardCharsets.UTF_8),
                "multipart/form-data; boundary=b",
                "X-Atlassian-Token",
                "nocheck");

        assertThat(List.of(noBoundary.status(), truncated.status(), pathName.status()))
                .containsOnly(400);
        assertThat(alice.get(path).results()).isEmpty();
    }
}
