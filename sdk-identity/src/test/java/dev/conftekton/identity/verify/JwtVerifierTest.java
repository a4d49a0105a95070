package dev.conftekton.identity.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.conftekton.core.error.ConftektonException;
import dev.conftekton.identity.verify.TokenVerificationException.Reason;
import dev.conftekton.testkit.oidc.AdjustableClock;
import dev.conftekton.testkit.oidc.OidcIssuer;
import dev.conftekton.testkit.oidc.RegisteredClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final AdjustableClock CLOCK = AdjustableClock.at(NOW);
    static OidcIssuer issuer;

    @BeforeAll
    static void start() {
        issuer = OidcIssuer.builder()
                .path("/realms/ci")
                .clock(CLOCK)
                .client(RegisteredClient.withSecret("pipeline", "pipeline-secret")
                        .withAudiences("conftekton")
                        .withScopes("page:read"))
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    static JwtVerifier.Builder verifierFor(OidcIssuer from) {
        return JwtVerifier.builder()
                .issuer(from.issuerUrl())
                .audience("conftekton")
                .clock(CLOCK);
    }

    @Test
    void verifiesATokenThroughDiscoveryAndReturnsTheIdentity() {
        JwtVerifier verifier = verifierFor(issuer).build();
        String token = issuer.mint()
                .subject("alice")
                .audience("conftekton", "other")
                .claim("groups", List.of("release-managers", "writers"))
                .claim("scope", "page:read page:write")
                .claim("azp", "cli")
                .sign();

        VerifiedIdentity who = verifier.verify(token);

        assertThat(who.issuer()).isEqualTo(issuer.issuerUrl());
        assertThat(who.subject()).isEqualTo("alice");
        assertThat(who.audience()).containsExactly("conftekton", "other");
        assertThat(who.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(who.issuedAt()).isEqualTo(NOW);
        assertThat(who.groups()).containsExactly("release-managers", "writers");
        assertThat(who.scopes()).containsExactlyInAnyOrder("page:read", "page:write");
        assertThat(who.clientId()).isEqualTo("cli");
        assertThat(who.tokenId()).isNotBlank();
        assertThat(who.kubernetesServiceAccount()).isEmpty();
        assertThat(who.toString()).doesNotContain(token);
    }

    @Test
    void acceptsEveryDefaultAlgorithmWithTheMatchingKey() {
        JwtVerifier verifier = verifierFor(issuer).build();
        for (String alg : List.of("RS256", "RS384", "RS512", "PS256", "ES256", "ES384")) {
            String token = issuer.mint()
                    .subject("s-" + alg)
                    .audience("conftekton")
                    .algorithm(alg)
                    .sign();
            assertThat(verifier.verify(token).subject()).as(alg).isEqualTo("s-" + alg);
        }
    }

    @Test
    void kubernetesServiceAccountTokenYieldsNamespaceAndServiceAccount() {
        JwtVerifier verifier = verifierFor(issuer).build();
        String token = issuer.kubernetesServiceAccountToken("ci", "builder", "conftekton");

        VerifiedIdentity who = verifier.verify(token);

        assertThat(who.subject()).isEqualTo("system:serviceaccount:ci:builder");
        assertThat(who.kubernetesNamespace()).hasValue("ci");
        assertThat(who.kubernetesServiceAccountName()).hasValue("builder");
        KubernetesServiceAccount sa = who.kubernetesServiceAccount().orElseThrow();
        assertThat(sa.uid()).isNotBlank();
        assertThat(sa.podName()).startsWith("builder-");
        assertThat(sa.subject()).isEqualTo(who.subject());
    }

    @Test
    void serviceAccountSubjectAloneIsEnoughForTheKubernetesIdentity() {
        JwtVerifier verifier = verifierFor(issuer).build();
        String token = issuer.mint()
                .subject("system:serviceaccount:tekton-pipelines:runner")
                .audience("conftekton")
                .sign();

        KubernetesServiceAccount sa =
                verifier.verify(token).kubernetesServiceAccount().orElseThrow();

        assertThat(sa.namespace()).isEqualTo("tekton-pipelines");
        assertThat(sa.name()).isEqualTo("runner");
        assertThat(sa.uid()).isNull();
    }

    @Test
    void verifiesAnAccessTokenFromTheIssuersTokenEndpoint() throws Exception {
        JwtVerifier verifier = verifierFor(issuer).build();
        String body = "grant_type=client_credentials&client_id=pipeline&client_secret="
                + URLEncoder.encode("pipeline-secret", StandardCharsets.UTF_8);
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(issuer.tokenEndpoint()))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        String accessToken = com.nimbusds.jose.util.JSONObjectUtils.getString(
                com.nimbusds.jose.util.JSONObjectUtils.parse(response.body()), "access_token");

        VerifiedIdentity who = verifier.verify(accessToken);

        assertThat(who.subject()).isEqualTo("pipeline");
        assertThat(who.clientId()).isEqualTo("pipeline");
        assertThat(who.scopes()).containsExactly("page:read");
    }

    @Test
    void cachesDiscoveryAndKeysAcrossVerifications() {
        try (OidcIssuer own = OidcIssuer.builder().clock(CLOCK).build().start()) {
            JwtVerifier verifier = verifierFor(own).build();
            for (int i = 0; i < 50; i++) {
                verifier.verify(
                        own.mint().subject("u" + i).audience("conftekton").sign());
            }
            assertThat(own.requestCount("discovery")).isEqualTo(1);
            assertThat(own.requestCount("jwks")).isEqualTo(1);
            assertThat(verifier.jwksFetchCount()).isEqualTo(1);
        }
    }

    @Test
    void rotatedKeyIsPickedUpByAnUnknownKidRefetchAtALimitedRate() {
        AdjustableClock clock = AdjustableClock.at(NOW);
        try (OidcIssuer own = OidcIssuer.builder().clock(clock).build().start()) {
            JwtVerifier verifier = verifierFor(own)
                    .clock(clock)
                    .jwksRefetchInterval(Duration.ofSeconds(30))
                    .build();
            verifier.verify(own.mint().subject("before").audience("conftekton").sign());

            own.rotateKeys(OidcIssuer.OldKeys.KEEP);
            clock.advance(Duration.ofSeconds(31));
            String afterFirstRotation =
                    own.mint().subject("after").audience("conftekton").sign();
            assertThat(verifier.verify(afterFirstRotation).subject()).isEqualTo("after");
            assertThat(own.requestCount("jwks")).isEqualTo(2);

            // A second unknown kid right away does not reach the endpoint: it fails closed.
            own.rotateKeys(OidcIssuer.OldKeys.KEEP);
            String afterSecondRotation =
                    own.mint().subject("again").audience("conftekton").sign();
            TokenVerificationException refused =
                    catchThrowableOfType(() -> verifier.verify(afterSecondRotation), TokenVerificationException.class);
            assertThat(refused.reason()).isEqualTo(Reason.UNKNOWN_KEY);
            assertThat(own.requestCount("jwks")).isEqualTo(2);

            clock.advance(Duration.ofSeconds(31));
            assertThat(verifier.verify(afterSecondRotation).subject()).isEqualTo("again");
            assertThat(own.requestCount("jwks")).isEqualTo(3);
        }
    }

    @Test
    void keysExpireAfterTheirTtlAndAreRefetched() {
        AdjustableClock clock = AdjustableClock.at(NOW);
        try (OidcIssuer own = OidcIssuer.builder().clock(clock).build().start()) {
            JwtVerifier verifier = verifierFor(own)
                    .clock(clock)
                    .jwksCacheTtl(Duration.ofMinutes(2))
                    .build();
            verifier.verify(own.mint().subject("a").audience("conftekton").sign());

            clock.advance(Duration.ofMinutes(3));
            verifier.verify(own.mint().subject("b").audience("conftekton").sign());

            assertThat(own.requestCount("jwks")).isEqualTo(2);
        }
    }

    @Test
    void staticKeysAndAnExplicitJwksUriNeedNoDiscovery() {
        try (OidcIssuer own = OidcIssuer.builder().clock(CLOCK).build().start()) {
            String token = own.mint().subject("s").audience("conftekton").sign();

            JwtVerifier fixed = verifierFor(own).jwks(own.jwksJson()).build();
            JwtVerifier direct =
                    verifierFor(own).jwksUri(URI.create(own.jwksUri())).build();

            assertThat(fixed.verify(token).subject()).isEqualTo("s");
            assertThat(direct.verify(token).subject()).isEqualTo("s");
            assertThat(own.requestCount("discovery")).isZero();
            assertThat(own.requestCount("jwks")).isEqualTo(1);
            assertThat(fixed.jwksFetchCount()).isZero();
        }
    }

    @Test
    void discoveryDocumentNamingAnotherIssuerIsRefused() {
        // The issuer serves its document at /realms/ci; a verifier configured for the origin
        // finds no document there, and one configured with a trailing slash finds a mismatch.
        JwtVerifier verifier = JwtVerifier.builder()
                .issuer(issuer.issuerUrl() + "/")
                .audience("conftekton")
                .clock(CLOCK)
                .build();
        String token = issuer.mint().subject("s").audience("conftekton").sign();

        TokenVerificationException e =
                catchThrowableOfType(() -> verifier.verify(token), TokenVerificationException.class);

        assertThat(e.reason()).isEqualTo(Reason.KEYS_UNAVAILABLE);
        assertThat(e.getMessage()).contains("names issuer").doesNotContain(token);
    }

    @Test
    void unreachableIssuerFailsClosedWithKeysUnavailable() {
        OidcIssuer gone = OidcIssuer.builder().clock(CLOCK).build().start();
        String token = gone.mint().subject("s").audience("conftekton").sign();
        String url = gone.issuerUrl();
        gone.close();
        JwtVerifier verifier = JwtVerifier.builder()
                .issuer(url)
                .audience("conftekton")
                .clock(CLOCK)
                .httpTimeout(Duration.ofSeconds(2))
                .build();

        TokenVerificationException e =
                catchThrowableOfType(() -> verifier.verify(token), TokenVerificationException.class);

        assertThat(e.reason()).isEqualTo(Reason.KEYS_UNAVAILABLE);
        assertThat(e).isInstanceOf(ConftektonException.class);
    }

    @Test
    void algorithmAllowListAndTypeRequirementAreConfigurable() {
        JwtVerifier onlyEs256 = verifierFor(issuer).algorithms("ES256").build();
        JwtVerifier strictType =
                verifierFor(issuer).requireType(true).types("at+jwt").build();
        String rs256 = issuer.mint().subject("s").audience("conftekton").sign();
        String es256 = issuer.mint()
                .subject("s")
                .audience("conftekton")
                .algorithm("ES256")
                .sign();
        String accessToken = issuer.mint()
                .subject("s")
                .audience("conftekton")
                .type("application/at+jwt")
                .sign();
        String sa = issuer.kubernetesServiceAccountToken("ci", "builder", "conftekton");

        assertThat(onlyEs256.verify(es256).subject()).isEqualTo("s");
        assertThat(catchThrowableOfType(() -> onlyEs256.verify(rs256), TokenVerificationException.class)
                        .reason())
                .isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
        assertThat(strictType.verify(accessToken).subject()).isEqualTo("s");
        assertThat(catchThrowableOfType(() -> strictType.verify(rs256), TokenVerificationException.class)
                        .reason())
                .isEqualTo(Reason.WRONG_TYPE);
        assertThat(catchThrowableOfType(() -> strictType.verify(sa), TokenVerificationException.class)
                        .reason())
                .isEqualTo(Reason.WRONG_TYPE);
    }

    @Test
    void requiredClaimsAndClockSkewAreConfigurable() {
        String noSub = issuer.mint().audience("conftekton").sign();
        String justExpired = issuer.mint()
                .subject("s")
                .audience("conftekton")
                .expiresAt(NOW.minusSeconds(30))
                .sign();

        assertThat(verifierFor(issuer)
                        .requiredClaims("exp")
                        .build()
                        .verify(noSub)
                        .subject())
                .isNull();
        assertThat(verifierFor(issuer).build().verify(justExpired).subject()).isEqualTo("s");
        assertThat(catchThrowableOfType(
                                () -> verifierFor(issuer)
                                        .clockSkew(Duration.ZERO)
                                        .build()
                                        .verify(justExpired),
                                TokenVerificationException.class)
                        .reason())
                .isEqualTo(Reason.EXPIRED);
    }

    @Test
    void acceptAnyAudienceSkipsTheAudienceCheckOnlyWhenAskedFor() {
        String token = issuer.mint().subject("s").audience("someone-else").sign();

        assertThat(JwtVerifier.builder()
                        .issuer(issuer.issuerUrl())
                        .acceptAnyAudience()
                        .clock(CLOCK)
                        .build()
                        .verify(token)
                        .audience())
                .containsExactly("someone-else");
    }

    @Test
    void builderRefusesUnsafeConfiguration() {
        assertThatThrownBy(() -> JwtVerifier.builder().audience("a").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("issuer");
        assertThatThrownBy(() ->
                        JwtVerifier.builder().issuer("https://idp.example").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("audience");
        assertThatThrownBy(() -> JwtVerifier.builder()
                        .issuer("http://idp.example")
                        .audience("a")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https");
        assertThatThrownBy(() -> JwtVerifier.builder().algorithms("HS256"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JwtVerifier.builder().algorithms("none")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JwtVerifier.builder().jwks("{not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JwtVerifier.builder().clockSkew(Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(JwtVerifier.builder()
                        .issuer("https://idp.example")
                        .audience("a")
                        .build()
                        .issuer())
                .isEqualTo("https://idp.example");
    }

    @Test
    void newBuilderDerivesAVariant() {
        JwtVerifier base = verifierFor(issuer).build();
        JwtVerifier other = base.newBuilder().audience("second").build();
        String forSecond = issuer.mint().subject("s").audience("second").sign();

        assertThat(other.verify(forSecond).subject()).isEqualTo("s");
        assertThat(catchThrowableOfType(() -> base.verify(forSecond), TokenVerificationException.class)
                        .reason())
                .isEqualTo(Reason.WRONG_AUDIENCE);
    }

    @Test
    void rejectionMessagesNeverContainTheTokenOrItsSignature() {
        JwtVerifier verifier = verifierFor(issuer).build();
        String token = issuer.mint().subject("s").audience("elsewhere").sign();
        String signature = token.substring(token.lastIndexOf('.') + 1);

        TokenVerificationException e =
                catchThrowableOfType(() -> verifier.verify(token), TokenVerificationException.class);

        assertThat(e.getMessage()).doesNotContain(token).doesNotContain(signature);
        assertThat(e.getMessage()).startsWith("token rejected (wrong_audience)");
        assertThat(Base64.getUrlEncoder().encodeToString(new byte[] {1})).isNotEmpty();
    }
}
