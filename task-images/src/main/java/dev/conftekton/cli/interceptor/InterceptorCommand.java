package dev.conftekton.cli.interceptor;

import dev.conftekton.cli.InputFiles;
import dev.conftekton.identity.policy.Policy;
import dev.conftekton.identity.policy.PolicyException;
import dev.conftekton.identity.verify.JwtVerifier;
import dev.conftekton.tekton.interceptor.ConfluenceInterceptor;
import dev.conftekton.tekton.interceptor.InterceptorServer;
import dev.conftekton.tekton.interceptor.JsonLinesAuditSink;
import dev.conftekton.tekton.interceptor.OidcBearerVerifier;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code conftekton interceptor}: serves the Confluence webhook interceptor until SIGTERM, then
 * shuts down gracefully.
 */
@Command(
        name = "interceptor",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Tekton Triggers ClusterInterceptor that lets only verified Confluence Data Center webhook events"
                    + " start a run.",
            "",
            "POST / takes an InterceptorRequest and always answers HTTP 200 with an InterceptorResponse:"
                    + " continue=true and extensions.confluence.{pageId,spaceKey,title,version,author,eventType,"
                    + "pageUrl} for a verified event, otherwise continue=false with a gRPC code and the reason"
                    + " (3 malformed/unknown event, 6 replay, 7 policy denies the token's identity, 8 too large,"
                    + " 9 filtered out, 11 too old, 14 secret or issuer keys unavailable, 16 bad signature or"
                    + " token). GET /healthz and /readyz for probes.",
            "Proof of origin: --secret-file (HMAC X-Hub-Signature) and/or --oidc-issuer with --oidc-audience and"
                    + " --policy (an OIDC bearer token added by an identity-aware proxy, authorised for run:trigger"
                    + " on tekton:namespace/NS/pipeline/P); with both, both must pass.",
            "Filters come from the Trigger's interceptor params: eventTypes, spaceKeys, labels, titlePattern.",
            "Logs and audit events are JSON lines on standard output. See docs/interceptor.md.",
            ""
        },
        footer = {
            "%nExamples:",
            "  conftekton interceptor --port 8443 --secret-file /etc/webhook/secret \\",
            "      --tls-cert /etc/tls/tls.crt --tls-key /etc/tls/tls.key",
            "  conftekton interceptor --port 8080 --secret-file secret.txt --confluence-url https://wiki.example.com",
            "  conftekton interceptor --port 8443 --tls-cert tls.crt --tls-key tls.key \\",
            "      --oidc-issuer https://idp.example.com/realms/ci --oidc-audience confluence-webhooks \\",
            "      --policy /etc/conftekton/policy.yaml",
            "%nExit codes: 0 stopped cleanly, 2 usage or configuration error (unreadable files, port in use)."
        })
public final class InterceptorCommand implements Callable<Integer> {

    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "Port to listen on (0 picks a free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(
            names = "--bind",
            defaultValue = "0.0.0.0",
            description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(
            names = "--secret-file",
            paramLabel = "FILE",
            description = "File holding the Confluence webhook secret (a mounted Secret); re-read when it changes."
                    + " Requests must carry a valid X-Hub-Signature (HMAC-SHA256 of the body).")
    Path secretFile;

    @Option(
            names = "--oidc-issuer",
            paramLabel = "URL",
            description = "Also (or instead) require Authorization: Bearer <JWT> from this OIDC issuer, added by an"
                    + " identity-aware proxy; keys come from the issuer's discovery document unless --oidc-jwks.")
    String oidcIssuer;

    @Option(
            names = "--oidc-audience",
            paramLabel = "AUD",
            description = "An accepted token audience (aud); repeatable; required with --oidc-issuer.")
    List<String> oidcAudiences = new ArrayList<>();

    @Option(
            names = "--oidc-jwks",
            paramLabel = "FILE|URL",
            description = "The issuer's keys as a JWKS file or URL, instead of OIDC discovery.")
    String oidcJwks;

    @Option(
            names = "--policy",
            paramLabel = "FILE",
            description = "Policy file (YAML) deciding run:trigger on tekton:namespace/NS/pipeline/P for the token's"
                    + " identity; required with --oidc-issuer. See docs/identity-tokens-and-policy.md.")
    Path policy;

    @Option(
            names = "--namespace",
            paramLabel = "NS",
            defaultValue = "",
            description = "Namespace to authorise tokens for when the request's context.trigger_id names none.")
    String namespace;

    @Option(
            names = "--pipeline",
            paramLabel = "NAME",
            defaultValue = "",
            description = "Pipeline to authorise tokens for when the Trigger has no 'pipeline' interceptor param.")
    String pipeline;

    @Option(
            names = "--tls-cert",
            paramLabel = "FILE",
            description = "PEM certificate chain: serve HTTPS (Triggers' https mode).")
    Path tlsCert;

    @Option(
            names = "--tls-key",
            paramLabel = "FILE",
            description = "PEM private key for --tls-cert (PKCS#8, or PKCS#1 RSA).")
    Path tlsKey;

    @Option(
            names = "--max-body",
            paramLabel = "BYTES",
            defaultValue = "1048576",
            description = "Largest request accepted. Default: ${DEFAULT-VALUE}.")
    long maxBody;

    @Option(
            names = "--path",
            defaultValue = "/",
            description = "Path of the interceptor endpoint. Default: ${DEFAULT-VALUE}.")
    String path;

