package dev.conftekton.cli.token;

import dev.conftekton.cli.AuditLog;
import dev.conftekton.cli.ExitCodes;
import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.auth.TokenSource;
import dev.conftekton.core.error.ConftektonException;
import dev.conftekton.core.error.TransportException;
import dev.conftekton.identity.token.AtlassianTokenSources;
import dev.conftekton.identity.token.ClientAuthentication;
import dev.conftekton.identity.token.ClientCredentialsTokenSource;
import dev.conftekton.identity.token.SecretFileTokenSource;
import dev.conftekton.identity.token.ServiceAccountTokenSource;
import dev.conftekton.identity.token.SigningKey;
import dev.conftekton.identity.token.TokenEndpointException;
import dev.conftekton.identity.token.TokenExchangeTokenSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code conftekton token get}: obtains a token from one configured source and prints only the
 * token on standard output (or writes it to a file readable by the owner only); what was obtained
 * (type, expiry, source) goes to standard error, never the token.
 */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = {
            "Obtain a token for a pipeline step: from a file, the pod's service-account token, OAuth client"
                    + " credentials (secret, private key or a federated assertion such as the service-account"
                    + " token) or RFC 8693 token exchange.",
            "Prints only the token (or writes --output); metadata goes to stderr. Secrets are read from files or"
                    + " CONFTEKTON_CLIENT_SECRET, never from arguments."
        },
        footer = TokenCommand.FOOTER)
final class TokenGetCommand implements Callable<Integer> {
    static final String SECRET_ENV = "CONFTEKTON_CLIENT_SECRET";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Read the token from this file.")
    Path tokenFile;

    @Option(
            names = "--service-account",
            description = "Use the pod's projected service-account token (see --service-account-path).")
    boolean serviceAccount;

    @Option(
            names = "--service-account-path",
            paramLabel = "FILE",
            description =
                    "Where the projected token is mounted; default " + ServiceAccountTokenSource.DEFAULT_PATH + ".")
    Path serviceAccountPath;

    @Option(names = "--token-endpoint", paramLabel = "URL", description = "An OAuth 2.0 token endpoint.")
    URI tokenEndpoint;

    @Option(names = "--atlassian", description = "Atlassian Cloud service account (auth.atlassian.com).")
    boolean atlassian;

    @Option(
            names = "--confluence-dc",
            paramLabel = "BASE_URL",
            description = "Confluence Data Center at BASE_URL (token endpoint /rest/oauth2/latest/token).")
    URI confluenceDc;

    @Option(names = "--client-id", paramLabel = "ID")
    String clientId;

    @Option(
            names = "--client-secret-file",
            paramLabel = "FILE",
            description = "The client secret; or set " + SECRET_ENV + ".")
    Path clientSecretFile;

    @Option(
            names = "--client-auth",
            paramLabel = "basic|post",
            description = "How a client secret is sent; default basic (post for the Atlassian presets).")
    String clientAuth;

    @Option(
            names = "--private-key-file",
            paramLabel = "FILE",
            description = "private_key_jwt: a PKCS#8 PEM or JWK private key.")
    Path privateKeyFile;

    @Option(names = "--key-id", paramLabel = "KID", description = "The kid for --private-key-file (PEM).")
    String keyId;

    @Option(
            names = "--client-assertion-file",
            paramLabel = "FILE",
            description = "A federated client assertion, such as a projected service-account token.")
    Path clientAssertionFile;

    @Option(names = "--scope", paramLabel = "SCOPE", description = "Requested scope; repeatable.")
    List<String> scopes = new ArrayList<>();

    @Option(names = "--audience", paramLabel = "AUD", description = "Requested audience; repeatable.")
    List<String> audiences = new ArrayList<>();

    @Option(names = "--resource", paramLabel = "URI", description = "Requested resource; repeatable.")
    List<String> resources = new ArrayList<>();

    @Option(
            names = "--subject-token-file",
            paramLabel = "FILE",
            description = "Exchange this token (RFC 8693) instead of using client credentials.")
    Path subjectTokenFile;

    @Option(names = "--subject-token-type", paramLabel = "URN", description = "Default: access_token.")
    String subjectTokenType = TokenExchangeTokenSource.ACCESS_TOKEN_TYPE;

    @Option(names = "--requested-token-type", paramLabel = "URN")
    String requestedTokenType;

    @Option(names = "--allow-insecure-http", description = "Allow a plain-http token endpoint on a non-loopback host.")
    boolean allowInsecureHttp;

