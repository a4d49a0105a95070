package dev.conftekton.identity.token;

import dev.conftekton.core.audit.AuditSink;
import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.TokenSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Obtains tokens with the OAuth 2.0 client credentials grant (RFC 6749 section 4.4).
 *
 * <p>Each {@link #token()} call asks the token endpoint for a new token; wrap the source in a
 * {@link CachingTokenSource} (see {@link #cached()}) to reuse tokens until shortly before they
 * expire. Every token issued, and every refusal, is recorded on the {@link AuditSink} (client,
 * target, outcome; never the token).
 *
 * <pre>{@code
 * TokenSource source = ClientCredentialsTokenSource.builder()
 *         .tokenEndpoint("https://keycloak.example/realms/ci/protocol/openid-connect/token")
 *         .clientAuthentication(ClientAuthentication.clientSecretBasic("publisher", Secret.of(secret)))
 *         .scope("confluence")
 *         .build()
 *         .cached();
 * }</pre>
 *
 * <p>An error answer becomes a {@link TokenEndpointException} naming the OAuth {@code error} and
 * {@code error_description}; an unreachable endpoint a {@code TransportException}.
 */
public final class ClientCredentialsTokenSource implements TokenSource {
    private final TokenEndpoint endpoint;
    private final List<String> scopes;
    private final String audience;
    private final List<String> resources;
    private final Map<String, String> extraParameters;

    private ClientCredentialsTokenSource(Builder b) {
        this.endpoint = new TokenEndpoint(b.settings);
        this.scopes = List.copyOf(b.scopes);
        this.audience = b.audience;
        this.resources = List.copyOf(b.resources);
        this.extraParameters = Map.copyOf(b.extraParameters);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this source's settings, to derive a variant. */
    public Builder newBuilder() {
        Builder b = new Builder();
        b.settings.uri = endpoint.uri;
        b.settings.authentication = endpoint.authentication;
        b.settings.timeout = endpoint.timeout;
        b.settings.clock = endpoint.clock;
        b.settings.auditSink = endpoint.auditSink;
        b.settings.correlation.putAll(endpoint.correlation);
        b.scopes.addAll(scopes);
        b.audience = audience;
        b.resources.addAll(resources);
        b.extraParameters.putAll(extraParameters);
        return b;
    }

    /** Requests a new token from the token endpoint. */
    @Override
    public AccessToken token() {
        Form form = new Form().add("grant_type", "client_credentials");
        if (!scopes.isEmpty()) {
            form.add("scope", String.join(" ", scopes));
        }
        if (audience != null) {
            form.add("audience", audience);
        }
        resources.forEach(r -> form.add("resource", r));
        extraParameters.forEach(form::add);
        String target = audience != null ? audience : resources.isEmpty() ? endpoint.uri.toString() : resources.get(0);
        return endpoint.request("client_credentials", form, target);
    }

    /** This source behind a {@link CachingTokenSource} with default refresh settings and the same clock. */
    public CachingTokenSource cached() {
        return CachingTokenSource.builder(this).clock(endpoint.clock).build();
    }

    /** The token endpoint this source calls. */
    public URI tokenEndpoint() {
        return endpoint.uri;
    }

    @Override
    public String toString() {
        return "ClientCredentialsTokenSource[" + endpoint.uri + ", " + endpoint.authentication + "]";
    }

    /** Builds a {@link ClientCredentialsTokenSource}; the endpoint and client authentication are required. */
    public static final class Builder {
        final TokenEndpoint.Settings settings = new TokenEndpoint.Settings();
        private final List<String> scopes = new ArrayList<>();
        private String audience;
        private final List<String> resources = new ArrayList<>();
        private final Map<String, String> extraParameters = new LinkedHashMap<>();

        Builder() {}

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

        /** Adds scopes; they are sent space-separated. */
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

        /** The non-standard {@code audience} parameter some servers (Auth0, Atlassian) take. */
        public Builder audience(String audience) {
            this.audience = Objects.requireNonNull(audience, "audience");
            return this;
        }

        /** RFC 8707 resource indicator; repeatable. */
        public Builder resource(String resource) {
            this.resources.add(Objects.requireNonNull(resource, "resource"));
            return this;
        }

        /** Any other form parameter the server needs. Credentials belong in the client authentication. */
        public Builder parameter(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.equals("grant_type") || name.startsWith("client_")) {
                throw new IllegalArgumentException("parameter " + name + " is set by the source itself");
            }
            extraParameters.put(name, value);
            return this;
        }

        /** Timeout for one token request; default 30 seconds. */
        public Builder timeout(Duration timeout) {
            settings.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder clock(Clock clock) {
            settings.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Receives one event per token issued or refused. */
        public Builder auditSink(AuditSink sink) {
            settings.auditSink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /** A correlation id (for example {@code pipelineRun}) put on every audit event. */
        public Builder correlation(String name, String value) {
            settings.correlation.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Permits a plain-http token endpoint on a non-loopback host. Off by default. */
        public Builder allowInsecureHttp() {
            settings.allowInsecureHttp = true;
            return this;
        }

        /** A JDK HTTP client with custom TLS or proxy settings; by default a shared one. */
        public Builder httpClient(HttpClient client) {
            settings.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        public ClientCredentialsTokenSource build() {
            if (settings.uri == null) {
                throw new IllegalStateException("tokenEndpoint is required");
            }
            if (settings.authentication == null) {
                throw new IllegalStateException("clientAuthentication is required");
            }
            return new ClientCredentialsTokenSource(this);
        }
    }
}
