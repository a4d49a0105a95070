package dev.conftekton.identity.token;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.auth.TokenSource;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * How an OAuth 2.0 client proves who it is at the token endpoint.
 *
 * <ul>
 *   <li>{@link #clientSecretBasic}: id and secret in an HTTP Basic header (RFC 6749 2.3.1);
 *   <li>{@link #clientSecretPost}: id and secret as form fields (Atlassian, Confluence Data Center);
 *   <li>{@link #privateKeyJwt}: a short-lived JWT signed with the client's private key (RFC 7523);
 *   <li>{@link #federated}: a JWT issued by someone else, such as the pod's Kubernetes
 *       service-account token, sent as the client assertion (Keycloak's {@code federated-jwt},
 *       Entra workload identity federation): no secret is stored at all;
 *   <li>{@link #none}: a public client that only names itself.
 * </ul>
 *
 * <pre>{@code
 * ClientAuthentication.federated("tekton-publisher", ServiceAccountTokenSource.fromPath(tokenPath));
 * }</pre>
 *
 * <p>{@link #toString()} shows the method and client id, never a secret.
 */
public final class ClientAuthentication {
    /** The {@code client_assertion_type} of RFC 7523 JWT client assertions. */
    public static final String JWT_BEARER_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private static final Duration ASSERTION_LIFETIME = Duration.ofSeconds(60);

    private enum Method {
        CLIENT_SECRET_BASIC,
        CLIENT_SECRET_POST,
        PRIVATE_KEY_JWT,
        FEDERATED_JWT,
        NONE
    }

    private final Method method;
    private final String clientId;
    private final Secret secret;
    private final SigningKey signingKey;
    private final TokenSource assertionSource;

    private ClientAuthentication(
            Method method, String clientId, Secret secret, SigningKey signingKey, TokenSource assertionSource) {
        this.method = method;
        this.clientId = clientId;
        this.secret = secret;
        this.signingKey = signingKey;
        this.assertionSource = assertionSource;
    }

    public static ClientAuthentication clientSecretBasic(String clientId, Secret secret) {
        return new ClientAuthentication(
                Method.CLIENT_SECRET_BASIC, requireId(clientId), Objects.requireNonNull(secret, "secret"), null, null);
    }

    public static ClientAuthentication clientSecretPost(String clientId, Secret secret) {
        return new ClientAuthentication(
                Method.CLIENT_SECRET_POST, requireId(clientId), Objects.requireNonNull(secret, "secret"), null, null);
    }

    /**
     * Signs a fresh assertion for every request: {@code iss} and {@code sub} are the client id,
     * {@code aud} the token endpoint URL, a random {@code jti}, valid for 60 seconds.
     */
    public static ClientAuthentication privateKeyJwt(String clientId, SigningKey key) {
        return new ClientAuthentication(
                Method.PRIVATE_KEY_JWT, requireId(clientId), null, Objects.requireNonNull(key, "key"), null);
    }

    /**
     * Sends the token of {@code assertionSource} (for example {@link ServiceAccountTokenSource}) as a
     * {@code jwt-bearer} client assertion, together with {@code client_id}. Its audience must be
     * what the authorization server expects (for Keycloak: the realm URL), which for a Kubernetes
     * token is set on the projected volume.
     */
    public static ClientAuthentication federated(String clientId, TokenSource assertionSource) {
        return new ClientAuthentication(
                Method.FEDERATED_JWT,
                requireId(clientId),
                null,
                null,
                Objects.requireNonNull(assertionSource, "assertionSource"));
    }

    /** A public client: only {@code client_id} is sent. */
    public static ClientAuthentication none(String clientId) {
        return new ClientAuthentication(Method.NONE, requireId(clientId), null, null, null);
    }

    private static String requireId(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("clientId must not be blank");
        }
        return clientId;
    }

    /** The client id. */
    public String clientId() {
        return clientId;
    }

    /** The method name as OAuth metadata spells it, such as {@code client_secret_basic}. */
    public String methodName() {
        return switch (method) {
            case CLIENT_SECRET_BASIC -> "client_secret_basic";
            case CLIENT_SECRET_POST -> "client_secret_post";
            case PRIVATE_KEY_JWT -> "private_key_jwt";
            case FEDERATED_JWT -> "federated_jwt";
            case NONE -> "none";
        };
    }

    /**
     * Adds this client's credentials to a token request. Returns the secrets that went into it, so
     * that an echo of them in an error message can be masked.
     */
    List<String> apply(URI tokenEndpoint, Form form, Map<String, String> headers, Clock clock) {
        switch (method) {
            case CLIENT_SECRET_BASIC -> {
                String pair = formEncode(clientId) + ":" + formEncode(secret.reveal());
                headers.put(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
                return List.of(secret.reveal());
            }
            case CLIENT_SECRET_POST -> {
                form.add("client_id", clientId);
                form.add("client_secret", secret.reveal());
                return List.of(secret.reveal());
            }
            case PRIVATE_KEY_JWT -> {
                Instant now = clock.instant();
                JWTClaimsSet claims = new JWTClaimsSet.Builder()
                        .issuer(clientId)
                        .subject(clientId)
                        .audience(tokenEndpoint.toString())
                        .jwtID(UUID.randomUUID().toString())
                        .issueTime(Date.from(now))
                        .notBeforeTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
                        .build();
                String assertion = signingKey.sign(claims);
                form.add("client_id", clientId);
                form.add("client_assertion_type", JWT_BEARER_ASSERTION_TYPE);
                form.add("client_assertion", assertion);
                return List.of(assertion);
            }
            case FEDERATED_JWT -> {
                String assertion = assertionSource.token().value().reveal();
                form.add("client_id", clientId);
                form.add("client_assertion_type", JWT_BEARER_ASSERTION_TYPE);
                form.add("client_assertion", assertion);
                return List.of(assertion);
            }
            case NONE -> {
                form.add("client_id", clientId);
                return List.of();
            }
            default -> throw new IllegalStateException(method.toString());
        }
    }

    /** Called when the server said {@code invalid_client}: a federated assertion may be stale. */
    void rejected() {
        if (method == Method.FEDERATED_JWT) {
            try {
                assertionSource.invalidate(assertionSource.token());
            } catch (RuntimeException e) {
                // the next request reports why no assertion can be had
            }
        }
    }

    private static String formEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ClientAuthentication[" + methodName() + ", clientId=" + clientId
                + (signingKey != null ? ", " + signingKey : "")
                + (assertionSource != null ? ", assertion from " + assertionSource : "") + "]";
    }
}
