package dev.conftekton.identity.token;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.conftekton.core.audit.AuditEvent;
import dev.conftekton.core.audit.AuditSink;
import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.error.DecodingException;
import dev.conftekton.core.error.TransportException;
import dev.conftekton.core.http.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Sends one token request and turns the answer into an {@link AccessToken} or an exception. */
final class TokenEndpoint {
    static final int MAX_RESPONSE_BYTES = 256 * 1024;
    private static final int MAX_ERROR_TEXT = 300;

    private static final HttpClient SHARED_CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    final URI uri;
    final ClientAuthentication authentication;
    final Duration timeout;
    final Clock clock;
    final AuditSink auditSink;
    final Map<String, String> correlation;
    private final HttpClient http;

    TokenEndpoint(Settings s) {
        this.uri = Objects.requireNonNull(s.uri, "tokenEndpoint is required");
        this.authentication = Objects.requireNonNull(s.authentication, "clientAuthentication is required");
        if (!s.allowInsecureHttp && !"https".equalsIgnoreCase(uri.getScheme()) && !isLoopback(uri)) {
            throw new IllegalArgumentException("token endpoint " + uri + " is not https; credentials would travel in"
                    + " clear text. Use https, or allowInsecureHttp() for a trusted network");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("token endpoint must be an http(s) URL: " + uri);
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("token endpoint must not contain user info or a fragment");
        }
        this.timeout = s.timeout;
        this.clock = s.clock;
        this.auditSink = s.auditSink;
        this.correlation = Map.copyOf(s.correlation);
        this.http = s.httpClient == null ? SHARED_CLIENT : s.httpClient;
    }