    @Option(
            names = "--confluence-url",
            paramLabel = "URL",
            description = "Confluence base URL, to build pageUrl when the payload has no link.")
    URI confluenceUrl;

    @Option(
            names = "--delivery-id-header",
            paramLabel = "NAME",
            description = "Webhook header with a unique delivery id; without it duplicates are found by body hash.")
    String deliveryIdHeader;

    @Option(
            names = "--max-event-age",
            paramLabel = "SECONDS",
            defaultValue = "600",
            description = "Refuse events older than this (0: no limit). Default: ${DEFAULT-VALUE}.")
    long maxEventAgeSeconds;

    @Option(
            names = "--replay-window",
            paramLabel = "SECONDS",
            defaultValue = "900",
            description = "How long deliveries are remembered to refuse duplicates. Default: ${DEFAULT-VALUE}.")
    long replayWindowSeconds;

    @Option(
            names = "--allow-missing-timestamp",
            description = "Accept payloads without a timestamp (weaker replay protection).")
    boolean allowMissingTimestamp;

    @Option(names = "--threads", defaultValue = "8", description = "Worker threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(
            names = "--request-timeout",
            paramLabel = "SECONDS",
            defaultValue = "10",
            description = "Time limit to read a request and write a response. Default: ${DEFAULT-VALUE}.")
    long requestTimeoutSeconds;

    @Option(
            names = "--shutdown-grace",
            paramLabel = "SECONDS",
            defaultValue = "5",
            description = "Time for running requests to finish on shutdown. Default: ${DEFAULT-VALUE}.")
    long shutdownGraceSeconds;

    private final CountDownLatch started = new CountDownLatch(1);
    private volatile InterceptorServer server;

    @Override
    public Integer call() throws Exception {
        if (secretFile == null && oidcIssuer == null) {
            throw new IllegalArgumentException("--secret-file or --oidc-issuer is required: the interceptor must"
                    + " verify webhook signatures and/or bearer tokens");
        }
        if (secretFile != null && !Files.isReadable(secretFile)) {
            throw new IllegalArgumentException("--secret-file " + secretFile + " is not a readable file");
        }
        OidcBearerVerifier oidc = oidcIssuer == null ? null : oidc();
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        ConfluenceInterceptor.Builder interceptor = ConfluenceInterceptor.builder()
                .maxBodyBytes(maxBody)
                .maxEventAge(Duration.ofSeconds(maxEventAgeSeconds))
                .replayWindow(Duration.ofSeconds(replayWindowSeconds))
                .requireTimestamp(!allowMissingTimestamp)
                .auditSink(new JsonLinesAuditSink(System.out));
        if (secretFile != null) {
            interceptor.secretFile(secretFile);
        }
        if (oidc != null) {
            interceptor.bearerVerifier(oidc).defaultTarget(namespace, pipeline);
        }
        if (confluenceUrl != null) {
            interceptor.confluenceBaseUrl(confluenceUrl);
        }
        if (deliveryIdHeader != null) {
            interceptor.deliveryIdHeader(deliveryIdHeader);
        }
        InterceptorServer.Builder builder = InterceptorServer.builder(interceptor.build())
                .bindAddress(bind)
                .port(port)
                .path(path)
                .threads(threads)
                .requestTimeout(Duration.ofSeconds(requestTimeoutSeconds))
                .shutdownGrace(Duration.ofSeconds(shutdownGraceSeconds));
        if (tlsCert != null) {
            builder.tls(tlsCert, tlsKey);
        }
        InterceptorServer s;
        try {
            s = builder.build();
        } catch (java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        server = s.start();
        Thread hook = new Thread(s::close, "interceptor-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        started.countDown();
        s.awaitShutdown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        return 0;
    }

    private OidcBearerVerifier oidc() {
        if (oidcAudiences.isEmpty()) {
            throw new IllegalArgumentException("--oidc-issuer needs --oidc-audience: the audience the proxy asks"
                    + " tokens for (without it tokens meant for other services would pass)");
        }
        if (policy == null) {
            throw new IllegalArgumentException(
                    "--oidc-issuer needs --policy: a policy file that grants run:trigger (it denies by default)");
        }
        JwtVerifier.Builder verifier =
                JwtVerifier.builder().issuer(oidcIssuer).audience(oidcAudiences.toArray(String[]::new));
        if (oidcJwks != null) {
            if (oidcJwks.startsWith("https://") || oidcJwks.startsWith("http://")) {
                verifier.jwksUri(URI.create(oidcJwks));
            } else {
                try {
                    verifier.jwks(InputFiles.read(Path.of(oidcJwks), "--oidc-jwks", InputFiles.MAX_JWKS_BYTES));
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read --oidc-jwks " + oidcJwks + ": " + e.getMessage());
                }
            }
        }
        Policy loaded;
        try {
            loaded = Policy.load(policy);
        } catch (PolicyException e) {
            throw new IllegalArgumentException("--policy " + policy + ": " + e.getMessage(), e);
        }
        return OidcBearerVerifier.builder()
                .verifier(verifier.build())
                .policy(loaded)
                .build();
    }

    /** Waits until the server serves (for tests and embedding); returns it, or null on timeout. */
    public InterceptorServer awaitStarted(Duration timeout) throws InterruptedException {
        return started.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? server : null;
    }

    /** Stops a running server, as SIGTERM does. */
    public void stop() {
        InterceptorServer s = server;
        if (s != null) {
            s.close();
        }
    }
}
