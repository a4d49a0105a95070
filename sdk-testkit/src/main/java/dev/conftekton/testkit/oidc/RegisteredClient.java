package dev.conftekton.testkit.oidc;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A client registered with an {@link OidcIssuer}: how it authenticates at the token endpoint and
 * what it may ask for.
 *
 * <p>Three ways to authenticate, as real servers offer them:
 *
 * <ul>
 *   <li>{@link #withSecret} — {@code client_secret_basic} or {@code client_secret_post};
 *   <li>{@link #withPrivateKeyJwt} — a client assertion signed with the client's own key ({@code
 *       iss = sub = client_id}, RFC 7523), each {@code jti} usable once;
 *   <li>{@link #federated} — a client assertion issued by another, trusted issuer for a fixed
 *       subject, such as a Kubernetes service-account token (Keycloak's {@code federated-jwt}).
 * </ul>
 *
 * <pre>{@code
 * RegisteredClient.withSecret("pipeline", "s3cret")
 *         .withAudiences("confluence")          // aud of issued tokens; allowed exchange targets
 *         .withScopes("page:read", "page:write"); // scopes it may request
 * }</pre>
 *
 * @param clientId the {@code client_id}
 * @param secret the client secret, or null when the client does not use one
 * @param keys the client's public keys for {@code private_key_jwt}, or null
 * @param federatedIssuer the issuer whose assertions authenticate this client, or null
 * @param federatedSubject the {@code sub} such an assertion must carry, or null
 * @param audiences audiences of tokens issued to this client; the allowed {@code audience} and
 *     {@code resource} values in a token exchange. Empty: tokens carry the client id as audience
 * @param scopes scopes the client may request; a request without {@code scope} gets all of them
 *     (in a token exchange: those the subject token also has). None registered: none may be asked
 * @param grantTypes grant types the client may use
 */
public record RegisteredClient(
        String clientId,
        String secret,
        JWKSet keys,
        String federatedIssuer,
        String federatedSubject,
        Set<String> audiences,
        Set<String> scopes,
        Set<String> grantTypes) {

    /** {@code grant_type} value of the client credentials grant. */
    public static final String CLIENT_CREDENTIALS = "client_credentials";
    /** {@code grant_type} value of RFC 8693 token exchange. */
    public static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

    public RegisteredClient {
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("clientId must not be blank");
        }
        int ways = (secret != null ? 1 : 0) + (keys != null ? 1 : 0) + (federatedIssuer != null ? 1 : 0);
        if (ways != 1) {
            throw new IllegalArgumentException("a client authenticates in exactly one way: secret, keys or federation");
        }
        if (federatedIssuer != null && (federatedSubject == null || federatedSubject.isBlank())) {
            throw new IllegalArgumentException("a federated client needs the subject its assertions must carry");
        }
        if (keys != null && keys.getKeys().stream().anyMatch(JWK::isPrivate)) {
            throw new IllegalArgumentException("register the client's public keys only");
        }
        audiences = ordered(Objects.requireNonNull(audiences, "audiences"));
        scopes = ordered(Objects.requireNonNull(scopes, "scopes"));
        grantTypes = ordered(Objects.requireNonNull(grantTypes, "grantTypes"));
    }

    /** An unmodifiable copy that keeps the registration order (scopes are issued in it). */
    private static Set<String> ordered(Set<String> values) {
        Set<String> copy = new LinkedHashSet<>(values);
        copy.forEach(v -> Objects.requireNonNull(v, "values must not contain null"));
        return Collections.unmodifiableSet(copy);
    }

    private static Set<String> defaultGrants() {
        return Set.of(CLIENT_CREDENTIALS, TOKEN_EXCHANGE);
    }

    /** A confidential client with a shared secret (basic or post). */
    public static RegisteredClient withSecret(String clientId, String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("secret must not be empty");
        }
        return new RegisteredClient(clientId, secret, null, null, null, Set.of(), Set.of(), defaultGrants());
    }

    /** A client authenticating with assertions signed by the private half of {@code publicKey}. */
    public static RegisteredClient withPrivateKeyJwt(String clientId, JWK publicKey) {
        Objects.requireNonNull(publicKey, "publicKey");
        return new RegisteredClient(
                clientId, null, new JWKSet(publicKey.toPublicJWK()), null, null, Set.of(), Set.of(), defaultGrants());
    }

    /**
     * A client authenticated by assertions from {@code issuer} (which must also be trusted with
     * {@link OidcIssuer.Builder#trustIssuer(String)}) whose {@code sub} is {@code subject}; for a
     * Kubernetes service account that is {@code system:serviceaccount:NAMESPACE:NAME}.
     */
    public static RegisteredClient federated(String clientId, String issuer, String subject) {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        return new RegisteredClient(clientId, null, null, issuer, subject, Set.of(), Set.of(), defaultGrants());
    }

    /** A copy whose issued tokens carry these audiences and which may exchange for them. */
    public RegisteredClient withAudiences(String... values) {
        return new RegisteredClient(
                clientId, secret, keys, federatedIssuer, federatedSubject, of(values), scopes, grantTypes);
    }

    /** A copy that may request only these scopes. */
    public RegisteredClient withScopes(String... values) {
        return new RegisteredClient(
                clientId, secret, keys, federatedIssuer, federatedSubject, audiences, of(values), grantTypes);
    }

    /** A copy that may use only these grant types. */
    public RegisteredClient withGrantTypes(String... values) {
        return new RegisteredClient(
                clientId, secret, keys, federatedIssuer, federatedSubject, audiences, scopes, of(values));
    }

    private static Set<String> of(String... values) {
        Objects.requireNonNull(values, "values");
        Set<String> set = new LinkedHashSet<>(Arrays.asList(values));
        set.forEach(v -> Objects.requireNonNull(v, "values must not contain null"));
        return set;
    }

    @Override
    public String toString() {
        String how =
                secret != null ? "secret" : keys != null ? "private_key_jwt" : "federated(" + federatedIssuer + ")";
        return "RegisteredClient[clientId=" + clientId + ", auth=" + how + ", audiences=" + audiences + ", scopes="
                + scopes + ", grantTypes=" + grantTypes + "]";
    }
}
