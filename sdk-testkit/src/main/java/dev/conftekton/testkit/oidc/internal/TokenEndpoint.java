package dev.conftekton.testkit.oidc.internal;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import dev.conftekton.testkit.oidc.OidcIssuer;
import dev.conftekton.testkit.oidc.RegisteredClient;
import dev.conftekton.testkit.oidc.TokenMinter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The token endpoint: client authentication (RFC 6749 §2.3, RFC 7523), {@code client_credentials}
 * (RFC 6749 §4.4) and token exchange (RFC 8693). Unsupported internal API.
 */
public final class TokenEndpoint {
    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    static final String TT_ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
    static final String TT_JWT = "urn:ietf:params:oauth:token-type:jwt";
    static final String TT_ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
    private static final Set<String> SUBJECT_TOKEN_TYPES = Set.of(TT_ACCESS_TOKEN, TT_JWT, TT_ID_TOKEN);
    private static final int MAX_BODY = 64 * 1024;

    private final OidcIssuer issuer;
    private final Clock clock;
    private final Map<String, RegisteredClient> clients = new LinkedHashMap<>();
    private final Set<String> trustedIssuers;
    private final Duration lifetime;
    private final JWSAlgorithm algorithm;
    private final JwtChecker checker;
    private final Map<String, RemoteIssuerKeys> remoteKeys = new ConcurrentHashMap<>();
    private final Map<String, Instant> usedAssertionIds = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public TokenEndpoint(
            OidcIssuer issuer,
            Clock clock,
            Collection<RegisteredClient> clients,
            Set<String> trustedIssuers,
            Duration lifetime,
            JWSAlgorithm algorithm) {
        this.issuer = issuer;
        this.clock = clock;
        clients.forEach(c -> this.clients.put(c.clientId(), c));
        this.trustedIssuers = Set.copyOf(trustedIssuers);
        this.lifetime = lifetime;
        this.algorithm = algorithm;
        this.checker = new JwtChecker(clock);
    }

