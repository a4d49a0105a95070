package dev.conftekton.identity.token;

import dev.conftekton.core.audit.AuditSink;
import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.TokenSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Exchanges a token from another source for a new one (OAuth 2.0 Token Exchange, RFC 8693), for
 * example a pipeline's access token for a token scoped to Confluence.
 *
 * <pre>{@code
 * TokenSource confluence = TokenExchangeTokenSource.builder()
 *         .tokenEndpoint("https://keycloak.example/realms/ci/protocol/openid-connect/token")
 *         .clientAuthentication(ClientAuthentication.clientSecretBasic("gateway", Secret.of(secret)))
 *         .subjectToken(pipelineTokenSource)               // subject_token_type access_token by default
 *         .audience("confluence")
 *         .requestedTokenType(TokenExchangeTokenSource.ACCESS_TOKEN_TYPE)
 *         .build()
 *         .cached();
 * }</pre>
 *
 * <p>When the server refuses the subject token ({@code invalid_grant}), the subject source is
 * invalidated so that the next attempt presents a fresh one.
 */
public final class TokenExchangeTokenSource implements TokenSource {
    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    public static final String REFRESH_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:refresh_token";
    public static final String ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
    public static final String JWT_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:jwt";

    private final TokenEndpoint endpoint;
    private final TokenSource subject;
    private final String subjectTokenType;
    private final TokenSource actor;
    private final String actorTokenType;
    private final List<String> audiences;
    private final List<String> resources;
    private final List<String> scopes;
    private final String requestedTokenType;

    private TokenExchangeTokenSource(Builder b) {
        this.endpoint = new TokenEndpoint(b.settings);
        this.subject = b.subject;
        this.subjectTokenType = b.subjectTokenType;
        this.actor = b.actor;
        this.actorTokenType = b.actorTokenType;
        this.audiences = List.copyOf(b.audiences);
        this.resources = List.copyOf(b.resources);
        this.scopes = List.copyOf(b.scopes);
        this.requestedTokenType = b.requestedTokenType;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Exchanges the subject source's current token for a new one. */
    @Override
    public AccessToken token() {
        AccessToken subjectToken = subject.token();
        Form form = new Form()
                .add("grant_type", GRANT_TYPE)
                .add("subject_token", subjectToken.value().reveal())
                .add("subject_token_type", subjectTokenType);
        if (actor != null) {
            form.add("actor_token", actor.token().value().reveal()).add("actor_token_type", actorTokenType);
        }
        audiences.forEach(a -> form.add("audience", a));
        resources.forEach(r -> form.add("resource", r));
        if (!scopes.isEmpty()) {
            form.add("scope", String.join(" ", scopes));
        }
        if (requestedTokenType != null) {
            form.add("requested_token_type", requestedTokenType);
        }
        String target = !audiences.isEmpty()
                ? String.join(" ", audiences)
                : !resources.isEmpty() ? resources.get(0) : endpoint.uri.toString();
        try {
            return endpoint.request("token-exchange", form, target);
        } catch (TokenEndpointException e) {
            if (e.error().filter("invalid_grant"::equals).isPresent()) {
                subject.invalidate(subjectToken);
            }
            throw e;
        }
    }

    /** This source behind a {@link CachingTokenSource} with default refresh settings and the same clock. */
    public CachingTokenSource cached() {
        return CachingTokenSource.builder(this).clock(endpoint.clock).build();
    }

    @Override
    public String toString() {
        return "TokenExchangeTokenSource[" + endpoint.uri + ", " + endpoint.authentication + ", audience=" + audiences
                + "]";
    }

    /** Builds a {@link TokenExchangeTokenSource}; endpoint, client authentication and subject are required. */
    public static final class Builder {
        final TokenEndpoint.Settings settings = new TokenEndpoint.Settings();
        private TokenSource subject;
        private String subjectTokenType = ACCESS_TOKEN_TYPE;
        private TokenSource actor;
        private String actorTokenType;
        private final List<String> audiences = new ArrayList<>();
        private final List<String> resources = new ArrayList<>();
        private final List<String> scopes = new ArrayList<>();
        private String requestedTokenType;

        private Builder() {}

        public Builder tokenEndpoint(URI uri) {
            settings.uri = Objects.requireNonNull(uri, "uri");
            return this;
        }

        public Builder tokenEndpoint(String uri) {
            return tokenEndpoint(URI.create(Objects.requireNonNull(uri, "uri")));
        }

        public Builder clientAuthentication(ClientAuthentication authentication) {
            settings.authentication = Objects.requireNonNull(authentication, "authentication");
            return this;
        }

        /** Where the token to exchange comes from; its type is {@link #ACCESS_TOKEN_TYPE}. */
        public Builder subjectToken(TokenSource source) {
            return subjectToken(source, ACCESS_TOKEN_TYPE);
        }

        /** Where the token to exchange comes from, and its {@code subject_token_type} URN. */
        public Builder subjectToken(TokenSource source, String tokenType) {
            this.subject = Objects.requireNonNull(source, "source");
            this.subjectTokenType = requireUrn(tokenType, "tokenType");
            return this;
        }

        /** An optional actor token (delegation), with its {@code actor_token_type}. */
        public Builder actorToken(TokenSource source, String tokenType) {
            this.actor = Objects.requireNonNull(source, "source");
            this.actorTokenType = requireUrn(tokenType, "tokenType");
            return this;
        }

        /** A logical name of the target service; repeatable. */
        public Builder audience(String audience) {
            audiences.add(Objects.requireNonNull(audience, "audience"));
            return this;
        }

        /** An absolute URI of the target resource; repeatable. */
        public Builder resource(String resource) {
            Objects.requireNonNull(resource, "resource");
            if (!URI.create(resource).isAbsolute()) {
                throw new IllegalArgumentException("resource must be an absolute URI: " + resource);
            }
            resources.add(resource);
            return this;
        }

        public Builder scope(String... scopes) {
            for (String s : scopes) {
                Objects.requireNonNull(s, "scope");
                if (s.isBlank() || s.contains(" ")) {
                    throw new IllegalArgumentException("a scope is a single non-blank word: '" + s + "'");
                }
                this.scopes.add(s);
            }
            return this;
        }

        /** The {@code requested_token_type} URN, such as {@link #ACCESS_TOKEN_TYPE}. */
        public Builder requestedTokenType(String tokenType) {
            this.requestedTokenType = requireUrn(tokenType, "tokenType");
            return this;
        }

        public Builder timeout(Duration timeout) {
            settings.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder clock(Clock clock) {
            settings.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder auditSink(AuditSink sink) {
            settings.auditSink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        public Builder correlation(String name, String value) {
            settings.correlation.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder allowInsecureHttp() {
            settings.allowInsecureHttp = true;
            return this;
        }

        public Builder httpClient(HttpClient client) {
            settings.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        private static String requireUrn(String value, String name) {
            Objects.requireNonNull(value, name);
            if (!value.startsWith("urn:")) {
                throw new IllegalArgumentException(name + " must be a token type URN such as " + ACCESS_TOKEN_TYPE);
            }
            return value;
        }

        public TokenExchangeTokenSource build() {
            if (settings.uri == null) {
                throw new IllegalStateException("tokenEndpoint is required");
            }
            if (settings.authentication == null) {
                throw new IllegalStateException("clientAuthentication is required");
            }
            if (subject == null) {
                throw new IllegalStateException("subjectToken is required");
            }
            return new TokenExchangeTokenSource(this);
        }
    }
}