    private static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        return host != null
                && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1"));
    }

    /** Mutable settings shared by the builders of the token-endpoint sources. */
    static final class Settings {
        URI uri;
        ClientAuthentication authentication;
        Duration timeout = Duration.ofSeconds(30);
        Clock clock = Clock.systemUTC();
        AuditSink auditSink = AuditSink.discarding();
        Map<String, String> correlation = new LinkedHashMap<>();
        boolean allowInsecureHttp;
        HttpClient httpClient;
    }

    /**
     * POSTs {@code form} plus client authentication and returns the issued token.
     *
     * @param grant short grant name for messages and audit, such as {@code client_credentials}
     * @param target what the token is for (audience, resource or the endpoint), for audit
     */
    AccessToken request(String grant, Form form, String target) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> sent = authentication.apply(uri, form, headers, clock);
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form.encode(), StandardCharsets.UTF_8));
        headers.forEach(rb::header);
        Instant start = clock.instant();
        try {
            AccessToken token = send(rb.build(), grant, sent, start);
            audit(
                    AuditEvent.Decision.SUCCESS,
                    target,
                    grant + " grant issued a token"
                            + (token.expiresAt() == null ? " without expiry" : " expiring at " + token.expiresAt()));
            return token;
        } catch (RuntimeException e) {
            audit(AuditEvent.Decision.FAILURE, target, grant + " grant failed: " + e.getMessage());
            throw e;
        }
    }

    private AccessToken send(HttpRequest request, String grant, List<String> sent, Instant start) {
        HttpResponse<InputStream> response;
        byte[] body;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            }
        } catch (IOException e) {
            throw new TransportException("could not reach token endpoint " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while calling token endpoint " + uri, e);
        }
        Map<String, List<String>> named = new LinkedHashMap<>(response.headers().map());
        named.keySet().removeIf(name -> name.startsWith(":")); // HTTP/2 pseudo-headers such as :status
        Headers headers = Headers.of(named);
        String requestId = headers.first("X-Request-Id")
                .or(() -> headers.first("ATL-TraceId"))
                .orElse(null);
        int status = response.statusCode();
        if (body.length > MAX_RESPONSE_BYTES) {
            throw new DecodingException(
                    "token endpoint " + uri + " sent more than " + MAX_RESPONSE_BYTES + " bytes; refusing to read it");
        }
        Map<String, Object> json = parseJson(body);
        if (status / 100 != 2) {
            String error = json == null ? null : clean(stringField(json, "error"), sent);
            String description = json == null ? null : clean(stringField(json, "error_description"), sent);
            if ("invalid_client".equals(error)) {
                authentication.rejected();
            }
            StringBuilder message = new StringBuilder("token endpoint ")
                    .append(uri)
                    .append(" refused the ")
                    .append(grant)
                    .append(" request for client ")
                    .append(authentication.clientId())
                    .append(" with HTTP ")
                    .append(status);
            if (error != null) {
                message.append(": ").append(error);
                if (description != null) {
                    message.append(" (").append(description).append(')');
                }
                message.append(hint(error));
            } else {
                message.append(" and no OAuth error code; check the token endpoint URL");
            }
            throw new TokenEndpointException(message.toString(), uri, status, requestId, headers, error, description);
        }
        if (json == null) {
            throw new DecodingException("token endpoint " + uri + " answered HTTP " + status
                    + " with a body that is not a JSON object; check the token endpoint URL");
        }
        Object accessToken = json.get("access_token");
        if (!(accessToken instanceof String at) || at.isEmpty()) {
            throw new DecodingException("token endpoint " + uri + " answered without an access_token string");
        }
        // The token goes into an Authorization header: refuse anything but visible ASCII, so that a
        // hostile or broken endpoint cannot inject header lines.
        if (at.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new DecodingException("token endpoint " + uri
                    + " issued an access_token with spaces, control or non-ASCII characters; refusing to use it");
        }
        Object type = json.get("token_type");
        String scheme = "Bearer";
        if (type != null) {
            if (!(type instanceof String t)) {
                throw new DecodingException("token endpoint " + uri + " sent a token_type that is not a string");
            }
            // RFC 8693 uses N_A when the issued token is not an access token; it is still sent as a bearer.
            if (!t.equalsIgnoreCase("bearer") && !t.equalsIgnoreCase("N_A")) {
                throw new DecodingException("token endpoint " + uri + " issued a token of type '" + clean(t, List.of())
                        + "' which this client cannot present; only Bearer tokens are supported");
            }
        }
        Instant expiresAt = null;
        Object expiresIn = json.get("expires_in");
        if (expiresIn != null) {
            long seconds;
            try {
                seconds = expiresIn instanceof Number n ? n.longValue() : Long.parseLong(expiresIn.toString());
            } catch (NumberFormatException e) {
                throw new DecodingException("token endpoint " + uri + " sent a non-numeric expires_in");
            }
            if (seconds <= 0 || seconds > Duration.ofDays(366).toSeconds()) {
                throw new DecodingException("token endpoint " + uri + " sent an implausible expires_in of " + seconds);
            }
            expiresAt = start.plusSeconds(seconds);
        }
        return new AccessToken("Bearer", Secret.of(at), expiresAt);
    }

    private static String hint(String error) {
        return switch (error) {
            case "invalid_client" -> "; check the client id and its credential (secret, key or assertion audience)";
            case "unauthorized_client" -> "; enable this grant for the client at the authorization server";
            case "invalid_scope" -> "; request only scopes the client is allowed";
            case "invalid_grant" -> "; the subject token or grant is invalid, expired or not meant for this client";
            case "invalid_target" -> "; the audience or resource is unknown or not allowed for this client";
            default -> "";
        };
    }

    private static Map<String, Object> parseJson(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8));
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    private static String stringField(Map<String, Object> json, String name) {
        Object v = json.get(name);
        return v instanceof String s ? s : null;
    }

    /** Keeps printable characters, bounds the length and masks what the server echoed of our credentials. */
    static String clean(String text, List<String> secrets) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : secrets) {
            if (secret.length() >= 4) {
                masked = masked.replace(secret, "██");
            }
        }
        StringBuilder sb = new StringBuilder();
        masked.codePoints()
                .filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
                .limit(MAX_ERROR_TEXT)
                .forEach(sb::appendCodePoint);
        String out = sb.toString().strip();
        if (masked.codePointCount(0, masked.length()) > MAX_ERROR_TEXT) {
            out += "…";
        }
        return out.isEmpty() ? null : out;
    }

    private void audit(AuditEvent.Decision decision, String target, String reason) {
        try {
            auditSink.record(new AuditEvent(
                    clock.instant(),
                    "oauth-client:" + authentication.clientId(),
                    "token:issue",
                    target,
                    decision,
                    reason,
                    correlation));
        } catch (RuntimeException e) {
            // an audit sink must not throw; if it does, the token flow is not the place to fail
        }
    }
}
