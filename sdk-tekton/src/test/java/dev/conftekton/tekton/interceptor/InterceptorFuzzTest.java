package dev.conftekton.tekton.interceptor;

import static dev.conftekton.tekton.interceptor.Webhooks.NOW;
import static dev.conftekton.tekton.interceptor.Webhooks.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.tekton.interceptor.internal.JsonTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and mutated input never escapes as an exception: every input gets a well-formed decision,
 * and only the unmodified signed request continues.
 */
class InterceptorFuzzTest {
    private static final String[] FRAGMENTS = {
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\\",
        "\\u0000",
        "\\ud800",
        "null",
        "true",
        "1e999",
        "-0",
        "9999999999999999999999",
        "\"event\"",
        "\"page_updated\"",
        "\"page\"",
        "\"id\"",
        "\"body\"",
        "\"header\"",
        "\"context\"",
        "{\"a\":",
        "[[[[[[[[",
        "\u0000",
        "\u2028",
        "\uffff",
        "é",
        "🙂",
        " ",
        "\n"
    };

    @TempDir
    Path dir;

    @Test
    void mutatedRequestsAlwaysGetAWellFormedDecision() throws IOException {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, SECRET);
        ConfluenceInterceptor interceptor = ConfluenceInterceptor.builder()
                .secretFile(secret)
                .clock(new Webhooks.MutableClock(NOW))
                .replayWindow(Duration.ofMinutes(15))
                .build();
        String body = Webhooks.pageUpdated("42", "DOCS", "Fuzz", 1, NOW);
        String valid = Webhooks.signedRequest(body, Map.of("spaceKeys", List.of("DOCS"), "titlePattern", "F.*"));
        Random random = new Random(20261123L);
        int continued = 0;
        for (int i = 0; i < 5_000; i++) {
            String input =
                    switch (i % 4) {
                        case 0 -> mutate(valid, random);
                        case 1 -> mutate(Webhooks.signedRequest(mutate(body, random), Map.of()), random);
                        case 2 -> Webhooks.signedRequest(mutate(body, random), Map.of());
                        default -> randomJsonish(random);
                    };
            byte[] bytes = i % 7 == 0 ? randomBytes(random) : input.getBytes(StandardCharsets.UTF_8);

            InterceptorResponse r = interceptor.process(bytes, i % 11 == 0 ? "application/json; charset=utf-8" : null);

            assertThat(r).isNotNull();
            assertThat(r.continueProcessing()).isEqualTo(r.code() == GrpcCode.OK);
            Object parsed = JsonTree.parse(r.toJson());
            assertThat(JsonTree.at(parsed, "status", "code")).isPresent();
            assertThat(r.code()).as(r.message() + " for " + input).isNotEqualTo(GrpcCode.INTERNAL);
            if (r.continueProcessing()) {
                // whatever passed carries a body whose signature really is the secret's HMAC
                Object request = JsonTree.parse(new String(bytes, StandardCharsets.UTF_8));
                String passedBody = (String) JsonTree.at(request, "body").orElseThrow();
                String signature =
                        JsonTree.at(request, "header").flatMap(JsonTree::object).orElseThrow().entrySet().stream()
                                .filter(e -> e.getKey().equalsIgnoreCase("X-Hub-Signature"))
                                .map(e -> (String) ((List<?>) e.getValue()).get(0))
                                .findFirst()
                                .orElseThrow();
                assertThat(signature.toLowerCase())
                        .endsWith(Webhooks.signature(SECRET, passedBody).substring("sha256=".length()));
                continued++;
            }
        }
        assertThat(continued).isPositive();
    }

    @Test
    void deeplyNestedInputIsRefusedNotACrash() {
        ConfluenceInterceptor interceptor = ConfluenceInterceptor.builder()
                .bearerVerifier((t, target) -> BearerVerdict.unauthenticated("no"))
                .build();
        String deep = "[".repeat(100_000) + "]".repeat(100_000);

        InterceptorResponse r = interceptor.process(deep.getBytes(StandardCharsets.UTF_8), null);

        assertThat(r.code()).isEqualTo(GrpcCode.INVALID_ARGUMENT);
    }

    private static String mutate(String s, Random random) {
        StringBuilder sb = new StringBuilder(s);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && sb.length() > 0; e++) {
            int pos = random.nextInt(sb.length());
            switch (random.nextInt(4)) {
                case 0 -> sb.deleteCharAt(pos);
                case 1 -> sb.insert(pos, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                case 2 -> sb.setCharAt(pos, (char) random.nextInt(0x3000));
                default -> sb.setLength(pos);
            }
        }
        return sb.toString();
    }

    private static String randomJsonish(Random random) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(40);
        for (int i = 0; i < n; i++) {
            sb.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        }
        return sb.toString();
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(300)];
        random.nextBytes(b);
        return b;
    }
}
