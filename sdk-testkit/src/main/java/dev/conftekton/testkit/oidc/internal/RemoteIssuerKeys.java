package dev.conftekton.testkit.oidc.internal;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The keys of a trusted issuer, found through its discovery document as Keycloak does: cached for
 * five minutes, refetched on an unknown {@code kid} at most once a second. Unsupported internal
 * API.
 */
final class RemoteIssuerKeys {
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Duration MIN_REFETCH = Duration.ofSeconds(1);

    private final String issuer;
    private final HttpClient http;
    private final Clock clock;
    private JWKSet cached;
    private Instant fetchedAt = Instant.MIN;

    RemoteIssuerKeys(String issuer, HttpClient http, Clock clock) {
        this.issuer = issuer;
        this.http = http;
        this.clock = clock;
    }

    /** Keys that may contain {@code kid}; empty when the issuer cannot be reached. */
    synchronized JWKSet keysFor(String kid) {
        Instant now = clock.instant();
        boolean stale = cached == null || now.isAfter(fetchedAt.plus(TTL));
        boolean unknownKid = cached != null && kid != null && cached.getKeyByKeyId(kid) == null;
        if (stale || (unknownKid && now.isAfter(fetchedAt.plus(MIN_REFETCH)))) {
            try {
                cached = fetch();
                fetchedAt = now;
            } catch (IOException | ParseException e) {
                if (cached == null) {
                    return new JWKSet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return cached == null ? new JWKSet() : cached;
            }
        }
        return cached;
    }

    private JWKSet fetch() throws IOException, InterruptedException, ParseException {
        Map<String, Object> discovery = JSONObjectUtils.parse(get(issuer + "/.well-known/openid-configuration"));
        if (!issuer.equals(JSONObjectUtils.getString(discovery, "issuer"))) {
            throw new ParseException("discovery document names another issuer", 0);
        }
        String jwksUri = JSONObjectUtils.getString(discovery, "jwks_uri");
        if (jwksUri == null) {
            throw new ParseException("discovery document has no jwks_uri", 0);
        }
        return JWKSet.parse(get(jwksUri));
    }

    private String get(String uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(uri))
                        .timeout(Duration.ofSeconds(5))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode());
        }
        return response.body();
    }
}
