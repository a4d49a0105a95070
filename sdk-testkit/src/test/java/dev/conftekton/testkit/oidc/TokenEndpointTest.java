package dev.conftekton.testkit.oidc;

import static dev.conftekton.testkit.oidc.Http.basic;
import static dev.conftekton.testkit.oidc.Http.form;
import static dev.conftekton.testkit.oidc.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenEndpointTest {
    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    static final String EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
    static final String SA_SUBJECT = "system:serviceaccount:ci:builder";

    static OidcIssuer cluster; // plays the Kubernetes API server
    static OidcIssuer stranger; // an issuer nobody trusts
    static OidcIssuer idp;
    static ECKey clientKey;
    static AdjustableClock clock = AdjustableClock.now();

    @BeforeAll
    static void start() throws Exception {
        clientKey = new ECKeyGenerator(Curve.P_256).keyID("client-key").generate();
        cluster = OidcIssuer.builder().build().start();
        stranger = OidcIssuer.builder().build().start();
        idp = OidcIssuer.builder()
                .path("/realms/ci")
                .clock(clock)
                .trustIssuer(cluster.issuerUrl())
                .client(RegisteredClient.withSecret("pipeline", "s3cret:&=+")
                        .withAudiences("confluence", "https://tekton.example/api")
                        .withScopes("page:read", "page:write"))
                .client(RegisteredClient.withSecret("exchanger", "x-secret")
                        .withAudiences("confluence")
                        .withScopes("page:read", "page:write"))
                .client(RegisteredClient.withSecret("cc-only", "cc").withGrantTypes("client_credentials"))
                .client(RegisteredClient.withPrivateKeyJwt("signer", clientKey.toPublicJWK()))
                .client(RegisteredClient.federated("builder", cluster.issuerUrl(), SA_SUBJECT)
                        .withAudiences("confluence"))
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        idp.close();
        cluster.close();
        stranger.close();
    }

    static JWTClaimsSet claimsOf(String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(OidcIssuerTest.verifiesAgainst(token, OidcIssuerTest.fetchJwks(idp)))
                .isTrue();
        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        return jwt.getJWTClaimsSet();
    }

    // ---- client credentials ----

    @Test
    void clientCredentialsWithBasicAuthIssuesAnRfc9068AccessToken() throws Exception {
        Http.Answer answer = post(
                idp.tokenEndpoint(),
                form("grant_type", "client_credentials", "scope", "page:read"),
                "Authorization",
                basic("pipeline", "s3cret:&=+"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json())
                .containsEntry("token_type", "Bearer")
                .containsEntry("expires_in", 300L)
                .containsEntry("scope", "page:read")
                .doesNotContainKey("issued_token_type");
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        JWTClaimsSet claims = claimsOf(answer.accessToken());
        assertThat(claims.getIssuer()).isEqualTo(idp.issuerUrl());
        assertThat(claims.getSubject()).isEqualTo("pipeline");
        assertThat(claims.getStringClaim("client_id")).isEqualTo("pipeline");
        assertThat(claims.getAudience()).containsExactlyInAnyOrder("confluence", "https://tekton.example/api");
        assertThat(claims.getStringClaim("scope")).isEqualTo("page:read");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(idp.requestCount("token")).isPositive();
    }

    @Test
    void clientSecretPostWorksAndResourceNarrowsTheAudience() throws Exception {
        Http.Answer answer = post(
                idp.tokenEndpoint(),
                form(
                        "grant_type", "client_credentials",
                        "client_id", "pipeline",
                        "client_secret", "s3cret:&=+",
                        "resource", "https://tekton.example/api"));

        assertThat(answer.status()).isEqualTo(200);
        JWTClaimsSet claims = claimsOf(answer.accessToken());
        assertThat(claims.getAudience()).containsExactly("https://tekton.example/api");
        assertThat(claims.getStringClaim("scope")).isEqualTo("page:read page:write");
    }

    @Test
    void wrongSecretIsInvalidClientWithAChallenge() throws Exception {
        Http.Answer answer = post(
                idp.tokenEndpoint(),
                form("grant_type", "client_credentials"),
                "Authorization",
                basic("pipeline", "no"));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.error()).isEqualTo("invalid_client");
        assertThat(answer.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(answer.json().get("error_description").toString()).doesNotContain("no");
    }

    @Test
    void unknownClientAndMissingAuthenticationAreInvalidClient() throws Exception {
        assertThat(post(
                                idp.tokenEndpoint(),
                                form("grant_type", "client_credentials"),
                                "Authorization",
                                basic("who", "x"))
                        .error())
                .isEqualTo("invalid_client");
        Http.Answer none = post(idp.tokenEndpoint(), form("grant_type", "client_credentials", "client_id", "pipeline"));
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.error()).isEqualTo("invalid_client");
    }

    @Test
    void twoAuthenticationMethodsAtOnceAreRefused() throws Exception {
        Http.Answer answer = post(
                idp.tokenEndpoint(),
                form("grant_type", "client_credentials", "client_id", "pipeline", "client_secret", "s3cret:&=+"),
                "Authorization",
                basic("pipeline", "s3cret:&=+"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).isEqualTo("invalid_request");
    }

    @Test
    void grantTypeErrorsFollowRfc6749() throws Exception {
        String auth = basic("pipeline", "s3cret:&=+");
        assertThat(post(idp.tokenEndpoint(), form("grant_type", "password"), "Authorization", auth)
                        .error())
                .isEqualTo("unsupported_grant_type");
        assertThat(post(idp.tokenEndpoint(), form("scope", "page:read"), "Authorization", auth)
                        .error())
                .isEqualTo("invalid_request");
        assertThat(post(
                                idp.tokenEndpoint(),
                                form("grant_type", EXCHANGE, "subject_token", "x", "subject_token_type", ACCESS_TOKEN),
                                "Authorization",
                                basic("cc-only", "cc"))
                        .error())
                .isEqualTo("unauthorized_client");
        assertThat(post(
                                idp.tokenEndpoint(),
                                form("grant_type", "client_credentials", "scope", "admin"),
                                "Authorization",
                                auth)
                        .error())
                .isEqualTo("invalid_scope");
        assertThat(post(
                                idp.tokenEndpoint(),
                                form("grant_type", "client_credentials", "audience", "elsewhere"),
                                "Authorization",
                                auth)
                        .error())
                .isEqualTo("invalid_target");
    }

    @Test
    void repeatedParametersAndWrongContentTypeAreInvalidRequest() throws Exception {
        String auth = basic("pipeline", "s3cret:&=+");
        Http.Answer repeated = Http.postRaw(
                idp.tokenEndpoint(),
                "grant_type=client_credentials&scope=page:read&scope=page:write",
                "Authorization",
                auth);
        assertThat(repeated.error()).isEqualTo("invalid_request");
        assertThat(repeated.json().get("error_description").toString()).contains("scope");

        Http.Answer json = Http.postRaw(
                idp.tokenEndpoint(),
                "{\"grant_type\":\"client_credentials\"}",
                "Authorization",
                auth,
                "Content-Type",
                "application/json");
        assertThat(json.status()).isEqualTo(400);
        assertThat(json.error()).isEqualTo("invalid_request");
    }

    @Test
    void hostileRequestsGetOAuthErrorsNotCrashes() throws Exception {
        Http.Answer huge = Http.postRaw(
                idp.tokenEndpoint(),
                "grant_type=client_credentials&pad=" + "x".repeat(200_000),
                "Authorization",
                basic("pipeline", "s3cret:&=+"));
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.error()).isEqualTo("invalid_request");

        Http.Answer badEscape =
                Http.postRaw(idp.tokenEndpoint(), "grant_type=%ZZ", "Authorization", basic("pipeline", "s3cret:&=+"));
        assertThat(badEscape.error()).isEqualTo("invalid_request");

        Http.Answer badBase64 = Http.postRaw(
                idp.tokenEndpoint(), "grant_type=client_credentials", "Authorization", "Basic !!!not-base64!!!");
        assertThat(badBase64.status()).isEqualTo(401);
        assertThat(badBase64.error()).isEqualTo("invalid_client");

        Http.Answer bearer =
                Http.postRaw(idp.tokenEndpoint(), "grant_type=client_credentials", "Authorization", "Bearer abc");
        assertThat(bearer.error()).isEqualTo("invalid_client");

        Http.Answer nested = withAssertion("eyJhbGciOiJSUzI1NiJ9." + "W".repeat(5000) + ".AAAA");
        assertThat(nested.error()).isEqualTo("invalid_client");
    }

    // ---- private_key_jwt ----

    static String clientAssertion(String iss, String sub, String aud, Instant exp, String jti) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("client-key").build(),
                new JWTClaimsSet.Builder()
                        .issuer(iss)
                        .subject(sub)
                        .audience(aud)
                        .expirationTime(Date.from(exp))
                        .issueTime(new Date())
                        .jwtID(jti)
                        .build());
        jwt.sign(new ECDSASigner(clientKey));
        return jwt.serialize();
    }

    static Http.Answer withAssertion(String assertion, String... more) throws Exception {
        Map<String, String> f = form(
                "grant_type",
                "client_credentials",
                "client_assertion_type",
                ASSERTION_TYPE,
                "client_assertion",
                assertion);
        for (int i = 0; i < more.length; i += 2) {
            f.put(more[i], more[i + 1]);
        }
        return post(idp.tokenEndpoint(), f);
    }

    @Test
    void privateKeyJwtAuthenticatesOnceperJti() throws Exception {
        Instant exp = Instant.now().plusSeconds(60);
        String assertion = clientAssertion(
                "signer", "signer", idp.tokenEndpoint(), exp, UUID.randomUUID().toString());

        Http.Answer first = withAssertion(assertion, "client_id", "signer");
        Http.Answer replay = withAssertion(assertion, "client_id", "signer");

        assertThat(first.status()).isEqualTo(200);
        assertThat(claimsOf(first.accessToken()).getSubject()).isEqualTo("signer");
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.error()).isEqualTo("invalid_client");
        assertThat(replay.json().get("error_description").toString()).contains("jti");
    }

    @Test
    void privateKeyJwtWithWrongAudienceExpiryOrSignerIsRefused() throws Exception {
        Instant later = Instant.now().plusSeconds(60);
        assertThat(withAssertion(clientAssertion("signer", "signer", "https://other.example", later, "a1"))
                        .error())
                .isEqualTo("invalid_client");
        assertThat(withAssertion(clientAssertion(
                                "signer",
                                "signer",
                                idp.issuerUrl(),
                                Instant.now().minusSeconds(120),
                                "a2"))
                        .error())
                .isEqualTo("invalid_client");
        // Claims say "signer" but the key is the cluster's: signature check against the client's key fails.
        String forged = cluster.mint()
                .issuer("signer")
                .subject("signer")
                .audience(idp.issuerUrl())
                .sign();
        Http.Answer answer = withAssertion(forged);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.error()).isEqualTo("invalid_client");
        assertThat(withAssertion("not.a.jwt").error()).isEqualTo("invalid_client");
        assertThat(post(
                                idp.tokenEndpoint(),
                                form(
                                        "grant_type", "client_credentials",
                                        "client_assertion_type", "urn:example:saml",
                                        "client_assertion", "x"))
                        .error())
                .isEqualTo("invalid_client");
    }

    // ---- federated Kubernetes service-account tokens ----

    @Test
    void kubernetesServiceAccountTokenFromTheTrustedClusterAuthenticatesTheFederatedClient() throws Exception {
        String saToken = cluster.kubernetesServiceAccountToken("ci", "builder", idp.issuerUrl());

        Http.Answer answer = withAssertion(saToken);

        assertThat(answer.status()).isEqualTo(200);
        JWTClaimsSet claims = claimsOf(answer.accessToken());
        assertThat(claims.getSubject()).isEqualTo("builder");
        assertThat(claims.getAudience()).containsExactly("confluence");
    }

    @Test
    void federatedAssertionsAreCheckedForSubjectAudienceExpiryAndSigner() throws Exception {
        assertThat(withAssertion(cluster.kubernetesServiceAccountToken("ci", "intruder", idp.issuerUrl()))
                        .error())
                .isEqualTo("invalid_client");
        assertThat(withAssertion(cluster.kubernetesServiceAccountToken("ci", "builder", "https://other.example"))
                        .error())
                .isEqualTo("invalid_client");
        assertThat(withAssertion(cluster.kubernetesServiceAccount("ci", "builder")
                                .audience(idp.issuerUrl())
                                .expiresIn(Duration.ofMinutes(-5))
                                .sign())
                        .error())
                .isEqualTo("invalid_client");
        // An untrusted issuer forging the cluster's iss.
        String forged = stranger.kubernetesServiceAccount("ci", "builder")
                .issuer(cluster.issuerUrl())
                .audience(idp.issuerUrl())
                .sign();
        Http.Answer answer = withAssertion(forged);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.error()).isEqualTo("invalid_client");
    }

    @Test
    void clusterKeyRotationIsPickedUpForFederatedAssertions() throws Exception {
        assertThat(withAssertion(cluster.kubernetesServiceAccountToken("ci", "builder", idp.issuerUrl()))
                        .status())
                .isEqualTo(200);
        cluster.rotateKeys(OidcIssuer.OldKeys.KEEP);
        String afterRotation = cluster.kubernetesServiceAccountToken("ci", "builder", idp.issuerUrl());
        // The refetch of an unknown kid is limited to once a second.
        clock.advance(Duration.ofSeconds(2));

        Http.Answer answer = withAssertion(afterRotation);

        assertThat(answer.status()).isEqualTo(200);
    }

    // ---- token exchange ----

    static Http.Answer exchange(String subjectToken, String... more) throws Exception {
        Map<String, String> f =
                form("grant_type", EXCHANGE, "subject_token", subjectToken, "subject_token_type", ACCESS_TOKEN);
        for (int i = 0; i < more.length; i += 2) {
            f.put(more[i], more[i + 1]);
        }
        return post(idp.tokenEndpoint(), f, "Authorization", basic("exchanger", "x-secret"));
    }

    @Test
    void tokenExchangeIssuesATokenForTheSameSubjectAndRequestedAudience() throws Exception {
        String subject = idp.mint()
                .subject("alice")
                .audience("exchanger")
                .claim("groups", List.of("writers"))
                .sign();

        Http.Answer answer = exchange(subject, "audience", "confluence", "scope", "page:read");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json())
                .containsEntry("issued_token_type", ACCESS_TOKEN)
                .containsEntry("token_type", "Bearer")
                .containsEntry("scope", "page:read");
        JWTClaimsSet claims = claimsOf(answer.accessToken());
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getAudience()).containsExactly("confluence");
        assertThat(claims.getStringClaim("client_id")).isEqualTo("exchanger");
        assertThat(claims.getStringListClaim("groups")).containsExactly("writers");
    }

    @Test
    void tokenExchangeTakesSeveralAudienceAndResourceParameters() throws Exception {
        String subject = idp.mint().subject("alice").audience("pipeline").sign();
        String body = "grant_type=" + java.net.URLEncoder.encode(EXCHANGE, java.nio.charset.StandardCharsets.UTF_8)
                + "&subject_token=" + subject
                + "&subject_token_type="
                + java.net.URLEncoder.encode(ACCESS_TOKEN, java.nio.charset.StandardCharsets.UTF_8)
                + "&audience=confluence&resource=https%3A%2F%2Ftekton.example%2Fapi&audience=confluence";

        Http.Answer answer = Http.postRaw(idp.tokenEndpoint(), body, "Authorization", basic("pipeline", "s3cret:&=+"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(claimsOf(answer.accessToken()).getAudience())
                .containsExactly("confluence", "https://tekton.example/api");
    }

    @Test
    void tokenExchangeAcceptsATrustedClusterTokenAndAnswersTheRequestedJwtType() throws Exception {
        String sa = cluster.kubernetesServiceAccountToken("ci", "builder", "exchanger");

        Http.Answer answer = exchange(sa, "requested_token_type", "urn:ietf:params:oauth:token-type:jwt");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json())
                .containsEntry("issued_token_type", "urn:ietf:params:oauth:token-type:jwt")
                .containsEntry("token_type", "N_A");
        assertThat(claimsOf(answer.accessToken()).getSubject()).isEqualTo(SA_SUBJECT);
    }

    @Test
    void tokenExchangeRefusesBadSubjectTokensWithInvalidRequest() throws Exception {
        String forged = stranger.mint()
                .issuer(idp.issuerUrl())
                .subject("alice")
                .audience("exchanger")
                .sign();
        String untrusted =
                stranger.mint().subject("alice").audience("exchanger").sign();
        String expired = idp.mint()
                .subject("alice")
                .audience("exchanger")
                .expiresIn(Duration.ofMinutes(-5))
                .sign();
        String notForMe = idp.mint().subject("alice").audience("someone-else").sign();
        String unsigned = idp.mint().subject("alice").audience("exchanger").signUnsecured();

        for (String bad : List.of(forged, untrusted, expired, notForMe, unsigned, "garbage")) {
            Http.Answer answer = exchange(bad);
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.error()).isEqualTo("invalid_request");
        }
    }

    @Test
    void tokenExchangeParameterErrorsUseTheRfc8693Codes() throws Exception {
        String subject = idp.mint().subject("alice").audience("exchanger").sign();

        assertThat(exchange(subject, "audience", "https://elsewhere.example").error())
                .isEqualTo("invalid_target");
        assertThat(exchange(subject, "scope", "admin").error()).isEqualTo("invalid_scope");
        assertThat(exchange(subject, "requested_token_type", "urn:ietf:params:oauth:token-type:saml2")
                        .error())
                .isEqualTo("invalid_request");
        assertThat(exchange(subject, "actor_token", subject, "actor_token_type", ACCESS_TOKEN)
                        .error())
                .isEqualTo("invalid_request");
        Http.Answer badType = post(
                idp.tokenEndpoint(),
                form("grant_type", EXCHANGE, "subject_token", subject, "subject_token_type", "urn:x"),
                "Authorization",
                basic("exchanger", "x-secret"));
        assertThat(badType.error()).isEqualTo("invalid_request");
        Http.Answer missing = post(
                idp.tokenEndpoint(), form("grant_type", EXCHANGE), "Authorization", basic("exchanger", "x-secret"));
        assertThat(missing.error()).isEqualTo("invalid_request");
    }
}
