package dev.conftekton.identity.verify.internal;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * OpenID Connect discovery: finds {@code jwks_uri} in {@code ISSUER/.well-known/openid-configuration},
 * checks that the document names the same issuer (OIDC Discovery §4.3) and caches the answer for
 * {@code ttl}; a failed refresh keeps the last good answer. Unsupported internal API.
 */
public final class Discovery implements RemoteKeyProvider.JwksLocation {
    private final String issuer;
    private final URI documentUri;
    private final HttpFetcher fetcher;
    private final Clock clock;
    private final Duration ttl;
    private URI jwksUri;
    private Instant fetchedAt;

    public Discovery(String issuer, HttpFetcher fetcher, Clock clock, Duration ttl) {
        this.issuer = issuer;
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        this.documentUri = Urls.requireSecure(URI.create(base + "/.well-known/openid-configuration"), "issuer");
        this.fetcher = fetcher;
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public synchronized URI jwksUri() throws IOException {
        Instant now = clock.instant();
        if (jwksUri != null && now.isBefore(fetchedAt.plus(ttl))) {
            return jwksUri;
        }
        try {
            jwksUri = fetch();
            fetchedAt = now;
        } catch (IOException e) {
            if (jwksUri == null) {
                throw e;
            }
            // Keep the last good jwks_uri: the JWKS fetch decides whether keys are available.
        }
        return jwksUri;
    }

    private URI fetch() throws IOException {
        Map<String, Object> doc;
        try {
            doc = JSONObjectUtils.parse(fetcher.get(documentUri));
        } catch (ParseException e) {
            throw new IOException("the discovery document at " + documentUri + " is not a JSON object");
        }
        Object named = doc.get("issuer");
        if (!issuer.equals(named)) {
            throw new IOException("the discovery document at " + documentUri + " names issuer " + Text.quote(named)
                    + ", not the configured " + Text.quote(issuer));
        }
        Object jwks = doc.get("jwks_uri");
        if (!(jwks instanceof String s)) {
            throw new IOException("the discovery document at " + documentUri + " has no jwks_uri");
        }
        try {
            return Urls.requireSecure(URI.create(s), "jwks_uri");
        } catch (IllegalArgumentException e) {
            throw new IOException("the discovery document at " + documentUri + ": " + e.getMessage());
        }
    }
}