    public void handle(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("Pragma", "no-cache");
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            OidcIssuer.send(
                    exchange,
                    405,
                    Map.of("error", "invalid_request", "error_description", "the token endpoint takes POST"));
            return;
        }
        boolean basic = false;
        try {
            Form form = readForm(exchange);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            basic = authorization != null;
            RegisteredClient client = authenticate(authorization, form);
            Map<String, Object> answer = grant(client, form);
            OidcIssuer.send(exchange, 200, answer);
        } catch (OAuthError e) {
            if (e.status == 401 && basic) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + issuer.issuerUrl() + "\"");
            }
            OidcIssuer.send(exchange, e.status, Map.of("error", e.code, "error_description", e.getMessage()));
        }
    }

    /** Form parameters; {@code audience} and {@code resource} may repeat (RFC 8693 §2.1), others not. */
    private static final class Form extends LinkedHashMap<String, String> {
        private static final long serialVersionUID = 1L;
        private static final Set<String> REPEATABLE = Set.of("audience", "resource");
        private final Map<String, List<String>> all = new LinkedHashMap<>();

        List<String> all(String name) {
            return all.getOrDefault(name, List.of());
        }
    }

    private static Form readForm(HttpExchange exchange) throws IOException, OAuthError {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.split(";")[0].trim().equalsIgnoreCase("application/x-www-form-urlencoded")) {
            throw OAuthError.invalidRequest("the body must be application/x-www-form-urlencoded");
        }
        byte[] body = readLimited(exchange.getRequestBody());
        Form form = new Form();
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return form;
        }
        for (String pair : text.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw OAuthError.invalidRequest("the body is not valid form encoding");
            }
            // RFC 6749 §3.2: parameters MUST NOT be included more than once (RFC 8693 excepts two).
            if (form.putIfAbsent(name, value) != null && !Form.REPEATABLE.contains(name)) {
                throw OAuthError.invalidRequest("parameter " + safe(name) + " is repeated");
            }
            // RFC 6749 §3.2: parameters sent without a value are treated as omitted.
            if (!value.isEmpty()) {
                form.all.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        form.values().removeIf(String::isEmpty);
        return form;
    }

    private static byte[] readLimited(InputStream in) throws IOException, OAuthError {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_BODY) {
                // Drain a bounded remainder so that the client reads the answer rather than a reset.
                long skipped = 0;
                while (skipped < 16L * MAX_BODY && (n = in.read(buffer)) > 0) {
                    skipped += n;
                }
                throw OAuthError.invalidRequest("the body is larger than " + MAX_BODY + " bytes");
            }
        }
        return out.toByteArray();
    }

    // ---- client authentication ----

    private RegisteredClient authenticate(String authorization, Map<String, String> form) throws OAuthError {
        boolean hasBasic = authorization != null;
        boolean hasPost = form.containsKey("client_secret");
        boolean hasAssertion = form.containsKey("client_assertion") || form.containsKey("client_assertion_type");
        int methods = (hasBasic ? 1 : 0) + (hasPost ? 1 : 0) + (hasAssertion ? 1 : 0);
        if (methods > 1) {
            throw OAuthError.invalidRequest("use exactly one client authentication method");
        }
        if (methods == 0) {
            throw OAuthError.invalidClient("client authentication is required");
        }
        if (hasBasic) {
            return basic(authorization, form);
        }
        if (hasPost) {
            String id = form.get("client_id");
            if (id == null) {
                throw OAuthError.invalidRequest("client_secret needs client_id");
            }
            return checkSecret(id, form.get("client_secret"));
        }
        return assertion(form);
    }

    private RegisteredClient basic(String authorization, Map<String, String> form) throws OAuthError {
        String[] parts = authorization.trim().split(" +", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Basic")) {
            throw OAuthError.invalidClient("the Authorization header must use the Basic scheme");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(parts[1].trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidClient("the Basic credentials are not valid base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw OAuthError.invalidClient("the Basic credentials need client_id:client_secret");
        }
        String id;
        String secret;
        try {
            // RFC 6749 §2.3.1: both halves are form-urlencoded before base64.
            id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidClient("the Basic credentials are not form-urlencoded");
        }
        String formId = form.get("client_id");
        if (formId != null && !formId.equals(id)) {
            throw OAuthError.invalidRequest("client_id does not match the authenticated client");
        }
        return checkSecret(id, secret);
    }

    private RegisteredClient checkSecret(String id, String secret) throws OAuthError {
        RegisteredClient client = clients.get(id);
        // Compare even for unknown clients so that timing does not tell which ids exist.
        String expected = client != null && client.secret() != null ? client.secret() : "\u0000unknown-client";
        boolean match = MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
        if (client == null || client.secret() == null || !match) {
            throw OAuthError.invalidClient("client authentication failed");
        }
        return client;
    }

    private RegisteredClient assertion(Map<String, String> form) throws OAuthError {
        String type = form.get("client_assertion_type");
        String assertion = form.get("client_assertion");
        if (type == null || assertion == null) {
            throw OAuthError.invalidRequest("client_assertion and client_assertion_type go together");
        }
        if (!ASSERTION_TYPE.equals(type)) {
            throw OAuthError.invalidClient("unsupported client_assertion_type; use " + ASSERTION_TYPE);
        }
        SignedJWT jwt;
        String claimedIssuer;
        String claimedSubject;
        try {
            jwt = JwtChecker.parse(assertion, "client_assertion");
            claimedIssuer = jwt.getJWTClaimsSet().getIssuer();
            claimedSubject = jwt.getJWTClaimsSet().getSubject();
        } catch (OAuthError | ParseException e) {
            throw OAuthError.invalidClient("client_assertion is not a signed JWT");
        }
        if (claimedIssuer == null || claimedSubject == null) {
            throw OAuthError.invalidClient("client_assertion needs iss and sub");
        }
        RegisteredClient client = findAssertionClient(form.get("client_id"), claimedIssuer, claimedSubject);
        JWTClaimsSet claims;
        if (client.keys() != null) {
            JWKSet keys = client.keys();
            claims = checker.verify(jwt, client.clientId(), kid -> keys, "client_assertion", 401, "invalid_client");
            if (!client.clientId().equals(claims.getSubject())) {
                throw OAuthError.invalidClient("client_assertion sub must be the client_id");
            }
            checkAssertionAudience(claims);
            String jti = claims.getJWTID();
            if (jti == null) {
                throw OAuthError.invalidClient("client_assertion needs a jti");
            }
            forgetExpiredAssertionIds();
            if (usedAssertionIds.putIfAbsent(
                            client.clientId() + "\n" + jti,
                            claims.getExpirationTime().toInstant())
                    != null) {
                throw OAuthError.invalidClient("client_assertion jti was already used");
            }
        } else {
            String iss = client.federatedIssuer();
            claims = checker.verify(
                    jwt, iss, kid -> remote(iss).keysFor(kid), "client_assertion", 401, "invalid_client");
            if (!client.federatedSubject().equals(claims.getSubject())) {
                throw OAuthError.invalidClient("client_assertion subject is not the one registered for the client");
            }
            checkAssertionAudience(claims);
        }
        return client;
    }

    private RegisteredClient findAssertionClient(String clientId, String iss, String sub) throws OAuthError {
        if (clientId != null) {
            RegisteredClient c = clients.get(clientId);
            if (c == null || (c.keys() == null && c.federatedIssuer() == null)) {
                throw OAuthError.invalidClient("client authentication failed");
            }
            return c;
        }
        for (RegisteredClient c : clients.values()) {
            if (c.keys() != null && c.clientId().equals(iss) && c.clientId().equals(sub)) {
                return c;
            }
            if (iss.equals(c.federatedIssuer()) && sub.equals(c.federatedSubject())) {
                return c;
            }
        }
        throw OAuthError.invalidClient("no client is registered for this client_assertion");
    }

    private void checkAssertionAudience(JWTClaimsSet claims) throws OAuthError {
        List<String> aud = claims.getAudience();
        if (aud == null || (!aud.contains(issuer.issuerUrl()) && !aud.contains(issuer.tokenEndpoint()))) {
            throw OAuthError.invalidClient("client_assertion aud must name this issuer or its token endpoint");
        }
    }

    private void forgetExpiredAssertionIds() {
        Instant cutoff = clock.instant().minus(Duration.ofMinutes(1));
        usedAssertionIds.values().removeIf(exp -> exp.isBefore(cutoff));
    }

    private RemoteIssuerKeys remote(String iss) {
        return remoteKeys.computeIfAbsent(iss, i -> new RemoteIssuerKeys(i, http, clock));
    }

    // ---- grants ----

    private Map<String, Object> grant(RegisteredClient client, Form form) throws OAuthError {
        String grantType = form.get("grant_type");
        if (grantType == null) {
            throw OAuthError.invalidRequest("grant_type is required");
        }
        if (!grantType.equals(RegisteredClient.CLIENT_CREDENTIALS)
                && !grantType.equals(RegisteredClient.TOKEN_EXCHANGE)) {
            throw new OAuthError(400, "unsupported_grant_type", "grant_type " + safe(grantType) + " is not supported");
        }
        if (!client.grantTypes().contains(grantType)) {
            throw new OAuthError(400, "unauthorized_client", "this client may not use grant_type " + grantType);
        }
        return grantType.equals(RegisteredClient.CLIENT_CREDENTIALS)
                ? clientCredentials(client, form)
                : tokenExchange(client, form);
    }

    private Map<String, Object> clientCredentials(RegisteredClient client, Form form) throws OAuthError {
        List<String> audience = targets(client, form);
        Set<String> scope = scopes(client, form, null);
        TokenMinter m = accessToken(client, client.clientId(), audience, scope);
        return answer(m.sign(), null, scope);
    }

    private Map<String, Object> tokenExchange(RegisteredClient client, Form form) throws OAuthError {
        String subjectToken = form.get("subject_token");
        String subjectType = form.get("subject_token_type");
        if (subjectToken == null || subjectType == null) {
            throw OAuthError.invalidRequest("subject_token and subject_token_type are required");
        }
        if (!SUBJECT_TOKEN_TYPES.contains(subjectType)) {
            throw OAuthError.invalidRequest("subject_token_type " + safe(subjectType) + " is not supported");
        }
        if (form.containsKey("actor_token") || form.containsKey("actor_token_type")) {
            throw OAuthError.invalidRequest("actor_token (delegation) is not supported");
        }
        String requested = form.getOrDefault("requested_token_type", TT_ACCESS_TOKEN);
        if (!requested.equals(TT_ACCESS_TOKEN) && !requested.equals(TT_JWT)) {
            throw OAuthError.invalidRequest("requested_token_type " + safe(requested) + " is not supported");
        }
        // RFC 8693 §2.2.2: an invalid or unacceptable subject_token is invalid_request.
        SignedJWT jwt = JwtChecker.parse(subjectToken, "subject_token");
        String iss;
        try {
            iss = jwt.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw OAuthError.invalidRequest("subject_token has malformed claims");
        }
        JWTClaimsSet subject;
        if (issuer.issuerUrl().equals(iss)) {
            subject = checker.verify(jwt, iss, kid -> issuer.publicKeys(), "subject_token", 400, "invalid_request");
        } else if (iss != null && trustedIssuers.contains(iss)) {
            subject =
                    checker.verify(jwt, iss, kid -> remote(iss).keysFor(kid), "subject_token", 400, "invalid_request");
        } else {
            throw OAuthError.invalidRequest("subject_token comes from an issuer this server does not trust");
        }
        if (subject.getSubject() == null) {
            throw OAuthError.invalidRequest("subject_token has no sub");
        }
        List<String> subjectAudience = subject.getAudience() == null ? List.of() : subject.getAudience();
        if (!subjectAudience.contains(client.clientId())
                && !subjectAudience.contains(issuer.issuerUrl())
                && !subjectAudience.contains(issuer.tokenEndpoint())) {
            throw OAuthError.invalidRequest(
                    "subject_token was not issued to this client: its aud names neither the client nor this issuer");
        }
        List<String> audience = targets(client, form);
        Set<String> scope = scopes(client, form, subject);
        TokenMinter m = accessToken(client, subject.getSubject(), audience, scope);
        Object groups = subject.getClaim("groups");
        if (groups != null) {
            m.claim("groups", groups);
        }
        Map<String, Object> answer = answer(m.sign(), requested, scope);
        if (requested.equals(TT_JWT)) {
            answer.put("token_type", "N_A");
        }
        return answer;
    }

    /** Audiences of the issued token, from {@code audience} and {@code resource} (RFC 8693, 8707). */
    private List<String> targets(RegisteredClient client, Form form) throws OAuthError {
        List<String> requested = new ArrayList<>(form.all("audience"));
        for (String resource : form.all("resource")) {
            try {
                URI uri = new URI(resource);
                if (!uri.isAbsolute() || uri.getFragment() != null) {
                    throw OAuthError.invalidRequest("resource must be an absolute URI without a fragment");
                }
            } catch (URISyntaxException e) {
                throw OAuthError.invalidRequest("resource must be an absolute URI without a fragment");
            }
            requested.add(resource);
        }
        for (String target : requested) {
            if (!client.audiences().contains(target)) {
                throw new OAuthError(400, "invalid_target", "this client may not obtain tokens for " + safe(target));
            }
        }
        if (!requested.isEmpty()) {
            return new ArrayList<>(new LinkedHashSet<>(requested));
        }
        return client.audiences().isEmpty() ? List.of(client.clientId()) : new ArrayList<>(client.audiences());
    }

    private static Set<String> scopes(RegisteredClient client, Map<String, String> form, JWTClaimsSet subject)
            throws OAuthError {
        String requested = form.get("scope");
        if (requested == null) {
            Set<String> granted = new LinkedHashSet<>(client.scopes());
            Object subjectScope = subject == null ? null : subject.getClaim("scope");
            if (subjectScope instanceof String s) {
                granted.retainAll(Arrays.asList(s.split(" ")));
            }
            return granted;
        }
        Set<String> asked = new LinkedHashSet<>();
        for (String s : requested.split(" ")) {
            if (s.isEmpty()) {
                continue;
            }
            if (!client.scopes().contains(s)) {
                throw new OAuthError(400, "invalid_scope", "this client may not request scope " + safe(s));
            }
            asked.add(s);
        }
        return asked;
    }

    private TokenMinter accessToken(RegisteredClient client, String subject, List<String> audience, Set<String> scope) {
        TokenMinter m = issuer.mint()
                .type("at+jwt")
                .algorithm(algorithm.getName())
                .subject(subject)
                .audience(audience.toArray(String[]::new))
                .claim("client_id", client.clientId())
                .without("nbf")
                .expiresIn(lifetime);
        if (!scope.isEmpty()) {
            m.claim("scope", String.join(" ", scope));
        }
        return m;
    }

    private Map<String, Object> answer(String token, String tokenType, Set<String> scope) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("access_token", token);
        if (tokenType != null) {
            a.put("issued_token_type", tokenType); // RFC 8693 only
        }
        a.put("token_type", "Bearer");
        a.put("expires_in", lifetime.toSeconds());
        if (!scope.isEmpty()) {
            a.put("scope", String.join(" ", scope));
        }
        return a;
    }

    /** Request values echoed in error descriptions: bounded and printable. */
    private static String safe(String value) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < value.length() && i < 80; i++) {
            char c = value.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return "'" + b + (value.length() > 80 ? "...'" : "'");
    }
}
