package dev.conftekton.testkit.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.conftekton.testkit.oidc.internal.KeyRing;
import dev.conftekton.testkit.oidc.internal.TokenEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A standards-following OpenID Connect / OAuth 2.0 issuer on a real loopback HTTP port, for tests,
 * benchmarks and demos. Serves:
 *
 * <ul>
 *   <li>{@code /.well-known/openid-configuration} (and {@code /.well-known/oauth-authorization-server})
 *       — discovery;
 *   <li>{@code /jwks} — the public keys: RSA 2048, EC P-256 and P-384; {@link #rotateKeys} on demand;
 *   <li>{@code /token} — {@code client_credentials} (client secret basic/post, {@code private_key_jwt},
 *       federated client assertions from a trusted issuer such as a Kubernetes cluster) and RFC 8693
 *       token exchange. Requests outside the standards are refused with RFC 6749/8693 error codes.
 * </ul>
 *
 * <pre>{@code
 * try (OidcIssuer cluster = OidcIssuer.builder().build().start();
 *      OidcIssuer idp = OidcIssuer.builder()
 *              .trustIssuer(cluster.issuerUrl())
 *              .client(RegisteredClient.federated("ci", cluster.issuerUrl(),
 *                      "system:serviceaccount:ci:builder").withAudiences("confluence"))
 *              .build().start()) {
 *     String saToken = cluster.kubernetesServiceAccountToken("ci", "builder", idp.issuerUrl());
 *     // POST idp.tokenEndpoint(): grant_type=client_credentials, client_assertion=saToken, ...
 *     String direct = idp.mint().subject("alice").audience("confluence").sign();
 * }
 * }</pre>
 *
 * <p>Issued access tokens follow RFC 9068 ({@code typ: at+jwt}; {@code iss}, {@code sub}, {@code
 * aud}, {@code exp}, {@code iat}, {@code jti}, {@code client_id}, {@code scope}). Thread-safe.
 */
public final class OidcIssuer implements AutoCloseable {
    /** What {@link #rotateKeys} does with the keys it replaces. */
    public enum OldKeys {
        /** Keep publishing them, so tokens they signed still verify (a graceful rotation). */
        KEEP,
        /** Stop publishing them at once (a key compromise). */
        DROP
    }

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String host;
    private final int requestedPort;
    private final String basePath;
    private final Clock clock;
    private final Duration accessTokenLifetime;
    private final JWSAlgorithm accessTokenAlgorithm;
    private final List<RegisteredClient> clients;
    private final Set<String> trustedIssuers;
    private final KeyRing keyRing = new KeyRing();
    private final Map<String, LongAdder> requestCounts = new ConcurrentHashMap<>();
    private volatile boolean jwksAvailable = true;
    private volatile boolean discoveryAvailable = true;
    private HttpServer server;
    private ExecutorService executor;
    private volatile String issuerUrl;
    private TokenEndpoint tokenEndpoint;

    private OidcIssuer(Builder b) {
        this.host = b.host;
        this.requestedPort = b.port;
        this.basePath = b.path;
        this.clock = b.clock;
        this.accessTokenLifetime = b.accessTokenLifetime;
        this.accessTokenAlgorithm = b.accessTokenAlgorithm;
        this.clients = List.copyOf(b.clients.values());
        this.trustedIssuers = Set.copyOf(b.trustedIssuers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the port and starts serving. Returns this, for chaining after {@code build()}. */
    public synchronized OidcIssuer start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), requestedPort), 64);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind " + host + ":" + requestedPort + ": " + e.getMessage(), e);
        }
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "oidc-issuer-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        issuerUrl = "http://" + hostPart + ":" + server.getAddress().getPort() + basePath;
        tokenEndpoint =
                new TokenEndpoint(this, clock, clients, trustedIssuers, accessTokenLifetime, accessTokenAlgorithm);
        server.createContext(basePath.isEmpty() ? "/" : basePath, this::handle);
        server.start();
        return this;
    }

    /** The issuer identifier, e.g. {@code http://127.0.0.1:40123} or with the configured path. */
    public String issuerUrl() {
        String url = issuerUrl;
        if (url == null) {
            throw new IllegalStateException("call start() first");
        }
        return url;
    }

    /** The token endpoint URL. */
    public String tokenEndpoint() {
        return issuerUrl() + "/token";
    }

    /** The JWKS URL. */
    public String jwksUri() {
        return issuerUrl() + "/jwks";
    }

    /** The discovery document URL. */
    public String discoveryUri() {
        return issuerUrl() + "/.well-known/openid-configuration";
    }

    /** Starts a token signed by this issuer; see {@link TokenMinter}. */
    public TokenMinter mint() {
        return new TokenMinter(this, clock);
    }

    /**
     * A token shaped like a Kubernetes projected service-account token, ready to tweak: no header
     * {@code typ}, {@code sub=system:serviceaccount:NS:SA}, the {@code kubernetes.io} claim with
     * namespace, service account (name, uid) and pod (name, uid), one hour of lifetime.
     */
    public TokenMinter kubernetesServiceAccount(String namespace, String serviceAccount) {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(serviceAccount, "serviceAccount");
        String pod = serviceAccount + "-" + UUID.randomUUID().toString().substring(0, 5);
        Map<String, Object> k8s = new LinkedHashMap<>();
        k8s.put("namespace", namespace);
        k8s.put("pod", Map.of("name", pod, "uid", UUID.randomUUID().toString()));
        k8s.put("serviceaccount", Map.of("name", serviceAccount, "uid", uid(namespace + "/" + serviceAccount)));
        k8s.put("warnafter", clock.instant().plusSeconds(3000).getEpochSecond());
        return mint().type(null)
                .subject("system:serviceaccount:" + namespace + ":" + serviceAccount)
                .claim("kubernetes.io", k8s)
                .expiresIn(Duration.ofHours(1));
    }

    /** A signed Kubernetes-style service-account token for {@code audience} (one hour). */
    public String kubernetesServiceAccountToken(String namespace, String serviceAccount, String audience) {
        return kubernetesServiceAccount(namespace, serviceAccount)
                .audience(audience)
                .sign();
    }

    private static String uid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * Signs arbitrary header and payload text with the current RSA key using RS256, exactly as
     * given (duplicate members, non-string values, odd {@code alg} values) — for malformed-token
     * tests.
     */
    public String signRaw(String headerJson, String payloadJson) {
        String input = Base64URL.encode(headerJson) + "." + Base64URL.encode(payloadJson);
        return input + "."
                + TokenMinter.signBytes(
                        keyRing.current().rsa(), JWSAlgorithm.RS256, input.getBytes(StandardCharsets.US_ASCII));
    }

    /** The current RSA signing key id. */
    public String currentKeyId() {
        return keyRing.current().rsa().getKeyID();
    }

    /** The published keys (public parts) as a JWKS JSON document. */
    public String jwksJson() {
        return keyRing.publicKeys().toString(true);
    }

    /** The published keys (public parts). */
    public JWKSet publicKeys() {
        return keyRing.publicKeys();
    }

    /** Replaces every signing key; the old keys stay published or go, as chosen. */
    public void rotateKeys(OldKeys oldKeys) {
        keyRing.rotate(Objects.requireNonNull(oldKeys, "oldKeys") == OldKeys.KEEP);
    }

    /** Outage simulation: while false, the JWKS endpoint answers 503. */
    public void jwksAvailable(boolean available) {
        this.jwksAvailable = available;
    }

    /** Outage simulation: while false, the discovery endpoints answer 503. */
    public void discoveryAvailable(boolean available) {
        this.discoveryAvailable = available;
    }

    /** Requests served so far to {@code endpoint}: {@code discovery}, {@code jwks} or {@code token}. */
    public long requestCount(String endpoint) {
        LongAdder n = requestCounts.get(endpoint);
        return n == null ? 0 : n.sum();
    }

    /** Resets every request count. */
    public void resetRequestCounts() {
        requestCounts.clear();
    }

    KeyRing keyRing() {
        return keyRing;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void count(String endpoint) {
        requestCounts.computeIfAbsent(endpoint, k -> new LongAdder()).increment();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath().substring(basePath.length());
            switch (path) {
                case "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server" -> {
                    count("discovery");
                    if (!allowGet(exchange)) {
                        return;
                    }
                    if (!discoveryAvailable) {
                        send(exchange, 503, Map.of("error", "temporarily_unavailable"));
                        return;
                    }
                    send(exchange, 200, discoveryDocument());
                }
                case "/jwks" -> {
                    count("jwks");
                    if (!allowGet(exchange)) {
                        return;
                    }
                    if (!jwksAvailable) {
                        send(exchange, 503, Map.of("error", "temporarily_unavailable"));
                        return;
                    }
                    exchange.getResponseHeaders().set("Cache-Control", "public, max-age=300");
                    sendJson(
                            exchange,
                            200,
                            "application/jwk-set+json",
                            keyRing.publicKeys().toString(true));
                }
                case "/token" -> {
                    count("token");
                    tokenEndpoint.handle(exchange);
                }
                default -> send(exchange, 404, Map.of("error", "not_found", "error_description", "no such endpoint"));
            }
        } catch (RuntimeException e) {
            // Never let a handler bug turn into a dropped connection without an answer.
            send(exchange, 500, Map.of("error", "server_error"));
        }
    }

    private static boolean allowGet(HttpExchange exchange) throws IOException {
        String m = exchange.getRequestMethod();
        if ("GET".equals(m) || "HEAD".equals(m)) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, Map.of("error", "invalid_request", "error_description", "use GET"));
        return false;
    }

    private Map<String, Object> discoveryDocument() {
        String iss = issuerUrl();
        List<String> algs = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", iss);
        d.put("jwks_uri", iss + "/jwks");
        d.put("token_endpoint", iss + "/token");
        d.put("grant_types_supported", List.of(RegisteredClient.CLIENT_CREDENTIALS, RegisteredClient.TOKEN_EXCHANGE));
        d.put(
                "token_endpoint_auth_methods_supported",
                List.of("client_secret_basic", "client_secret_post", "private_key_jwt"));
        d.put("token_endpoint_auth_signing_alg_values_supported", algs);
        // No authorization endpoint: this issuer serves machine clients only.
        d.put("response_types_supported", List.of());
        d.put("subject_types_supported", List.of("public"));
        d.put("id_token_signing_alg_values_supported", algs);
        d.put("scopes_supported", scopes());
        return d;
    }

    private List<String> scopes() {
        Set<String> all = new LinkedHashSet<>();
        clients.forEach(c -> all.addAll(c.scopes()));
        return new ArrayList<>(all);
    }

    /** Writes {@code body} as JSON. Internal use by the endpoints. */
    public static void send(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        sendJson(exchange, status, "application/json", JSONObjectUtils.toJSONString(body));
    }

    private static void sendJson(HttpExchange exchange, int status, String type, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + ";charset=UTF-8");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Configures an {@link OidcIssuer}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private String path = "";
        private Clock clock = Clock.systemUTC();
        private Duration accessTokenLifetime = Duration.ofMinutes(5);
        private JWSAlgorithm accessTokenAlgorithm = JWSAlgorithm.RS256;
        private final Map<String, RegisteredClient> clients = new LinkedHashMap<>();
        private final Set<String> trustedIssuers = new LinkedHashSet<>();

        private Builder() {}

        /** Loopback address to bind; {@code 127.0.0.1} by default. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Port to bind; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** A path below the origin for the issuer, such as {@code /realms/ci}. */
        public Builder path(String path) {
            Objects.requireNonNull(path, "path");
            if (!path.isEmpty() && (!path.startsWith("/") || path.endsWith("/") || path.contains("?"))) {
                throw new IllegalArgumentException("path must start with / and not end with /, was " + path);
            }
            this.path = path;
            return this;
        }

        /** The clock for issued and minted tokens and for checking assertions. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Lifetime of access tokens from the token endpoint; 5 minutes by default. */
        public Builder accessTokenLifetime(Duration lifetime) {
            Objects.requireNonNull(lifetime, "lifetime");
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("lifetime must be positive");
            }
            this.accessTokenLifetime = lifetime;
            return this;
        }

        /** Signing algorithm of issued access tokens; RS256 by default (also PS*, ES256, ES384). */
        public Builder accessTokenAlgorithm(String alg) {
            JWSAlgorithm a = JWSAlgorithm.parse(Objects.requireNonNull(alg, "alg"));
            if (!JWSAlgorithm.Family.RSA.contains(a)
                    && !JWSAlgorithm.ES256.equals(a)
                    && !JWSAlgorithm.ES384.equals(a)) {
                throw new IllegalArgumentException("unsupported signing algorithm " + alg);
            }
            this.accessTokenAlgorithm = a;
            return this;
        }

        /** Registers a client; a later registration with the same id replaces the earlier one. */
        public Builder client(RegisteredClient client) {
            Objects.requireNonNull(client, "client");
            clients.put(client.clientId(), client);
            return this;
        }

        /**
         * Trusts another issuer (a Kubernetes cluster, another {@link OidcIssuer}): its tokens,
         * verified through its discovery document and JWKS, are accepted as federated client
         * assertions and as token-exchange subject tokens.
         */
        public Builder trustIssuer(String issuerUrl) {
            Objects.requireNonNull(issuerUrl, "issuerUrl");
            trustedIssuers.add(issuerUrl);
            return this;
        }

        public OidcIssuer build() {
            for (RegisteredClient c : clients.values()) {
                if (c.federatedIssuer() != null && !trustedIssuers.contains(c.federatedIssuer())) {
                    throw new IllegalStateException("client " + c.clientId() + " is federated with "
                            + c.federatedIssuer() + ", which is not trusted: add trustIssuer(..)");
                }
            }
            return new OidcIssuer(this);
        }
    }
}
