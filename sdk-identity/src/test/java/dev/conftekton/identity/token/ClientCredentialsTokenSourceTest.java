package dev.conftekton.identity.token;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getAllServeEvents;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.conftekton.core.audit.AuditEvent;
import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.error.DecodingException;
import dev.conftekton.core.error.TransportException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WireMockTest
class ClientCredentialsTokenSourceTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final String SECRET = "s3cr3t&value=with:colon";

    private final MutableClock clock = new MutableClock(NOW);
    private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    private String endpoint;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp(WireMockRuntimeInfo wm) {
        endpoint = wm.getHttpBaseUrl() + "/realms/ci/protocol/openid-connect/token";
    }

    private ClientCredentialsTokenSource.Builder source(ClientAuthentication auth) {
        return ClientCredentialsTokenSource.builder()
                .tokenEndpoint(endpoint)
                .clientAuthentication(auth)
                .clock(clock)
                .auditSink(audit::add)
                .correlation("pipelineRun", "deploy-run-42");
    }

    private static void answer(int status, String json) {
        stubFor(post(urlEqualTo("/realms/ci/protocol/openid-connect/token"))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(json)));
    }

    private static Map<String, String> sentForm() {
        String body = getAllServeEvents().get(0).getRequest().getBodyAsString();
        return java.util.Arrays.stream(body.split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(
                        p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                        p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }

    @Test
    void clientSecretBasicSendsFormEncodedCredentialsInTheHeader() {
        answer(200, "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":300}");

        AccessToken token = source(ClientAuthentication.clientSecretBasic("publisher", Secret.of(SECRET)))
                .scope("confluence", "openid")
                .build()
                .token();

        assertThat(token.authorizationHeader()).isEqualTo("Bearer at-1");
        assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(300));
        String expected = "Basic "
                + Base64.getEncoder()
                        .encodeToString(("publisher:s3cr3t%26value%3Dwith%3Acolon").getBytes(StandardCharsets.UTF_8));
        verify(postRequestedFor(urlEqualTo("/realms/ci/protocol/openid-connect/token"))
                .withHeader("Authorization", equalTo(expected))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded")));
        assertThat(sentForm())
                .containsEntry("grant_type", "client_credentials")
                .containsEntry("scope", "confluence openid")
                .doesNotContainKey("client_secret");
    }

    @Test
    void clientSecretPostSendsCredentialsInTheForm() {
        answer(200, "{\"access_token\":\"at-2\",\"token_type\":\"bearer\",\"expires_in\":\"120\"}");

        AccessToken token = source(ClientAuthentication.clientSecretPost("publisher", Secret.of(SECRET)))
                .audience("api.atlassian.com")
                .resource("https://confluence.example/")
                .build()
                .token();

        assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(120));
        verify(postRequestedFor(urlEqualTo("/realms/ci/protocol/openid-connect/token"))
                .withHeader("Authorization", absent()));
        assertThat(sentForm())
                .containsEntry("client_id", "publisher")
                .containsEntry("client_secret", SECRET)
                .containsEntry("audience", "api.atlassian.com")
                .containsEntry("resource", "https://confluence.example/");
    }

    @Test
    void privateKeyJwtSendsAnAssertionSignedForTheTokenEndpoint() throws Exception {
        answer(200, "{\"access_token\":\"at-3\",\"token_type\":\"Bearer\",\"expires_in\":60}");
        Path pem = dir.resolve("key.pem");
        Files.writeString(
                pem,
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(TestJwts.KEY.toPrivateKey().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
        SigningKey key = SigningKey.fromPemFile(pem, "kid-1");

        source(ClientAuthentication.privateKeyJwt("publisher", key)).build().token();

        Map<String, String> form = sentForm();
        assertThat(form)
                .containsEntry("client_id", "publisher")
                .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        SignedJWT assertion = SignedJWT.parse(form.get("client_assertion"));
        assertThat(assertion.verify(new RSASSAVerifier(TestJwts.KEY.toRSAPublicKey())))
                .isTrue();
        assertThat(assertion.getHeader().getKeyID()).isEqualTo("kid-1");
        assertThat(assertion.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        JWTClaimsSet claims = assertion.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("publisher");
        assertThat(claims.getSubject()).isEqualTo("publisher");
        assertThat(claims.getAudience()).containsExactly(endpoint);
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plusSeconds(60));
        assertThat(key.toString()).doesNotContain("BEGIN").contains("RS256");
    }

    @Test
    void federatedAuthenticationSendsTheServiceAccountTokenAsAssertion() throws Exception {
        answer(200, "{\"access_token\":\"at-4\",\"token_type\":\"Bearer\",\"expires_in\":60}");
        String saToken = TestJwts.serviceAccountToken("https://keycloak/realms/ci", NOW.plusSeconds(600));
        Path file = Files.writeString(dir.resolve("token"), saToken + "\n");

        source(ClientAuthentication.federated(
                        "publisher",
                        ServiceAccountTokenSource.builder()
                                .path(file)
                                .clock(clock)
                                .build()))
                .build()
                .token();

        assertThat(sentForm())
                .containsEntry("client_id", "publisher")
                .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                .containsEntry("client_assertion", saToken)
                .doesNotContainKey("client_secret");
    }

    @Test
    void oauthErrorBecomesTokenEndpointExceptionWithoutEchoedSecret() {
        answer(
                401,
                "{\"error\":\"invalid_client\",\"error_description\":\"bad secret "
                        + "s3cr3t&value=with:colon".replace("&", "\\u0026") + "\\u0007\"}");

        assertThatThrownBy(() -> source(ClientAuthentication.clientSecretPost("publisher", Secret.of(SECRET)))
                        .build()
                        .token())
                .isInstanceOfSatisfying(TokenEndpointException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(401);
                    assertThat(e.error()).contains("invalid_client");
                    assertThat(e.errorDescription()).contains("bad secret ██");
                    assertThat(e.tokenEndpoint().toString()).isEqualTo(endpoint);
                    assertThat(e.getMessage())
                            .contains("invalid_client", "bad secret", "publisher", "check the client id")
                            .doesNotContain(SECRET);
                    assertThat(e.bodyExcerpt()).isEmpty();
                });
    }

    @Test
    void errorWithoutOauthCodeNamesTheStatus() {
        stubFor(post(urlEqualTo("/realms/ci/protocol/openid-connect/token"))
                .willReturn(aResponse().withStatus(502).withBody("<html>bad gateway</html>")));

        assertThatThrownBy(() -> source(ClientAuthentication.clientSecretBasic("publisher", Secret.of(SECRET)))
                        .build()
                        .token())
                .isInstanceOfSatisfying(TokenEndpointException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(502);
                    assertThat(e.error()).isEmpty();
                    assertThat(e.getMessage()).contains("HTTP 502", "no OAuth error code");
                });
    }

    @Test
    void malformedSuccessAnswersAreRejected() {
        ClientCredentialsTokenSource source = source(
                        ClientAuthentication.clientSecretBasic("publisher", Secret.of(SECRET)))
                .build();

        answer(200, "{\"token_type\":\"Bearer\"}");
        assertThatThrownBy(source::token).isInstanceOf(DecodingException.class).hasMessageContaining("access_token");
        answer(200, "{\"access_token\":\"x\",\"token_type\":\"DPoP\"}");
        assertThatThrownBy(source::token).isInstanceOf(DecodingException.class).hasMessageContaining("DPoP");
        answer(200, "{\"access_token\":\"x\",\"expires_in\":-5}");
        assertThatThrownBy(source::token).isInstanceOf(DecodingException.class).hasMessageContaining("expires_in");
        answer(200, "{\"access_token\":\"abc\\r\\nX-Injected: 1\",\"token_type\":\"Bearer\"}");
        assertThatThrownBy(source::token)
                .isInstanceOf(DecodingException.class)
                .hasMessageContaining("control or non-ASCII");
        answer(200, "not json");
        assertThatThrownBy(source::token).isInstanceOf(DecodingException.class).hasMessageContaining("not a JSON");
    }

    @Test
    void unreachableEndpointIsATransportException() {
        ClientCredentialsTokenSource source = ClientCredentialsTokenSource.builder()
                .tokenEndpoint("http://127.0.0.1:1/token")
                .clientAuthentication(ClientAuthentication.clientSecretBasic("publisher", Secret.of(SECRET)))
                .build();

        assertThatThrownBy(source::token).isInstanceOf(TransportException.class).hasMessageContaining("127.0.0.1:1");
    }

    @Test
    void refusesPlainHttpToANonLoopbackHost() {
        ClientCredentialsTokenSource.Builder b = ClientCredentialsTokenSource.builder()
                .tokenEndpoint("http://keycloak.example/token")
                .clientAuthentication(ClientAuthentication.clientSecretBasic("publisher", Secret.of(SECRET)));

        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not https");
        assertThat(b.allowInsecureHttp().build().tokenEndpoint().toString()).isEqualTo("http://keycloak.example/token");
    }

    @Test
    void everyIssuedOrRefusedTokenIsAuditedWithoutTheToken() {
        ClientCredentialsTokenSource source = source(
                        ClientAuthentication.clientSecretBasic("publisher", Secret.of(SECRET)))
                .audience("confluence")
                .build();
        answer(200, "{\"access_token\":\"secret-access-token\",\"token_type\":\"Bearer\",\"expires_in\":300}");
        source.token();
        answer(400, "{\"error\":\"invalid_scope\"}");
        assertThatThrownBy(source::token).isInstanceOf(TokenEndpointException.class);

        assertThat(audit).hasSize(2);
        AuditEvent issued = audit.get(0);
        assertThat(issued.decision()).isEqualTo(AuditEvent.Decision.SUCCESS);
        assertThat(issued.actor()).isEqualTo("oauth-client:publisher");
        assertThat(issued.action()).isEqualTo("token:issue");
        assertThat(issued.resource()).isEqualTo("confluence");
        assertThat(issued.correlation()).containsEntry("pipelineRun", "deploy-run-42");
        assertThat(audit.get(1).decision()).isEqualTo(AuditEvent.Decision.FAILURE);
        assertThat(audit.get(1).reason()).contains("invalid_scope");
        assertThat(audit.toString()).doesNotContain("secret-access-token").doesNotContain(SECRET);
    }

    @Test
    void toStringNeverShowsTheSecret() {
        ClientCredentialsTokenSource source = source(
                        ClientAuthentication.clientSecretBasic("publisher", Secret.of(SECRET)))
                .build();

        assertThat(source.toString())
                .contains("publisher", "client_secret_basic")
                .doesNotContain(SECRET);
    }

    @Test
    void requiresEndpointAndAuthentication() {
        assertThatThrownBy(() -> ClientCredentialsTokenSource.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tokenEndpoint");
        assertThatThrownBy(() -> ClientCredentialsTokenSource.builder()
                        .tokenEndpoint(endpoint)
                        .build())
                .hasMessageContaining("clientAuthentication");
        assertThatThrownBy(() -> ClientCredentialsTokenSource.builder().parameter("client_secret", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
