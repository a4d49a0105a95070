package dev.conftekton.identity.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.conftekton.core.audit.AuditEvent;
import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.auth.TokenSource;
import dev.conftekton.identity.keycloak.KeycloakExtension;
import dev.conftekton.identity.keycloak.KeycloakServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The token sources against a real Keycloak (run with {@code -P keycloak}). */
@ExtendWith(KeycloakExtension.class)
class KeycloakTokenSourcesIT {
    private static final String PUBLISHER_SECRET = "publisher-s3cret:&=+";

    private final KeycloakServer keycloak;

    @TempDir
    Path dir;

    KeycloakTokenSourcesIT(KeycloakServer keycloak) {
        this.keycloak = keycloak;
    }

    /** Verifies the signature against Keycloak's published keys and returns the claims. */
    private JWTClaimsSet verifiedClaims(AccessToken token) throws Exception {
        HttpResponse<String> jwks = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(keycloak.jwksUri())).build(),
                        HttpResponse.BodyHandlers.ofString());
        SignedJWT jwt = SignedJWT.parse(token.value().reveal());
        JWKSet keys = JWKSet.parse(jwks.body());
        assertThat(jwt.verify(new RSASSAVerifier(
                        keys.getKeyByKeyId(jwt.getHeader().getKeyID()).toRSAKey())))
                .isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(keycloak.issuer());
        return claims;
    }

    private ClientCredentialsTokenSource.Builder publisher(ClientAuthentication auth) {
        return ClientCredentialsTokenSource.builder()
                .tokenEndpoint(keycloak.tokenEndpoint())
                .clientAuthentication(auth);
    }

    @Test
    void clientCredentialsWithSecretBasicEncodesSpecialCharacters() throws Exception {
        List<AuditEvent> audit = new CopyOnWriteArrayList<>();
        AccessToken token = publisher(ClientAuthentication.clientSecretBasic("publisher", Secret.of(PUBLISHER_SECRET)))
                .auditSink(audit::add)
                .correlation("pipelineRun", "kc-it")
                .build()
                .token();

        JWTClaimsSet claims = verifiedClaims(token);
        assertThat(claims.getStringClaim("azp")).isEqualTo("publisher");
        assertThat(claims.getAudience()).contains("gateway");
        assertThat(token.expiresAt()).isNotNull();
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.decision()).isEqualTo(AuditEvent.Decision.SUCCESS);
            assertThat(e.toString()).doesNotContain(token.value().reveal());
        });
    }

    @Test
    void clientCredentialsWithSecretPost() throws Exception {
        AccessToken token = publisher(ClientAuthentication.clientSecretPost("publisher", Secret.of(PUBLISHER_SECRET)))
                .build()
                .token();

        assertThat(verifiedClaims(token).getStringClaim("azp")).isEqualTo("publisher");
    }

    @Test
    void wrongSecretIsRefusedWithTheOauthErrorAndWithoutTheSecret() {
        ClientCredentialsTokenSource source = publisher(
                        ClientAuthentication.clientSecretBasic("publisher", Secret.of("not-the-secret")))
                .build();

        assertThatThrownBy(source::token)
                .isInstanceOfSatisfying(TokenEndpointException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(401);
                    assertThat(e.error()).contains("unauthorized_client");
                })
                .hasMessageNotContaining("not-the-secret");
    }

    @Test
    void privateKeyJwtClientAuthentication() throws Exception {
        SigningKey key = SigningKey.fromJwk(keycloak.signerKey().toJSONString());

        AccessToken token = publisher(ClientAuthentication.privateKeyJwt("signer", key))
                .build()
                .token();

        assertThat(verifiedClaims(token).getStringClaim("azp")).isEqualTo("signer");
    }

    @Test
    void standardTokenExchangeForAnotherAudience() throws Exception {
        TokenSource pipeline = publisher(
                        ClientAuthentication.clientSecretBasic("publisher", Secret.of(PUBLISHER_SECRET)))
                .build()
                .cached();
        AccessToken subject = pipeline.token();

        AccessToken exchanged = TokenExchangeTokenSource.builder()
                .tokenEndpoint(keycloak.tokenEndpoint())
                .clientAuthentication(ClientAuthentication.clientSecretBasic("gateway", Secret.of("gateway-secret")))
                .subjectToken(pipeline)
                .audience("confluence")
                .requestedTokenType(TokenExchangeTokenSource.ACCESS_TOKEN_TYPE)
                .build()
                .token();

        JWTClaimsSet original = verifiedClaims(subject);
        JWTClaimsSet claims = verifiedClaims(exchanged);
        assertThat(claims.getAudience()).containsExactly("confluence");
        assertThat(claims.getStringClaim("azp")).isEqualTo("gateway");
        assertThat(claims.getSubject()).isEqualTo(original.getSubject());
        assertThat(exchanged.value()).isNotEqualTo(subject.value());
    }

    @Test
    void tokenExchangeRefusesAnAudienceTheClientMayNotRequest() {
        TokenSource pipeline = publisher(
                        ClientAuthentication.clientSecretBasic("publisher", Secret.of(PUBLISHER_SECRET)))
                .build();

        TokenExchangeTokenSource exchange = TokenExchangeTokenSource.builder()
                .tokenEndpoint(keycloak.tokenEndpoint())
                .clientAuthentication(ClientAuthentication.clientSecretBasic("gateway", Secret.of("gateway-secret")))
                .subjectToken(pipeline)
                .audience("signer")
                .build();

        assertThatThrownBy(exchange::token)
                .isInstanceOfSatisfying(
                        TokenEndpointException.class, e -> assertThat(e.error()).isPresent());
    }

    @Test
    void kubernetesServiceAccountTokenAsFederatedClientAssertion() throws Exception {
        Path tokenFile = dir.resolve("token");
        Files.writeString(
                tokenFile, keycloak.cluster().kubernetesServiceAccountToken("ci", "publisher", keycloak.issuer()));
        TokenSource workload = publisher(ClientAuthentication.federated(
                        "tekton-publisher",
                        ServiceAccountTokenSource.builder()
                                .path(tokenFile)
                                .expectAudience(keycloak.issuer())
                                .build()))
                .build()
                .cached();

        AccessToken token = workload.token();

        JWTClaimsSet claims = verifiedClaims(token);
        assertThat(claims.getStringClaim("azp")).isEqualTo("tekton-publisher");

        // The kubelet rotates the projected token: the next refresh sends the new one.
        Files.writeString(
                tokenFile, keycloak.cluster().kubernetesServiceAccountToken("ci", "publisher", keycloak.issuer()));
        workload.invalidate(token);
        assertThat(verifiedClaims(workload.token()).getStringClaim("azp")).isEqualTo("tekton-publisher");
    }

    @Test
    void federatedAssertionOfAnotherServiceAccountIsRefused() throws Exception {
        Path tokenFile = Files.writeString(
                dir.resolve("token"),
                keycloak.cluster().kubernetesServiceAccountToken("ci", "intruder", keycloak.issuer()));
        ClientCredentialsTokenSource source = publisher(ClientAuthentication.federated(
                        "tekton-publisher", ServiceAccountTokenSource.fromPath(tokenFile)))
                .build();

        assertThatThrownBy(source::token).isInstanceOf(TokenEndpointException.class);
    }

    @Test
    void federatedAssertionForAnotherAudienceIsRefused() throws Exception {
        Path tokenFile = Files.writeString(
                dir.resolve("token"),
                keycloak.cluster().kubernetesServiceAccountToken("ci", "publisher", "https://kubernetes.default.svc"));
        ClientCredentialsTokenSource source = publisher(ClientAuthentication.federated(
                        "tekton-publisher", ServiceAccountTokenSource.fromPath(tokenFile)))
                .build();

        assertThatThrownBy(source::token).isInstanceOf(TokenEndpointException.class);
    }
}
