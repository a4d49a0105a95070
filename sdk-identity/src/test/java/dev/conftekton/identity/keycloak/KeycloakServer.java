package dev.conftekton.identity.keycloak;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.conftekton.testkit.oidc.OidcIssuer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One real Keycloak per test JVM, started from the server distribution that the {@code keycloak}
 * Maven profile unpacks into {@code target/keycloak}, with the realm {@code conftekton} imported
 * offline from {@code data/import/conftekton-realm.json}. A testkit {@link OidcIssuer} plays the
 * Kubernetes cluster whose service-account tokens Keycloak accepts as federated client assertions.
 *
 * <p>Keycloak listens on free loopback ports and keeps its database in memory, so runs never
 * interfere. It is stopped when the JVM's test run ends (see {@link KeycloakExtension}).
 */
public final class KeycloakServer implements AutoCloseable {
    public static final String REALM = "conftekton";

    private static KeycloakServer instance;

    private final Process process;
    private final OidcIssuer cluster;
    private final RSAKey signerKey;
    private final String baseUrl;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final Duration startup;

    private KeycloakServer(
            Process process, OidcIssuer cluster, RSAKey signerKey, String baseUrl, Path log, Duration s) {
        this.process = process;
        this.cluster = cluster;
        this.signerKey = signerKey;
        this.baseUrl = baseUrl;
        this.log = log;
        this.startup = s;
    }

    /** The shared server, started on first use. */
    public static synchronized KeycloakServer shared() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static KeycloakServer start() {
        String home = System.getProperty("keycloak.home");
        if (home == null || !Files.isDirectory(Path.of(home, "bin"))) {
            throw new IllegalStateException("Keycloak distribution not found (system property keycloak.home=" + home
                    + "); run with the Maven profile: ./mvnw -B -P keycloak -pl sdk-identity -am verify");
        }
        Path kc = Path.of(home);
        OidcIssuer cluster = OidcIssuer.builder().build().start();
        try {
            RSAKey signerKey = new RSAKeyGenerator(2048)
                    .keyID("signer-1")
                    .keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE)
                    .algorithm(com.nimbusds.jose.JWSAlgorithm.RS256)
                    .generate();
            int port = freePort();
            int managementPort = freePort();
            String realm = readResource("/keycloak/conftekton-realm.json")
                    .replace("@K8S_ISSUER@", jsonEscape(cluster.issuerUrl()))
                    .replace("@SIGNER_JWKS@", jsonEscape(new JWKSet(signerKey.toPublicJWK()).toString()));
            Path imports = Files.createDirectories(kc.resolve("data/import"));
            Files.writeString(imports.resolve(REALM + "-realm.json"), realm);
            Path log = kc.resolve("keycloak-test.log");
            String javaHome = System.getProperty("keycloak.java.home", System.getProperty("java.home"));
            ProcessBuilder pb = new ProcessBuilder(
                            "bash",
                            kc.resolve("bin/kc.sh").toString(),
                            "start-dev",
                            "--http-host=127.0.0.1",
                            "--http-port=" + port,
                            "--http-management-port=" + managementPort,
                            "--db=dev-mem",
                            "--import-realm")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("JAVA_HOME", javaHome);
            pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin-password");
            long t0 = System.nanoTime();
            Process process = pb.start();
            String base = "http://127.0.0.1:" + port;
            KeycloakServer server = new KeycloakServer(process, cluster, signerKey, base, log, Duration.ZERO);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stopProcess));
            // First boot runs Quarkus' build step (~30 s on an idle machine, minutes on a loaded one).
            server.awaitReady(Duration.ofSeconds(Long.getLong("keycloak.startup.timeout.seconds", 900)));
            Duration startup = Duration.ofNanos(System.nanoTime() - t0);
            System.out.println(
                    "keycloak: ready at " + base + " after " + startup.toMillis() + " ms (java " + javaHome + ")");
            return new KeycloakServer(process, cluster, signerKey, base, log, startup);
        } catch (Exception e) {
            cluster.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    private void awaitReady(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        URI discovery = URI.create(issuer() + "/.well-known/openid-configuration");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(discovery)
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        stopProcess();
        throw new IllegalStateException("Keycloak not ready after " + max + ":\n" + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.subList(Math.max(0, lines.size() - 40), lines.size()).stream()
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** {@code http://127.0.0.1:PORT/realms/conftekton}, the realm's issuer and the audience of assertions. */
    public String issuer() {
        return baseUrl + "/realms/" + REALM;
    }

    public String tokenEndpoint() {
        return issuer() + "/protocol/openid-connect/token";
    }

    public String jwksUri() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    /** The testkit issuer playing the Kubernetes cluster that Keycloak trusts as identity provider {@code k8s}. */
    public OidcIssuer cluster() {
        return cluster;
    }

    /** The private key registered (public part) for client {@code signer} ({@code private_key_jwt}). */
    public RSAKey signerKey() {
        return signerKey;
    }

    public Duration startup() {
        return startup;
    }

    /**
     * Adds a new RSA key with a higher priority to the realm, so that Keycloak signs new tokens with
     * it; the old key stays published (a graceful rotation). Returns nothing; callers watch the kid.
     */
    public void rotateRealmKey(String name) {
        String admin = adminToken();
        String body = "{\"name\":\"" + name + "\",\"providerId\":\"rsa-generated\","
                + "\"providerType\":\"org.keycloak.keys.KeyProvider\",\"parentId\":\"" + REALM + "\","
                + "\"config\":{\"priority\":[\"" + (System.currentTimeMillis() / 1000) + "\"],"
                + "\"algorithm\":[\"RS256\"],\"keySize\":[\"2048\"],\"active\":[\"true\"],\"enabled\":[\"true\"]}}";
        HttpResponse<String> r =
                send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/realms/" + REALM + "/components"))
                        .header("Authorization", "Bearer " + admin)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("adding a realm key failed: HTTP " + r.statusCode() + " " + r.body());
        }
    }

    private String adminToken() {
        HttpResponse<String> r =
                send(HttpRequest.newBuilder(URI.create(baseUrl + "/realms/master/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                                "grant_type", "password",
                                "client_id", "admin-cli",
                                "username", "admin",
                                "password", "admin-password"))))
                        .build());
        try {
            return (String) JSONObjectUtils.parse(r.body()).get("access_token");
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("admin token: HTTP " + r.statusCode(), e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String readResource(String name) throws IOException {
        try (InputStream in = KeycloakServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String jsonEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private void stopProcess() {
        if (process.isAlive()) {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            children.forEach(ProcessHandle::destroy);
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    children.forEach(ProcessHandle::destroyForcibly);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    @Override
    public void close() {
        stopProcess();
        cluster.close();
    }
}
