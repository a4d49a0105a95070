package dev.conftekton.testkit.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class OidcIssuerTest {
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static OidcIssuer issuer;

    @BeforeAll
    static void start() {
        issuer = OidcIssuer.builder()
                .path("/realms/ci")
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    static JWKSet fetchJwks(OidcIssuer from) throws Exception {
        Http.Answer answer = Http.get(from.jwksUri());
        assertThat(answer.status()).isEqualTo(200);
        return JWKSet.parse(answer.json());
    }

    static boolean verifiesAgainst(String token, JWKSet keys) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        JWK key = keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        if (key == null) {
            return false;
        }
        return key instanceof RSAKey rsa
                ? jwt.verify(new RSASSAVerifier(rsa))
                : jwt.verify(new ECDSAVerifier((ECKey) key));
    }

    @Test
    void discoveryDocumentNamesTheIssuerAndItsEndpoints() throws Exception {
        Http.Answer answer = Http.get(issuer.discoveryUri());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(issuer.issuerUrl()).matches("http://127\\.0\\.0\\.1:\\d+/realms/ci");
        assertThat(answer.json())
                .containsEntry("issuer", issuer.issuerUrl())
                .containsEntry("jwks_uri", issuer.issuerUrl() + "/jwks")
                .containsEntry("token_endpoint", issuer.issuerUrl() + "/token");
        assertThat((List<Object>) answer.json().get("grant_types_supported"))
                .containsExactly("client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange");
        assertThat((List<Object>) answer.json().get("token_endpoint_auth_methods_supported"))
                .contains("client_secret_basic", "client_secret_post", "private_key_jwt");
        assertThat(Http.get(issuer.issuerUrl() + "/.well-known/oauth-authorization-server")
                        .json())
                .isEqualTo(answer.json());
    }

    @Test
    void jwksPublishesRsaAndEcPublicKeysOnly() throws Exception {
        JWKSet keys = fetchJwks(issuer);

        assertThat(keys.getKeys()).hasSize(3).noneMatch(JWK::isPrivate);
        assertThat(keys.getKeys()).anyMatch(k -> k instanceof RSAKey rsa && rsa.size() == 2048);
        assertThat(keys.getKeys())
                .anyMatch(k -> k instanceof ECKey ec && ec.getCurve().equals(Curve.P_256));
        assertThat(keys.getKeys())
                .anyMatch(k -> k instanceof ECKey ec && ec.getCurve().equals(Curve.P_384));
        assertThat(Http.get(issuer.jwksUri()).headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/jwk-set+json"));
    }

    @Test
    void mintedTokenCarriesDefaultsAndRequestedClaimsAndVerifiesWithPublishedKey() throws Exception {
        String token = issuer.mint()
                .subject("alice")
                .audience("conftekton")
                .claim("groups", List.of("release-managers"))
                .expiresIn(Duration.ofMinutes(10))
                .sign();

        SignedJWT jwt = SignedJWT.parse(token);
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(issuer.currentKeyId());
        assertThat(claims.getIssuer()).isEqualTo(issuer.issuerUrl());
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getAudience()).containsExactly("conftekton");
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(claims.getStringListClaim("groups")).containsExactly("release-managers");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(verifiesAgainst(token, fetchJwks(issuer))).isTrue();
    }

    @Test
    void mintsWithEcKeysAndPssWhenAsked() throws Exception {
        JWKSet keys = fetchJwks(issuer);
        for (String alg : List.of("ES256", "ES384", "PS256", "RS512")) {
            String token = issuer.mint().subject("s").algorithm(alg).sign();
            assertThat(SignedJWT.parse(token).getHeader().getAlgorithm().getName())
                    .isEqualTo(alg);
            assertThat(verifiesAgainst(token, keys)).as(alg).isTrue();
        }
    }

    @Test
    void kubernetesServiceAccountTokenHasTheClusterShape() throws Exception {
        String token = issuer.kubernetesServiceAccountToken("ci", "builder", "https://idp.example");

        SignedJWT jwt = SignedJWT.parse(token);
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(jwt.getHeader().getType()).isNull();
        assertThat(claims.getSubject()).isEqualTo("system:serviceaccount:ci:builder");
        assertThat(claims.getIssuer()).isEqualTo(issuer.issuerUrl());
        assertThat(claims.getAudience()).containsExactly("https://idp.example");
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        Map<String, Object> k8s = claims.getJSONObjectClaim("kubernetes.io");
        assertThat(k8s).containsEntry("namespace", "ci");
        assertThat((Map<Object, Object>) k8s.get("serviceaccount"))
                .containsEntry("name", "builder")
                .containsKey("uid");
        assertThat((Map<Object, Object>) k8s.get("pod")).containsKeys("name", "uid");
        assertThat(verifiesAgainst(token, fetchJwks(issuer))).isTrue();
    }

    @Test
    void brokenTokensAreBrokenInTheAdvertisedWay() throws Exception {
        JWKSet keys = fetchJwks(issuer);

        String none = issuer.mint().subject("s").signUnsecured();
        assertThat(none).endsWith(".");
        assertThat(com.nimbusds.jwt.PlainJWT.parse(none)
                        .getHeader()
                        .getAlgorithm()
                        .getName())
                .isEqualTo("none");

        String hmac = issuer.mint().subject("s").signHmacWithPublicKey();
        assertThat(SignedJWT.parse(hmac).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);

        RSAKey attacker = new RSAKeyGenerator(2048).generate();
        String forged = issuer.mint().subject("s").signWith(attacker);
        assertThat(SignedJWT.parse(forged).getHeader().getKeyID()).isEqualTo(issuer.currentKeyId());
        assertThat(verifiesAgainst(forged, keys)).isFalse();

        String expired =
                issuer.mint().subject("s").expiresIn(Duration.ofMinutes(-5)).sign();
        assertThat(SignedJWT.parse(expired)
                        .getJWTClaimsSet()
                        .getExpirationTime()
                        .toInstant())
                .isBefore(NOW);
        assertThat(SignedJWT.parse(issuer.mint().without("exp").sign())
                        .getJWTClaimsSet()
                        .getExpirationTime())
                .isNull();

        String jku = issuer.mint().header("jku", "https://evil.example/jwks").sign();
        assertThat(SignedJWT.parse(jku).getHeader().getJWKURL()).hasToString("https://evil.example/jwks");
    }

    @Test
    void signRawSignsExactlyTheGivenText() throws Exception {
        String token =
                issuer.signRaw("{\"alg\":\"RS256\",\"kid\":\"" + issuer.currentKeyId() + "\"}", "{\"a\":1,\"a\":2}");

        assertThat(new String(com.nimbusds.jose.util.Base64URL.from(token.split("\\.")[1])
                        .decode()))
                .isEqualTo("{\"a\":1,\"a\":2}");
        JWK key = fetchJwks(issuer).getKeyByKeyId(issuer.currentKeyId());
        assertThat(JWSObject.parse(token).verify(new RSASSAVerifier((RSAKey) key)))
                .isTrue();
    }

    @Test
    void rotationKeepsOrDropsTheOldKeysAsChosen() throws Exception {
        try (OidcIssuer own = OidcIssuer.builder().build().start()) {
            String before = own.mint().subject("s").sign();
            String oldKid = own.currentKeyId();

            own.rotateKeys(OidcIssuer.OldKeys.KEEP);
            JWKSet afterKeep = fetchJwks(own);
            assertThat(own.currentKeyId()).isNotEqualTo(oldKid);
            assertThat(afterKeep.getKeys()).hasSize(6);
            assertThat(verifiesAgainst(before, afterKeep)).isTrue();
            assertThat(verifiesAgainst(own.mint().sign(), afterKeep)).isTrue();

            own.rotateKeys(OidcIssuer.OldKeys.DROP);
            JWKSet afterDrop = fetchJwks(own);
            assertThat(afterDrop.getKeys()).hasSize(3);
            assertThat(afterDrop.getKeyByKeyId(oldKid)).isNull();
            assertThat(verifiesAgainst(before, afterDrop)).isFalse();
        }
    }

    @Test
    void outageSwitchesAnswer503AndRequestsAreCounted() throws Exception {
        try (OidcIssuer own = OidcIssuer.builder().build().start()) {
            own.jwksAvailable(false);
            own.discoveryAvailable(false);
            assertThat(Http.get(own.jwksUri()).status()).isEqualTo(503);
            assertThat(Http.get(own.discoveryUri()).status()).isEqualTo(503);
            own.jwksAvailable(true);
            assertThat(Http.get(own.jwksUri()).status()).isEqualTo(200);

            assertThat(own.requestCount("jwks")).isEqualTo(2);
            assertThat(own.requestCount("discovery")).isEqualTo(1);
            own.resetRequestCounts();
            assertThat(own.requestCount("jwks")).isZero();
        }
    }

    @Test
    void unknownPathsAnswer404AndWrongMethods405() throws Exception {
        assertThat(Http.get(issuer.issuerUrl() + "/nope").status()).isEqualTo(404);
        Http.Answer post = Http.postRaw(issuer.jwksUri(), "");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        Http.Answer get = Http.get(issuer.tokenEndpoint());
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.error()).isEqualTo("invalid_request");
    }

    @Test
    void urlsNeedStartAndBuilderRejectsBadInput() {
        OidcIssuer notStarted = OidcIssuer.builder().build();
        assertThatThrownBy(notStarted::issuerUrl).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> OidcIssuer.builder().path("realms/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OidcIssuer.builder()
                        .client(RegisteredClient.federated("c", "http://cluster", "system:serviceaccount:a:b"))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("trustIssuer");
    }

    @Test
    void registeredClientNeverShowsItsSecret() {
        RegisteredClient client = RegisteredClient.withSecret("pipeline", "hunter2-secret");
        assertThat(client.toString()).contains("pipeline").doesNotContain("hunter2");
    }
}