    @Option(
            names = "--audit-log",
            paramLabel = "FILE",
            description = "Append an audit event for the token request to FILE as a JSON line (never the token).")
    Path auditLog;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the token to FILE (mode 600) instead of standard output.")
    Path output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TokenSource source;
        String description;
        try {
            int kinds = (tokenFile != null ? 1 : 0)
                    + (serviceAccount ? 1 : 0)
                    + (tokenEndpoint != null ? 1 : 0)
                    + (atlassian ? 1 : 0)
                    + (confluenceDc != null ? 1 : 0);
            if (kinds != 1) {
                return usage(
                        err,
                        "choose exactly one source: --token-file, --service-account, --token-endpoint, --atlassian"
                                + " or --confluence-dc");
            }
            if (tokenFile != null) {
                source = SecretFileTokenSource.of(tokenFile);
                description = "file " + tokenFile;
            } else if (serviceAccount) {
                source = ServiceAccountTokenSource.builder()
                        .path(
                                serviceAccountPath != null
                                        ? serviceAccountPath
                                        : Path.of(ServiceAccountTokenSource.DEFAULT_PATH))
                        .build();
                description = "service-account token " + ((ServiceAccountTokenSource) source).path();
            } else {
                URI endpoint = atlassian
                        ? AtlassianTokenSources.ATLASSIAN_TOKEN_ENDPOINT
                        : confluenceDc != null
                                ? AtlassianTokenSources.dataCenterTokenEndpoint(confluenceDc)
                                : tokenEndpoint;
                if (clientId == null) {
                    return usage(err, "--client-id is required with a token endpoint");
                }
                ClientAuthentication auth = authentication(atlassian || confluenceDc != null);
                if (subjectTokenFile != null) {
                    TokenExchangeTokenSource.Builder b = TokenExchangeTokenSource.builder()
                            .tokenEndpoint(endpoint)
                            .clientAuthentication(auth)
                            .subjectToken(SecretFileTokenSource.of(subjectTokenFile), subjectTokenType);
                    audiences.forEach(b::audience);
                    resources.forEach(b::resource);
                    scopes.forEach(b::scope);
                    if (requestedTokenType != null) {
                        b.requestedTokenType(requestedTokenType);
                    }
                    if (allowInsecureHttp) {
                        b.allowInsecureHttp();
                    }
                    b.auditSink(AuditLog.to(auditLog));
                    source = b.build();
                    description = "token exchange at " + endpoint + " as " + auth;
                } else {
                    ClientCredentialsTokenSource.Builder b = ClientCredentialsTokenSource.builder()
                            .tokenEndpoint(endpoint)
                            .clientAuthentication(auth);
                    if (audiences.size() > 1) {
                        return usage(err, "client credentials take one --audience");
                    }
                    audiences.forEach(b::audience);
                    resources.forEach(b::resource);
                    scopes.forEach(b::scope);
                    if (allowInsecureHttp) {
                        b.allowInsecureHttp();
                    }
                    b.auditSink(AuditLog.to(auditLog));
                    source = b.build();
                    description = "client credentials at " + endpoint + " as " + auth;
                }
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            return usage(err, e.getMessage());
        } catch (IOException e) {
            return usage(err, "cannot read " + e.getMessage());
        }

        AccessToken token;
        try {
            token = source.token();
        } catch (TokenEndpointException e) {
            err.println("conftekton token get: " + e.getMessage());
            err.flush();
            return e.statusCode() >= 500 ? ExitCodes.REMOTE_FAILURE : ExitCodes.USAGE;
        } catch (TransportException e) {
            err.println("conftekton token get: " + e.getMessage());
            err.flush();
            return ExitCodes.REMOTE_FAILURE;
        } catch (ConftektonException e) {
            err.println("conftekton token get: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }

        try {
            if (output != null) {
                write(output, token.value().reveal());
            } else {
                out.println(token.value().reveal());
                out.flush();
            }
        } catch (IOException e) {
            return usage(err, "cannot write " + output + ": " + e.getMessage());
        }
        err.println("conftekton token get: " + token.scheme() + " token from " + description + expiry(token)
                + (output != null ? ", written to " + output : ""));
        err.flush();
        return ExitCodes.OK;
    }

    private ClientAuthentication authentication(boolean preset) throws IOException {
        int methods = (privateKeyFile != null ? 1 : 0) + (clientAssertionFile != null ? 1 : 0);
        if (methods > 1) {
            throw new IllegalArgumentException("choose one of --private-key-file and --client-assertion-file");
        }
        if (privateKeyFile != null) {
            String text = TokenInput.readFile(privateKeyFile, "private key file");
            return ClientAuthentication.privateKeyJwt(
                    clientId,
                    text.stripLeading().startsWith("{")
                            ? SigningKey.fromJwk(text)
                            : SigningKey.fromPemFile(privateKeyFile, keyId));
        }
        if (clientAssertionFile != null) {
            return ClientAuthentication.federated(clientId, SecretFileTokenSource.of(clientAssertionFile));
        }
        String secret = null;
        if (clientSecretFile != null) {
            secret = TokenInput.readFile(clientSecretFile, "client secret file").strip();
        } else if (System.getenv(SECRET_ENV) != null) {
            secret = System.getenv(SECRET_ENV).strip();
        }
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("no client credential: give --client-secret-file, " + SECRET_ENV
                    + ", --private-key-file or --client-assertion-file");
        }
        String method = clientAuth != null ? clientAuth : preset ? "post" : "basic";
        return switch (method) {
            case "basic" -> ClientAuthentication.clientSecretBasic(clientId, Secret.of(secret));
            case "post" -> ClientAuthentication.clientSecretPost(clientId, Secret.of(secret));
            default -> throw new IllegalArgumentException("--client-auth must be basic or post");
        };
    }

    private static String expiry(AccessToken token) {
        if (token.expiresAt() == null) {
            return ", expiry unknown";
        }
        long seconds = Duration.between(Instant.now(), token.expiresAt()).toSeconds();
        return ", expires at " + token.expiresAt() + " (in " + seconds + " s)";
    }

    /** Writes atomically into a file readable by the owner only. */
    private static void write(Path target, String token) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp;
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            tmp = Files.createTempFile(
                    dir,
                    ".token",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            tmp = Files.createTempFile(dir, ".token", ".tmp");
        }
        try {
            Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static int usage(PrintWriter err, String message) {
        err.println("conftekton token get: " + message);
        err.flush();
        return ExitCodes.USAGE;
    }
}
