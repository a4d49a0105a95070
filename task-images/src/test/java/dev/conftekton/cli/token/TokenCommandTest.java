package dev.conftekton.cli.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.conftekton.cli.ConftektonCommand;
import dev.conftekton.testkit.oidc.OidcIssuer;
import dev.conftekton.testkit.oidc.RegisteredClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TokenCommandTest {
    private static OidcIssuer cluster;
    private static OidcIssuer idp;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void start() {
        cluster = OidcIssuer.builder().build().start();
        idp = OidcIssuer.builder()
                .trustIssuer(cluster.issuerUrl())
                .client(RegisteredClient.withSecret("publisher", "publisher-secret")
                        .withAudiences("confluence")
                        .withScopes("page:read"))
                .client(RegisteredClient.federated("tekton", cluster.issuerUrl(), "system:serviceaccount:ci:builder")
                        .withAudiences("confluence"))
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        idp.close();
        cluster.close();
    }

    private int run(String... args) {
        CommandLine cl = ConftektonCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void getPrintsOnlyTheTokenAndMetadataOnStderr() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "publisher-secret\n");
        Path audit = dir.resolve("audit.jsonl");

        int code = run(
                "token",
                "get",
                "--token-endpoint",
                idp.tokenEndpoint(),
                "--client-id",
                "publisher",
                "--client-secret-file",
                secret.toString(),
                "--audit-log",
                audit.toString());

        assertThat(code).as(err.toString()).isZero();
        String token = out.toString().strip();
        assertThat(token.split("\\.")).hasSize(3);
        assertThat(Files.readString(audit))
                .contains("\"SUCCESS\"", "token:issue", "oauth-client:publisher")
                .doesNotContain(token);
        assertThat(err.toString())
                .contains("Bearer token from client credentials", "expires at")
                .doesNotContain(token);
        assertThat(err.toString()).doesNotContain("publisher-secret");
    }

    @Test
    void getWithAFederatedServiceAccountAssertionWritesAPrivateFile() throws Exception {
        Path sa = Files.writeString(
                dir.resolve("sa"), cluster.kubernetesServiceAccountToken("ci", "builder", idp.issuerUrl()));
        Path output = dir.resolve("token");

        int code = run(
                "token",
                "get",
                "--token-endpoint",
                idp.tokenEndpoint(),
                "--client-id",
                "tekton",
                "--client-assertion-file",
                sa.toString(),
                "--output",
                output.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).isEmpty();
        assertThat(Files.readString(output).strip().split("\\.")).hasSize(3);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(output)))
                .isEqualTo("rw-------");
        assertThat(err.toString()).contains("written to " + output);
    }

    @Test
    void getWithRejectedCredentialsExitsTwoWithTheOauthError() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "wrong");

        int code = run(
                "token",
                "get",
                "--token-endpoint",
                idp.tokenEndpoint(),
                "--client-id",
                "publisher",
                "--client-secret-file",
                secret.toString());

        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("invalid_client");
    }

    @Test
    void getRefusesAnOversizedOrDirectoryCredentialFileWithoutSendingIt() throws Exception {
        // a wrong path to a large file was read whole (gigabytes of heap) and sent as the client secret
        Path huge = dir.resolve("huge");
        Files.write(huge, new byte[1024 * 1024]);
        Path folder = Files.createDirectories(dir.resolve("folder"));

        int secretCode = run(
                "token",
                "get",
                "--token-endpoint",
                "http://127.0.0.1:9/never",
                "--allow-insecure-http",
                "--client-id",
                "publisher",
                "--client-secret-file",
                huge.toString());
        int keyCode = run(
                "token",
                "get",
                "--token-endpoint",
                "http://127.0.0.1:9/never",
                "--allow-insecure-http",
                "--client-id",
                "publisher",
                "--private-key-file",
                folder.toString());

        assertThat(secretCode).isEqualTo(2);
        assertThat(keyCode).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString())
                .contains("client secret file " + huge + " holds more than 65536 bytes")
                .contains("private key file " + folder + " is a directory")
                .doesNotContain("could not reach");
    }

    @Test
    void getNeedsExactlyOneSource() {
        assertThat(run("token", "get")).isEqualTo(2);
        assertThat(err.toString()).contains("choose exactly one source");
    }

    @Test
    void verifyPrintsTheIdentityAndDecisionAsJson() throws Exception {
        String token = idp.mint()
                .subject("system:serviceaccount:ci:builder")
                .audience("confluence")
                .sign();
        Path tokenFile = Files.writeString(dir.resolve("t"), token);
        Path policy = Files.writeString(
                dir.resolve("policy.yaml"),
                """
                rules:
                  - id: builders
                    effect: allow
                    principals: [{issuer: "%s", subject: "system:serviceaccount:ci:*"}]
                    actions: [page:write]
                    resources: [confluence:space/DOCS]
                """
                        .formatted(idp.issuerUrl()));

        Path audit = dir.resolve("audit.jsonl");

        int code = run(
                "token",
                "verify",
                "--issuer",
                idp.issuerUrl(),
                "--audience",
                "confluence",
                "--policy",
                policy.toString(),
                "--action",
                "page:write",
                "--resource",
                "confluence:space/DOCS",
                "--audit-log",
                audit.toString(),
                "--correlation",
                "pipelineRun=run-7",
                "@" + tokenFile);

        assertThat(code).as(err.toString()).isZero();
        Map<String, Object> json = JSONObjectUtils.parse(out.toString());
        assertThat(json).containsEntry("valid", true);
        assertThat(JSONObjectUtils.getJSONObject(json, "identity"))
                .containsEntry("subject", "system:serviceaccount:ci:builder");
        assertThat(JSONObjectUtils.getJSONObject(json, "decision"))
                .containsEntry("allowed", true)
                .containsEntry("rule", "builders");
        assertThat(out.toString()).doesNotContain(token);
        Map<String, Object> event =
                JSONObjectUtils.parse(Files.readString(audit).strip());
        assertThat(event)
                .containsEntry("decision", "ALLOW")
                .containsEntry("actor", idp.issuerUrl() + "#system:serviceaccount:ci:builder")
                .containsEntry("resource", "confluence:space/DOCS");
        assertThat(JSONObjectUtils.getJSONObject(event, "correlation")).containsEntry("pipelineRun", "run-7");
        assertThat(Files.readString(audit)).doesNotContain(token);
    }

    @Test
    void verifyExitsOneWhenDenied() throws Exception {
        String token = idp.mint().subject("alice").audience("confluence").sign();
        Path policy = Files.writeString(dir.resolve("policy.yaml"), "rules: []\n");

        int code = run(
                "token",
                "verify",
                "--issuer",
                idp.issuerUrl(),
                "--audience",
                "confluence",
                "--policy",
                policy.toString(),
                "--action",
                "page:write",
                "--resource",
                "confluence:space/DOCS",
                token);

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("denied", "default deny");
    }

    @Test
    void verifyExitsOneForAnInvalidToken() {
        String token = idp.mint().subject("alice").audience("someone-else").sign();

        int code = run("token", "verify", "--issuer", idp.issuerUrl(), "--audience", "confluence", token);

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("wrong_audience");
    }

    @Test
    void verifyBadUsageExitsTwo() throws Exception {
        assertThat(run("token", "verify", "--issuer", idp.issuerUrl(), "x")).isEqualTo(2);
        assertThat(run("token", "verify", "--issuer", idp.issuerUrl(), "--audience", "a", "--policy", "p.yaml", "x"))
                .isEqualTo(2);
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "rules:\n  - effect: maybe\n");
        assertThat(run(
                        "token",
                        "verify",
                        "--issuer",
                        idp.issuerUrl(),
                        "--audience",
                        "a",
                        "--policy",
                        bad.toString(),
                        "--action",
                        "page:read",
                        "--resource",
                        "confluence:space/A",
                        "x"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("bad.yaml:2");
    }
}
