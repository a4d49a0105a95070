package dev.conftekton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.TokenSource;
import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import dev.conftekton.testkit.confluence.ConfluenceEmulatorExtension;
import dev.conftekton.testkit.oidc.OidcIssuer;
import dev.conftekton.testkit.oidc.RegisteredClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every credential mode of the shared {@link ConfluenceCredentials}, against the testkit OIDC issuer. */
@ExtendWith(ConfluenceEmulatorExtension.class)
class ConfluenceCredentialsTest {
    private static final String SECRET = "s3cret-Client-Value-4711";
    private static final String SA_SUBJECT = "system:serviceaccount:ci:builder";

    private static OidcIssuer cluster;
    private static OidcIssuer idp;
    private static OidcIssuer dataCenter;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        cluster = OidcIssuer.builder().build().start();
        idp = OidcIssuer.builder()
                .trustIssuer(cluster.issuerUrl())
                .client(RegisteredClient.withSecret("publisher", SECRET).withAudiences("confluence"))
                .client(RegisteredClient.federated("ci", cluster.issuerUrl(), SA_SUBJECT)
                        .withAudiences("confluence"))
                .build()
                .start();
        // Serves its token endpoint where Confluence Data Center has it: {base}/rest/oauth2/latest/token.
        dataCenter = OidcIssuer.builder()
                .path("/confluence/rest/oauth2/latest")
                .client(RegisteredClient.withSecret("dc-client", SECRET))
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        dataCenter.close();
        idp.close();
        cluster.close();
    }

    private Path dir(String... nameValue) throws IOException {
        Path d = Files.createTempDirectory(tmp, "creds");
        for (int i = 0; i < nameValue.length; i += 2) {
            Files.writeString(d.resolve(nameValue[i]), nameValue[i + 1] + "\n");
        }
        return d;
    }

    private static ConfluenceCredentials parse(String... args) {
        ConfluenceCredentials c = new ConfluenceCredentials();
        new CommandLine(new Holder(c)).parseArgs(args);
        return c;
    }

    @CommandLine.Command(name = "t")
    static final class Holder {
        @CommandLine.Mixin
        final ConfluenceCredentials credentials;

        Holder(ConfluenceCredentials credentials) {
            this.credentials = credentials;
        }
    }

    private static JWTClaimsSet claims(AccessToken token) throws Exception {
        assertThat(token.scheme()).isEqualTo("Bearer");
        return SignedJWT.parse(token.value().reveal()).getJWTClaimsSet();
    }

    private static final Map<String, String> NO_ENV = Map.of();

    @Test
    void tokenFileIsABearerTokenReReadWhenItChanges() throws Exception {
        Path d = dir("token", "pat-1");
        TokenSource source = parse("--credentials-dir=" + d).tokenSource(NO_ENV::get);

        assertThat(source.token().authorizationHeader()).isEqualTo("Bearer pat-1");
        Files.writeString(d.resolve("token"), "pat-two-longer\n");
        assertThat(source.token().authorizationHeader()).isEqualTo("Bearer pat-two-longer");
    }

    @Test
    void emailAndApiTokenAreCloudBasic() throws Exception {
        TokenSource source = parse(
                        "--credentials-dir",
                        dir("email", "robot@example.com", "api-token", "t0k").toString())
                .tokenSource(NO_ENV::get);

        assertThat(source.token().authorizationHeader()).isEqualTo("Basic cm9ib3RAZXhhbXBsZS5jb206dDBr");
    }

    @Test
    void clientSecretWithTokenUrlFileGetsAClientCredentialsToken() throws Exception {
        Path d = dir("client-id", "publisher", "client-secret", SECRET, "token-url", idp.tokenEndpoint());

        AccessToken token = parse("--credentials-dir", d.toString(), "--oauth-audience", "confluence")
                .tokenSource(NO_ENV::get)
                .token();

        JWTClaimsSet c = claims(token);
        assertThat(c.getIssuer()).isEqualTo(idp.issuerUrl());
        assertThat(c.getSubject()).isEqualTo("publisher");
        assertThat(c.getAudience()).containsExactly("confluence");
        assertThat(idp.requestCount("token")).isPositive();
    }

    @Test
    void clientSecretWithoutTokenUrlUsesTheDataCenterEndpointOfTheSite() throws Exception {
        Path d = dir("client-id", "dc-client", "client-secret", SECRET);
        String site = dataCenter.issuerUrl().replace("/rest/oauth2/latest", "");

        AccessToken token = parse("--url", site, "--credentials-dir", d.toString())
                .tokenSource(NO_ENV::get)
                .token();

        assertThat(claims(token).getSubject()).isEqualTo("dc-client");
    }

    @Test
    void cloudSitesAreRecognisedForTheAtlassianPreset() {
        assertThat(ConfluenceCredentials.isCloud("https://acme.atlassian.net/wiki"))
                .isTrue();
        assertThat(ConfluenceCredentials.isCloud("https://api.atlassian.com/ex/confluence/abc"))
                .isTrue();
        assertThat(ConfluenceCredentials.isCloud("https://confluence.example/confluence"))
                .isFalse();
        assertThat(ConfluenceCredentials.isCloud("https://atlassian.net.evil.example"))
                .isFalse();
    }

    @Test
    void serviceAccountTokenIsAFederatedClientAssertion() throws Exception {
        String sa = cluster.kubernetesServiceAccountToken("ci", "builder", idp.issuerUrl());
        Path d = dir("client-id", "ci", "service-account-token", sa, "token-url", idp.tokenEndpoint());

        AccessToken token = parse("--credentials-dir=" + d, "--oauth-audience=confluence")
                .tokenSource(NO_ENV::get)
                .token();

        JWTClaimsSet c = claims(token);
        assertThat(c.getSubject()).isEqualTo("ci"); // the client, authenticated by the cluster's token
        assertThat(c.getAudience()).containsExactly("confluence");
    }

    @Test
    void serviceAccountTokenFromAnOptionPathOutsideTheDirectory() throws Exception {
        Path projected = tmp.resolve("projected-token");
        Files.writeString(projected, cluster.kubernetesServiceAccountToken("ci", "builder", idp.issuerUrl()));
        Path d = dir("client-id", "ci", "token-url", idp.tokenEndpoint());

        AccessToken token = parse("--credentials-dir=" + d, "--service-account-token=" + projected)
                .tokenSource(NO_ENV::get)
                .token();

        assertThat(claims(token).getSubject()).isEqualTo("ci");
    }

    @Test
    void exchangeAudienceExchangesTheServiceAccountTokenRfc8693() throws Exception {
        String sa = cluster.kubernetesServiceAccountToken("ci", "builder", idp.issuerUrl());
        Path d = dir(
                "client-id",
                "ci",
                "service-account-token",
                sa,
                "token-url",
                idp.tokenEndpoint(),
                "exchange-audience",
                "confluence");

        AccessToken token =
                parse("--credentials-dir=" + d).tokenSource(NO_ENV::get).token();

        JWTClaimsSet c = claims(token);
        assertThat(c.getSubject()).isEqualTo(SA_SUBJECT); // exchanged: the subject is the workload
        assertThat(c.getAudience()).containsExactly("confluence");
    }

    @Test
    void workloadIdentityWithoutTokenUrlSaysWhatToAdd() throws Exception {
        Path d = dir("client-id", "ci", "service-account-token", "x.y.z");

        assertThatThrownBy(() -> parse("--credentials-dir=" + d).tokenSource(NO_ENV::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token-url");
    }

    @Test
    void environmentFallbacksForLocalUse() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("CONFTEKTON_CONFLUENCE_CLIENT_ID", "publisher");
        env.put("CONFTEKTON_CONFLUENCE_CLIENT_SECRET", SECRET);
        env.put("CONFTEKTON_CONFLUENCE_TOKEN_URL", idp.tokenEndpoint());
        env.put("CONFTEKTON_CONFLUENCE_URL", "https://acme.atlassian.net/wiki");
        ConfluenceCredentials c = parse();

        assertThat(c.siteUrl(env::get)).isEqualTo("https://acme.atlassian.net/wiki");
        assertThat(claims(c.tokenSource(env::get).token()).getSubject()).isEqualTo("publisher");
        assertThat(parse().tokenSource(Map.of("CONFTEKTON_CONFLUENCE_TOKEN", "pat")::get)
                        .token()
                        .authorizationHeader())
                .isEqualTo("Bearer pat");
        assertThat(parse().tokenSource(Map.of("CONFTEKTON_TOKEN", "old-name")::get)
                        .token()
                        .authorizationHeader())
                .isEqualTo("Bearer old-name");
    }

    @Test
    void siteAliasAndEmptyValuesCountAsNotGiven() {
        assertThat(parse("--site=https://x.atlassian.net/wiki").siteUrl(NO_ENV::get))
                .isEqualTo("https://x.atlassian.net/wiki");
        assertThatThrownBy(() -> parse("--url=").siteUrl(NO_ENV::get)).hasMessageContaining("--url (alias --site)");
    }

    @Test
    void siteUrlFromTheOptionIsStrippedAsTheEnvironmentsIs() {
        // a Tekton param with a stray newline must not reach the HTTP client of publish or report-run
        assertThat(parse("--url", " https://wiki.example.com\n").siteUrl(NO_ENV::get))
                .isEqualTo("https://wiki.example.com");
    }

    @Test
    void incompleteDirectoryNamesFilesFoundAndMissingButNoValues() throws Exception {
        Path d = dir("client-id", "publisher", "api-token", SECRET, "empty", "");

        Throwable t = catchThrowable(() -> parse("--credentials-dir=" + d).tokenSource(NO_ENV::get));

        assertThat(t).isInstanceOf(IllegalArgumentException.class);
        assertThat(t.getMessage())
                .contains("found files [api-token, client-id]")
                .contains("'api-token' needs 'email'")
                .contains("'client-id' needs 'client-secret' or 'service-account-token'")
                .doesNotContain(SECRET)
                .doesNotContain("publisher");
    }

    @Test
    void emptyEnvironmentNamesTheVariables() {
        assertThatThrownBy(() -> parse().tokenSource(NO_ENV::get))
                .hasMessageContaining("CONFTEKTON_CONFLUENCE_TOKEN")
                .hasMessageContaining("CONFTEKTON_CONFLUENCE_CLIENT_SECRET")
                .hasMessageContaining("set now: none");
    }

    @Test
    void secretsNeverReachOutputOrExceptionMessages(ConfluenceEmulator emulator) throws Exception {
        // A rejected client secret, through the whole CLI: neither stdout, stderr nor the message carry it.
        Path d = dir("client-id", "publisher", "client-secret", "wrong-" + SECRET, "token-url", idp.tokenEndpoint());
        Throwable direct = catchThrowable(
                () -> parse("--credentials-dir=" + d).tokenSource(NO_ENV::get).token());
        assertThat(direct).isNotNull();
        assertThat(String.valueOf(direct.getMessage())).doesNotContain(SECRET);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ConftektonCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(
                "verify-approval",
                "--site=" + emulator.cloudUrl(),
                "--flavour=cloud",
                "--credentials-dir=" + d,
                "--page-id=1",
                "--space=DEV",
                "--approver-group=approvers");
        assertThat(code).isNotEqualTo(ExitCodes.OK);
        assertThat(out.toString() + err).doesNotContain(SECRET).isNotBlank();

        // A wrong API token against the emulator: the 401 is reported, the token is not.
        Path basic = dir("email", "robot@example.com", "api-token", "wrong-" + SECRET);
        StringWriter err2 = new StringWriter();
        CommandLine cl2 = ConftektonCommand.newCommandLine();
        cl2.setOut(new PrintWriter(new StringWriter(), true));
        cl2.setErr(new PrintWriter(err2, true));
        int code2 = cl2.execute(
                "verify-approval",
                "--url=" + emulator.cloudUrl(),
                "--flavour=cloud",
                "--credentials-dir=" + basic,
                "--page-id=1",
                "--space=DEV",
                "--approver-group=approvers");
        assertThat(code2).isEqualTo(ExitCodes.USAGE);
        assertThat(err2.toString()).doesNotContain(SECRET).isNotBlank();
    }

    @Test
    void verifyApprovalAcceptsTheTokenFileAgainstTheEmulator(ConfluenceEmulator emulator) throws Exception {
        String page = emulator.createPage("alice@example.com", "DEV", "Creds gate", "<p>x</p>", null);
        Path d = dir("token", "robot-pat");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ConftektonCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));

        int code = cl.execute(
                "verify-approval",
                "--site",
                emulator.cloudUrl(),
                "--flavour=cloud", // the emulator has no Data Center version-history endpoint
                "--credentials-dir=" + d,
                "--page-id=" + page,
                "--space=DEV",
                "--approver-group=approvers");

        assertThat(code)
                .as(err.toString())
                .isEqualTo(ExitCodes.CONDITION_FALSE); // read the page as the robot: not approved yet
        assertThat(out.toString()).contains("NOT APPROVED");
    }
}
