package dev.conftekton.tekton.interceptor;

import static dev.conftekton.tekton.interceptor.Webhooks.NOW;
import static dev.conftekton.tekton.interceptor.Webhooks.SECRET;
import static dev.conftekton.tekton.interceptor.Webhooks.pageUpdated;
import static dev.conftekton.tekton.interceptor.Webhooks.request;
import static dev.conftekton.tekton.interceptor.Webhooks.signature;
import static dev.conftekton.tekton.interceptor.Webhooks.signedRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conftekton.core.audit.AuditEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ConfluenceInterceptorTest {
    @TempDir
    Path dir;

    private Path secretFile;
    private final Webhooks.MutableClock clock = new Webhooks.MutableClock(NOW);
    private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    private ConfluenceInterceptor interceptor;

    @BeforeEach
    void setUp() throws IOException {
        secretFile = dir.resolve("webhook-secret");
        Files.writeString(secretFile, SECRET + "\n");
        interceptor = builder().build();
    }

    private ConfluenceInterceptor.Builder builder() {
        return ConfluenceInterceptor.builder()
                .secretFile(secretFile)
                .secretRecheck(Duration.ZERO)
                .clock(clock)
                .auditSink(audit::add);
    }

    private InterceptorResponse process(String requestJson) {
        return interceptor.process(requestJson.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private static String body() {
        return pageUpdated("1015809", "DOCS", "Release 4.2 notes", 7, NOW.minusSeconds(5));
    }

    @Test
    void signedPageEventContinuesWithPageExtensions() {
        // when
        InterceptorResponse r = process(signedRequest(body(), Map.of()));

        // then
        assertThat(r.continueProcessing()).isTrue();
        assertThat(r.code()).isEqualTo(GrpcCode.OK);
        @SuppressWarnings("unchecked")
        Map<String, Object> confluence = (Map<String, Object>) r.extensions().get("confluence");
        assertThat(confluence)
                .containsEntry("pageId", "1015809")
                .containsEntry("spaceKey", "DOCS")
                .containsEntry("title", "Release 4.2 notes")
                .containsEntry("version", "7")
                .containsEntry("author", "ff80818")
                .containsEntry("eventType", "page_updated")
                .containsEntry("pageUrl", "https://confluence.example.com/pages/viewpage.action?pageId=1015809");
        assertThat(r.toJson()).contains("\"continue\":true").contains("\"code\":0");
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.decision()).isEqualTo(AuditEvent.Decision.ALLOW);
            assertThat(e.action()).isEqualTo("run:trigger");
            assertThat(e.actor()).isEqualTo("confluence-webhook:hmac-sha256");
            assertThat(e.correlation()).containsEntry("page_id", "1015809").containsEntry("event_id", "ev-1");
        });
    }

    @Test
    void acceptsSignatureWithoutPrefixAndInUpperCaseHex() {
        String sig = signature(SECRET, body()).substring("sha256=".length()).toUpperCase();

        InterceptorResponse r = process(request(body(), Map.of("X-Hub-Signature", sig), Map.of()));

        assertThat(r.continueProcessing()).isTrue();
    }

    @Test
    void minimalRealWorldPayloadPassesAndBuildsUrlFromBase() {
        ConfluenceInterceptor withBase = builder()
                .confluenceBaseUrl(java.net.URI.create("https://wiki.example.com/confluence/"))
                .build();
        String minimal = "{\"timestamp\":" + NOW.toEpochMilli() + ",\"event\":\"page_created\","
                + "\"userKey\":\"ff8081819ba46873019ba46aefbb0000\",\"page\":{\"id\":1015810}}";

        InterceptorResponse r =
                withBase.process(signedRequest(minimal, Map.of()).getBytes(StandardCharsets.UTF_8), null);

        assertThat(r.continueProcessing()).isTrue();
        assertThat(r.toJson())
                .contains("\"pageId\":\"1015810\"")
                .contains("\"spaceKey\":\"\"")
                .contains("https://wiki.example.com/confluence/pages/viewpage.action?pageId=1015810");
    }

    @Test
    void emulatorShapedCommentEventUsesTheParentPageAndResolvesRelativeLinks() {
        // the shape the sdk-testkit emulator delivers (Data Center style, relative self links)
        ConfluenceInterceptor withBase = builder()
                .confluenceBaseUrl(java.net.URI.create("https://wiki.example.com"))
                .build();
        String comment = "{\"timestamp\":" + NOW.toEpochMilli() + ",\"event\":\"comment_created\",\"userKey\":\"u1\","
                + "\"userAccountId\":\"u1\",\"comment\":{\"id\":99,\"spaceKey\":\"DOCS\",\"version\":1,"
                + "\"parent\":{\"id\":42,\"spaceKey\":\"DOCS\",\"title\":\"Spec\",\"version\":5,"
                + "\"self\":\"/pages/viewpage.action?pageId=42\"},"
                + "\"self\":\"/pages/viewpage.action?pageId=42&focusedCommentId=99\"}}";

        InterceptorResponse r = withBase.process(
                request(comment, Map.of("X-Hub-Signature", signature(SECRET, comment)), Map.of())
                        .replace("\"application/json\"", "\"application/json; charset=utf-8\"")
                        .getBytes(StandardCharsets.UTF_8),
                "application/json");

        assertThat(r.continueProcessing()).as(r.message()).isTrue();
        assertThat(r.toJson())
                .contains("\"pageId\":\"42\"")
                .contains("\"title\":\"Spec\"")
                .contains("\"version\":\"5\"")
                .contains("\"pageUrl\":\"https://wiki.example.com/pages/viewpage.action?pageId=42\"");
    }

    @Test
    void missingSignatureIsUnauthenticated() {
        InterceptorResponse r = process(request(body(), Map.of(), Map.of()));

        assertDenied(r, GrpcCode.UNAUTHENTICATED, "missing X-Hub-Signature");
    }

    @Test
    void wrongSecretIsUnauthenticated() {
        InterceptorResponse r =
                process(request(body(), Map.of("X-Hub-Signature", signature("another-secret", body())), Map.of()));

        assertDenied(r, GrpcCode.UNAUTHENTICATED, "does not match");
    }

    @Test
    void alteredBodyIsUnauthenticated() {
        String signedFor = body();
        String altered = signedFor.replace("DOCS", "PROD");

        InterceptorResponse r =
                process(request(altered, Map.of("X-Hub-Signature", signature(SECRET, signedFor)), Map.of()));

        assertDenied(r, GrpcCode.UNAUTHENTICATED, "does not match");
    }

    @Test
    void otherAlgorithmsAndMalformedSignaturesAreUnauthenticated() {
        assertDenied(
                process(request(body(), Map.of("X-Hub-Signature", "sha1=" + "a".repeat(40)), Map.of())),
                GrpcCode.UNAUTHENTICATED,
                "HMAC-SHA256 is required");
        assertDenied(
                process(request(body(), Map.of("X-Hub-Signature", "sha256=xyz"), Map.of())),
                GrpcCode.UNAUTHENTICATED,
                "malformed");
        assertDenied(
                process(request(body(), Map.of("X-Hub-Signature", "sha256=" + "g".repeat(64)), Map.of())),
                GrpcCode.UNAUTHENTICATED,
                "malformed");
    }

    @Test
    void replayedDeliveryIsRefusedButAnotherTriggerMaySeeIt() {
        String request = signedRequest(body(), Map.of());
        assertThat(process(request).continueProcessing()).isTrue();

        InterceptorResponse replay = process(request);
        InterceptorResponse otherTrigger = process(request.replace("triggers/docs-changed", "triggers/other"));

        assertDenied(replay, GrpcCode.ALREADY_EXISTS, "already processed");
        assertThat(otherTrigger.continueProcessing()).isTrue();
    }

    @Test
    void deliveryIdHeaderKeysDuplicatesWhenConfigured() {
        interceptor = builder().deliveryIdHeader("X-Request-Id").build();
        String first = pageUpdated("1", "DOCS", "A", 1, NOW);
        String second = pageUpdated("2", "DOCS", "B", 1, NOW);

        InterceptorResponse a = process(
                request(first, Map.of("X-Hub-Signature", signature(SECRET, first), "X-Request-Id", "d-1"), Map.of()));
        InterceptorResponse b = process(
                request(second, Map.of("X-Hub-Signature", signature(SECRET, second), "X-Request-Id", "d-1"), Map.of()));

        assertThat(a.continueProcessing()).isTrue();
        assertDenied(b, GrpcCode.ALREADY_EXISTS, "d-1");
    }

    @Test
    void staleAndFutureEventsAreOutOfRange() {
        String old = pageUpdated("1", "DOCS", "A", 1, NOW.minus(Duration.ofMinutes(11)));
        String future = pageUpdated("1", "DOCS", "A", 1, NOW.plus(Duration.ofMinutes(3)));

        assertDenied(process(signedRequest(old, Map.of())), GrpcCode.OUT_OF_RANGE, "older than");
        assertDenied(process(signedRequest(future, Map.of())), GrpcCode.OUT_OF_RANGE, "future");
    }

    @Test
    void payloadWithoutTimestampIsRefusedUnlessAllowed() {
        String noTimestamp = "{\"event\":\"page_created\",\"page\":{\"id\":5}}";

        assertDenied(process(signedRequest(noTimestamp, Map.of())), GrpcCode.INVALID_ARGUMENT, "timestamp");
        interceptor = builder().requireTimestamp(false).build();
        assertThat(process(signedRequest(noTimestamp, Map.of())).continueProcessing())
                .isTrue();
    }

    @Test
    void oversizedBodyIsResourceExhausted() {
        interceptor = builder().maxBodyBytes(2048).build();
        String big = signedRequest(pageUpdated("1", "DOCS", "x".repeat(900), 1, NOW), Map.of());
        String bigger = big.replace("\"ev-1\"", "\"" + "e".repeat(2048) + "\"");

        InterceptorResponse r = process(bigger);

        assertDenied(r, GrpcCode.RESOURCE_EXHAUSTED, "2048");
    }

    @Test
    void malformedJsonIsInvalidArgument() {
        assertDenied(process("{\"body\": "), GrpcCode.INVALID_ARGUMENT, "not a valid InterceptorRequest");
        assertDenied(process("[1,2]"), GrpcCode.INVALID_ARGUMENT, "not a JSON object");
        assertDenied(process("{\"body\":1}"), GrpcCode.INVALID_ARGUMENT, "\"body\" must be a string");
        assertDenied(process("{\"header\":{\"A\":\"b\"}}"), GrpcCode.INVALID_ARGUMENT, "lists of strings");
        assertDenied(process("{\"body\":\"a\",\"body\":\"b\"}"), GrpcCode.INVALID_ARGUMENT, "InterceptorRequest");
        // a signed but malformed webhook body
        assertDenied(process(signedRequest("{not json", Map.of())), GrpcCode.INVALID_ARGUMENT, "not valid JSON");
    }

    @Test
    void aHeaderGivenTwiceIsRefusedWithoutEchoingItsValues() {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2EifQ.c2lnbmF0dXJlLXNlY3JldA";
        InterceptorResponse r = process("{\"body\":\"{}\",\"header\":{\"Authorization\":[\"Bearer " + jwt
                + "\"],\"Authorization\":[\"Bearer second-secret-value\"]}}");

        assertDenied(r, GrpcCode.INVALID_ARGUMENT, "duplicate key 'Authorization' at path $.header.Authorization");
        assertThat(r.toJson()).doesNotContain(jwt).doesNotContain("second-secret-value");
        assertDenied(process("{\"body\": nope}"), GrpcCode.INVALID_ARGUMENT, "malformed JSON at path $.body");
    }

    @Test
    void wrongContentTypesAreInvalidArgument() {
        InterceptorResponse outer =
                interceptor.process(signedRequest(body(), Map.of()).getBytes(StandardCharsets.UTF_8), "text/plain");
        String body = body();
        String form = request(body, Map.of("X-Hub-Signature", signature(SECRET, body)), Map.of())
                .replace("\"application/json\"", "\"application/x-www-form-urlencoded\"");

        assertDenied(outer, GrpcCode.INVALID_ARGUMENT, "text/plain");
        assertDenied(process(form), GrpcCode.INVALID_ARGUMENT, "x-www-form-urlencoded");
    }

    @Test
    void unknownOrMissingEventIsInvalidArgument() {
        String unknown = "{\"timestamp\":" + NOW.toEpochMilli() + ",\"event\":\"page_exploded\",\"page\":{\"id\":1}}";
        String none = "{\"timestamp\":" + NOW.toEpochMilli() + ",\"page\":{\"id\":1}}";
        String badId =
                "{\"timestamp\":" + NOW.toEpochMilli() + ",\"event\":\"page_created\",\"page\":{\"id\":\"1; rm\"}}";

        assertDenied(process(signedRequest(unknown, Map.of())), GrpcCode.INVALID_ARGUMENT, "unknown Confluence event");
        assertDenied(process(signedRequest(none, Map.of())), GrpcCode.INVALID_ARGUMENT, "no \"event\"");
        assertDenied(process(signedRequest(badId, Map.of())), GrpcCode.INVALID_ARGUMENT, "digits");
    }

    @Test
    void filtersFromParamsDecideWhichVerifiedEventsContinue() {
        assertThat(process(signedRequest(
                                pageUpdated("1", "DOCS", "Release 1", 1, NOW),
                                Map.of(
                                        "eventTypes",
                                        List.of("page_updated"),
                                        "spaceKeys",
                                        "DOCS, OPS",
                                        "labels",
                                        List.of("release"),
                                        "titlePattern",
                                        "Release \\d+")))
                        .continueProcessing())
                .isTrue();
        assertDenied(
                process(signedRequest(
                        pageUpdated("2", "DOCS", "A", 1, NOW), Map.of("eventTypes", List.of("page_created")))),
                GrpcCode.FAILED_PRECONDITION,
                "eventTypes");
        assertDenied(
                process(signedRequest(pageUpdated("3", "HR", "A", 1, NOW), Map.of("spaceKeys", List.of("DOCS")))),
                GrpcCode.FAILED_PRECONDITION,
                "space HR");
        assertDenied(
                process(signedRequest(pageUpdated("4", "DOCS", "A", 1, NOW), Map.of("labels", List.of("spec")))),
                GrpcCode.FAILED_PRECONDITION,
                "labels");
        assertDenied(
                process(signedRequest(pageUpdated("5", "DOCS", "Draft", 1, NOW), Map.of("titlePattern", "Release .*"))),
                GrpcCode.FAILED_PRECONDITION,
                "titlePattern");
    }

    @Test
    @Timeout(30)
    void catastrophicTitlePatternFailsFastInsteadOfHanging() {
        String title = "a".repeat(40) + "!";
        long start = System.nanoTime();

        InterceptorResponse r =
                process(signedRequest(pageUpdated("1", "DOCS", title, 1, NOW), Map.of("titlePattern", "((a*)*)*b")));

        assertDenied(r, GrpcCode.FAILED_PRECONDITION, "too expensive");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void invalidParamsAreInvalidArgument() {
        assertDenied(
                process(signedRequest(body(), Map.of("spaceKey", "DOCS"))),
                GrpcCode.INVALID_ARGUMENT,
                "unknown interceptor param 'spaceKey'");
        assertDenied(
                process(signedRequest(body(), Map.of("eventTypes", List.of("page_edited")))),
                GrpcCode.INVALID_ARGUMENT,
                "unknown Confluence event");
        assertDenied(
                process(signedRequest(body(), Map.of("titlePattern", "("))),
                GrpcCode.INVALID_ARGUMENT,
                "regular expression");
        assertDenied(
                process(signedRequest(body(), Map.of("titlePattern", "a".repeat(300)))),
                GrpcCode.INVALID_ARGUMENT,
                "longer than");
    }

    @Test
    void rotatedSecretFileIsPickedUp() throws IOException {
        String body = body();
        Files.writeString(secretFile, "rotated-secret");
        Files.setLastModifiedTime(secretFile, FileTime.from(NOW.plusSeconds(60)));

        InterceptorResponse oldSecret =
                process(request(body, Map.of("X-Hub-Signature", signature(SECRET, body)), Map.of()));
        InterceptorResponse newSecret =
                process(request(body, Map.of("X-Hub-Signature", signature("rotated-secret", body)), Map.of()));

        assertDenied(oldSecret, GrpcCode.UNAUTHENTICATED, "does not match");
        assertThat(newSecret.continueProcessing()).isTrue();
    }

    @Test
    void missingSecretFileFailsClosedAndIsNotReady() throws IOException {
        Files.delete(secretFile);

        InterceptorResponse r = process(signedRequest(body(), Map.of()));

        assertDenied(r, GrpcCode.UNAVAILABLE, "does not exist");
        assertThat(interceptor.notReadyReason()).get().asString().contains("does not exist");
    }

    @Test
    void bearerTokenIsVerifiedAndAuthorisedForTheTargetPipeline() {
        List<TriggerTarget> asked = new CopyOnWriteArrayList<>();
        interceptor = ConfluenceInterceptor.builder()
                .clock(clock)
                .auditSink(audit::add)
                .bearerVerifier((token, target) -> {
                    asked.add(target);
                    return switch (token) {
                        case "good" -> BearerVerdict.allow("https://issuer#system:serviceaccount:ci:proxy");
                        case "other" -> BearerVerdict.denied("https://issuer#someone", "policy: no run:trigger");
                        default -> BearerVerdict.unauthenticated("token signature invalid");
                    };
                })
                .build();
        Map<String, Object> params = Map.of("pipeline", "publish-docs");

        InterceptorResponse ok = process(request(body(), Map.of("Authorization", "Bearer good"), params));
        InterceptorResponse denied = process(request(body(), Map.of("Authorization", "Bearer other"), params));
        InterceptorResponse invalid = process(request(body(), Map.of("Authorization", "Bearer forged"), params));
        InterceptorResponse missing = process(request(body(), Map.of(), params));
        InterceptorResponse noPipeline = process(request(body(), Map.of("Authorization", "Bearer good"), Map.of()));

        assertThat(ok.continueProcessing()).isTrue();
        assertThat(asked.get(0).resource()).isEqualTo("tekton:namespace/ci/pipeline/publish-docs");
        assertDenied(denied, GrpcCode.PERMISSION_DENIED, "policy");
        assertDenied(invalid, GrpcCode.UNAUTHENTICATED, "invalid");
        assertDenied(missing, GrpcCode.UNAUTHENTICATED, "bearer");
        assertDenied(noPipeline, GrpcCode.INVALID_ARGUMENT, "pipeline");
        assertThat(audit.get(0).actor()).isEqualTo("https://issuer#system:serviceaccount:ci:proxy");
        assertThat(audit.get(0).resource()).isEqualTo("tekton:namespace/ci/pipeline/publish-docs");
        assertThat(audit).extracting(e -> e.reason()).noneMatch(reason -> reason.contains("forged"));
    }

    @Test
    void everyDecisionIsAuditedAndNoSecretLeaks() {
        String body = body();
        List<String> requests = List.of(
                signedRequest(body, Map.of()),
                signedRequest(body, Map.of()),
                request(body, Map.of("X-Hub-Signature", signature("nope", body)), Map.of()),
                "garbage");
        List<InterceptorResponse> responses =
                requests.stream().map(this::process).toList();

        assertThat(audit).hasSize(4);
        assertThat(audit)
                .extracting(AuditEvent::decision)
                .containsExactly(
                        AuditEvent.Decision.ALLOW,
                        AuditEvent.Decision.DENY,
                        AuditEvent.Decision.DENY,
                        AuditEvent.Decision.DENY);
        assertThat(audit).allSatisfy(e -> assertThat(e.toString()).doesNotContain(SECRET));
        assertThat(responses).allSatisfy(r -> assertThat(r.toJson()).doesNotContain(SECRET));
    }

    @Test
    void builderRequiresAProofOfOriginAndConsistentWindows() {
        assertThatThrownBy(() -> ConfluenceInterceptor.builder().build()).hasMessageContaining("proof of origin");
        assertThatThrownBy(() -> builder().replayWindow(Duration.ofMinutes(1)).build())
                .hasMessageContaining("replayWindow");
    }

    private static void assertDenied(InterceptorResponse r, GrpcCode code, String reasonPart) {
        assertThat(r.continueProcessing()).as(r.message()).isFalse();
        assertThat(r.code()).as(r.message()).isEqualTo(code);
        assertThat(r.message()).contains(reasonPart);
        assertThat(r.toJson()).contains("\"continue\":false").contains("\"code\":" + code.number());
    }
}
