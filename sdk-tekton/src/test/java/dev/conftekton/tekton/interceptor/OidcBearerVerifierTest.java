package dev.conftekton.tekton.interceptor;

import static dev.conftekton.tekton.interceptor.Webhooks.NOW;
import static dev.conftekton.tekton.interceptor.Webhooks.SECRET;
import static dev.conftekton.tekton.interceptor.Webhooks.pageUpdated;
import static dev.conftekton.tekton.interceptor.Webhooks.request;
import static dev.conftekton.tekton.interceptor.Webhooks.signature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.conftekton.core.audit.AuditEvent;
import dev.conftekton.identity.policy.Policy;
import dev.conftekton.identity.verify.JwtVerifier;
import dev.conftekton.testkit.oidc.OidcIssuer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OIDC bearer mode end to end: real tokens signed by the testkit issuer, real policy decisions. */
class OidcBearerVerifierTest {
    static final String AUDIENCE = "confluence-webhooks";
    static final String PROXY = "webhook-proxy";
    static final Map<String, Object> PARAMS = Map.of("pipeline", "publish-docs");

    static final Webhooks.MutableClock CLOCK = new Webhooks.MutableClock(NOW);
    static OidcIssuer issuer;
    static OidcIssuer stranger;

    private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    private ConfluenceInterceptor interceptor;

    @TempDir
    Path dir;

    @BeforeAll
    static void startIssuers() {
        issuer = OidcIssuer.builder().clock(CLOCK).build().start();
        stranger = OidcIssuer.builder().clock(CLOCK).build().start();
    }

    @AfterAll
    static void stopIssuers() {
        issuer.close();
        stranger.close();
    }

    @BeforeEach
    void setUp() {
        interceptor = ConfluenceInterceptor.builder()
                .bearerVerifier(oidc())
                .clock(CLOCK)
                .auditSink(audit::add)
                .build();
    }

    private static OidcBearerVerifier oidc() {
        return OidcBearerVerifier.builder()
                .verifier(JwtVerifier.builder()
                        .issuer(issuer.issuerUrl())
                        .audience(AUDIENCE)
                        .clock(CLOCK)
                        .jwksRefetchInterval(Duration.ZERO)
                        .build())
                .policy(Policy.parse(
                        """
                        version: 1
                        rules:
                          - id: proxy-starts-docs
                            effect: allow
                            principals:
                              - issuer: %s
                                subject: %s
                            actions: [run:trigger]
                            resources: [tekton:namespace/ci/pipeline/publish-docs]
                          - id: release-managers
                            effect: allow
                            principals: [{group: release-managers}]
                            actions: [run:trigger]
                            resources: [tekton:namespace/ci]
                        """
                                .formatted(issuer.issuerUrl(), PROXY),
                        "policy.yaml"))
                .build();
    }

    private static String body() {
        return pageUpdated("1015809", "DOCS", "Release 4.2 notes", 7, NOW.minusSeconds(5));
    }

    private InterceptorResponse send(String authorization, Map<String, Object> params) {
        return send(body(), authorization == null ? Map.of() : Map.of("Authorization", authorization), params);
    }

    private InterceptorResponse send(String body, Map<String, String> headers, Map<String, Object> params) {
        return interceptor.process(request(body, headers, params).getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private static String proxyToken() {
        return issuer.mint().subject(PROXY).audience(AUDIENCE).sign();
    }

    @Test
    void verifiedTokenAllowedByPolicyContinuesAndTheAuditNamesTheIdentity() {
        // when
        InterceptorResponse r = send("Bearer " + proxyToken(), PARAMS);

        // then
        assertThat(r.continueProcessing()).as(r.message()).isTrue();
        assertThat(r.code()).isEqualTo(GrpcCode.OK);
        @SuppressWarnings("unchecked")
        Map<String, Object> confluence = (Map<String, Object>) r.extensions().get("confluence");
        assertThat(confluence).containsEntry("verifiedBy", issuer.issuerUrl() + "#" + PROXY);
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.decision()).isEqualTo(AuditEvent.Decision.ALLOW);
            assertThat(e.actor()).isEqualTo(issuer.issuerUrl() + "#" + PROXY);
            assertThat(e.action()).isEqualTo("run:trigger");
            assertThat(e.resource()).isEqualTo("tekton:namespace/ci/pipeline/publish-docs");
        });
    }

    @Test
    void groupRuleCoversEveryPipelineOfTheNamespace() {
        String token = issuer.mint()
                .subject("alice")
                .audience(AUDIENCE)
                .claim("groups", List.of("release-managers"))
                .sign();

        InterceptorResponse r = send("bearer " + token, Map.of("pipeline", "deploy"));

        assertThat(r.continueProcessing()).as(r.message()).isTrue();
        assertThat(audit.get(0).actor()).isEqualTo(issuer.issuerUrl() + "#alice");
    }

    @Test
    void policyDenialIsPermissionDeniedNamingTheVerifiedIdentity() {
        // given: the proxy may start publish-docs, not deploy
        String token = proxyToken();

        // when
        InterceptorResponse other = send("Bearer " + token, Map.of("pipeline", "deploy"));
        InterceptorResponse mallory = send(
                "Bearer " + issuer.mint().subject("mallory").audience(AUDIENCE).sign(), PARAMS);

        // then
        assertDenied(other, GrpcCode.PERMISSION_DENIED, "default deny");
        assertThat(other.message()).contains("tekton:namespace/ci/pipeline/deploy");
        assertDenied(mallory, GrpcCode.PERMISSION_DENIED, "default deny");
        assertThat(audit)
                .extracting(AuditEvent::actor)
                .containsExactly(issuer.issuerUrl() + "#" + PROXY, issuer.issuerUrl() + "#mallory");
        assertThat(audit).extracting(AuditEvent::decision).containsOnly(AuditEvent.Decision.DENY);
    }

    @Test
    void hostileAndBrokenTokensAreUnauthenticatedWithTheReasonAndNeverEchoed() throws Exception {
        RSAKey attacker = new RSAKeyGenerator(2048).keyID(issuer.currentKeyId()).generate();
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put(
                "algorithm_not_allowed",
                issuer.mint().subject(PROXY).audience(AUDIENCE).signUnsecured());
        tokens.put(
                "invalid_signature",
                issuer.mint().subject(PROXY).audience(AUDIENCE).signWith(attacker));
        tokens.put(
                "algorithm_not_allowed (HS256)",
                issuer.mint().subject(PROXY).audience(AUDIENCE).signHmacWithPublicKey());
        tokens.put(
                "wrong_issuer",
                issuer.mint()
                        .subject(PROXY)
                        .audience(AUDIENCE)
                        .issuer("https://evil.example.com")
                        .sign());
        tokens.put(
                "unknown_key (other issuer)",
                stranger.mint().subject(PROXY).audience(AUDIENCE).sign());
        tokens.put(
                "wrong_audience",
                issuer.mint().subject(PROXY).audience("someone-else").sign());
        tokens.put(
                "expired",
                issuer.mint()
                        .subject(PROXY)
                        .audience(AUDIENCE)
                        .expiresAt(NOW.minus(Duration.ofMinutes(10)))
                        .sign());
        tokens.put(
                "too_large",
                issuer.mint()
                        .subject(PROXY)
                        .audience(AUDIENCE)
                        .claim("padding", "x".repeat(20_000))
                        .sign());
        tokens.put("malformed", "not.a-jwt");

        for (Map.Entry<String, String> t : tokens.entrySet()) {
            String expectedCode = t.getKey().split(" ")[0];
            InterceptorResponse r = send("Bearer " + t.getValue(), PARAMS);
            assertDenied(r, GrpcCode.UNAUTHENTICATED, expectedCode);
            assertThat(r.toJson()).as(t.getKey()).doesNotContain(t.getValue());
        }
        assertThat(audit).hasSize(tokens.size());
        assertThat(audit).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo("unauthenticated");
            assertThat(e.decision()).isEqualTo(AuditEvent.Decision.DENY);
            tokens.values().forEach(token -> assertThat(e.toString()).doesNotContain(token));
        });
    }

    @Test
    void missingOrNonBearerAuthorizationIsUnauthenticated() {
        assertDenied(send(null, PARAMS), GrpcCode.UNAUTHENTICATED, "missing bearer token");
        assertDenied(send("Basic YWxpY2U6c2VjcmV0", PARAMS), GrpcCode.UNAUTHENTICATED, "missing bearer token");
        assertDenied(send("Bearer ", PARAMS), GrpcCode.UNAUTHENTICATED, "missing bearer token");
        assertThat(audit).extracting(AuditEvent::actor).containsOnly("unauthenticated");
    }

    @Test
    void unreachableKeysAreUnavailableNotAnAllow() {
        // given: an issuer whose keys were never fetched and whose JWKS endpoint is down
        try (OidcIssuer down = OidcIssuer.builder().clock(CLOCK).build().start()) {
            down.jwksAvailable(false);
            interceptor = interceptor
                    .newBuilder()
                    .bearerVerifier(OidcBearerVerifier.builder()
                            .verifier(JwtVerifier.builder()
                                    .issuer(down.issuerUrl())
                                    .audience(AUDIENCE)
                                    .clock(CLOCK)
                                    .build())
                            .policy(Policy.parse("version: 1\nrules: []\n", "empty.yaml"))
                            .build())
                    .build();

            InterceptorResponse r = send(
                    "Bearer " + down.mint().subject(PROXY).audience(AUDIENCE).sign(), PARAMS);

            assertDenied(r, GrpcCode.UNAVAILABLE, "keys_unavailable");
        }
    }

    @Test
    void withBothModesTheSignatureAndTheTokenMustPass() throws Exception {
        // given
        Path secret = dir.resolve("secret");
        Files.writeString(secret, SECRET);
        interceptor = interceptor.newBuilder().secretFile(secret).build();
        String body = body();
        String signed = signature(SECRET, body);

        // when
        InterceptorResponse both =
                send(body, Map.of("X-Hub-Signature", signed, "Authorization", "Bearer " + proxyToken()), PARAMS);
        InterceptorResponse signatureOnly = send(body, Map.of("X-Hub-Signature", signed), PARAMS);
        InterceptorResponse tokenOnly = send(body, Map.of("Authorization", "Bearer " + proxyToken()), PARAMS);

        // then
        assertThat(both.continueProcessing()).as(both.message()).isTrue();
        assertDenied(signatureOnly, GrpcCode.UNAUTHENTICATED, "missing bearer token");
        assertDenied(tokenOnly, GrpcCode.UNAUTHENTICATED, "X-Hub-Signature");
    }

    @Test
    void defaultTargetFillsWhatTheTriggerDoesNotSay() {
        // given: a Trigger without the pipeline param
        InterceptorResponse without = send("Bearer " + proxyToken(), Map.of());
        interceptor = interceptor.newBuilder().defaultTarget("", "publish-docs").build();

        // when
        InterceptorResponse with = send("Bearer " + proxyToken(), Map.of());
        InterceptorResponse explicit = send("Bearer " + proxyToken(), Map.of("pipeline", "deploy"));

        // then
        assertDenied(without, GrpcCode.INVALID_ARGUMENT, "pipeline");
        assertThat(with.continueProcessing()).as(with.message()).isTrue();
        assertDenied(explicit, GrpcCode.PERMISSION_DENIED, "deploy");
    }

    @Test
    void overHttpEveryDecisionIsStatus200WithTheGrpcCodeAndAJsonAuditLine() throws Exception {
        // given
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(logs, true, StandardCharsets.UTF_8);
        ConfluenceInterceptor withLog =
                interceptor.newBuilder().auditSink(new JsonLinesAuditSink(log)).build();
        String expired = issuer.mint()
                .subject(PROXY)
                .audience(AUDIENCE)
                .expiresAt(NOW.minus(Duration.ofHours(1)))
                .sign();
        HttpClient http = HttpClient.newHttpClient();
        Function<String, String> requestWith =
                token -> request(body(), Map.of("Authorization", "Bearer " + token), PARAMS);
        try (InterceptorServer server = InterceptorServer.builder(withLog)
                .bindAddress("127.0.0.1")
                .port(0)
                .shutdownGrace(Duration.ZERO)
                .log(log)
                .build()
                .start()) {
            // when
            HttpResponse<String> ok = post(http, server, requestWith.apply(proxyToken()));
            HttpResponse<String> bad = post(http, server, requestWith.apply(expired));

            // then
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("\"continue\":true");
            assertThat(bad.statusCode()).isEqualTo(200);
            assertThat(bad.body())
                    .contains("\"continue\":false")
                    .contains("\"code\":16")
                    .contains("expired");
        }
        String lines = logs.toString(StandardCharsets.UTF_8);
        assertThat(lines)
                .contains("\"actor\":\"" + issuer.issuerUrl() + "#" + PROXY + "\"")
                .contains("\"actor\":\"unauthenticated\"")
                .doesNotContain(expired);
    }

    @Test
    void builderRequiresVerifierAndPolicy() {
        assertThatThrownBy(() -> OidcBearerVerifier.builder().build()).hasMessageContaining("JwtVerifier");
        assertThatThrownBy(() -> OidcBearerVerifier.builder()
                        .verifier(JwtVerifier.builder()
                                .issuer(issuer.issuerUrl())
                                .audience(AUDIENCE)
                                .build())
                        .build())
                .hasMessageContaining("policy");
    }

    private static HttpResponse<String> post(HttpClient http, InterceptorServer server, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/"))
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertDenied(InterceptorResponse r, GrpcCode code, String reasonPart) {
        assertThat(r.continueProcessing()).as(r.message()).isFalse();
        assertThat(r.code()).as(r.message()).isEqualTo(code);
        assertThat(r.message()).contains(reasonPart);
        assertThat(r.toJson()).contains("\"continue\":false").contains("\"code\":" + code.number());
    }
}
