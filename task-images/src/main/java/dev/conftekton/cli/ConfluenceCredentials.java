package dev.conftekton.cli;

import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.auth.TokenSource;
import dev.conftekton.identity.token.AtlassianTokenSources;
import dev.conftekton.identity.token.ClientAuthentication;
import dev.conftekton.identity.token.ClientCredentialsTokenSource;
import dev.conftekton.identity.token.SecretFileTokenSource;
import dev.conftekton.identity.token.ServiceAccountTokenSource;
import dev.conftekton.identity.token.TokenExchangeTokenSource;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * Where Confluence is and how to authenticate to it: the options every command that talks to
 * Confluence shares ({@code publish}, {@code publish record}, {@code verify-approval}), as a picocli
 * mixin.
 *
 * <p>Secrets come from files in {@code --credentials-dir} (a Tekton workspace or a mounted secret),
 * or, when no directory is given, from {@code CONFTEKTON_CONFLUENCE_*} variables; never from
 * arguments, which show up in process lists and in Tekton's stored TaskRun specs. The first complete
 * set of files wins:
 *
 * <ol>
 *   <li>{@code token}: a bearer token (Data Center personal access token, or an OAuth access token
 *       some other step keeps fresh; the file is re-read when it changes);
 *   <li>{@code email} + {@code api-token}: Atlassian Cloud Basic authentication;
 *   <li>{@code client-id} + {@code client-secret}: OAuth 2.0 client credentials; the token endpoint
 *       is {@code token-url} (file) or {@code --token-url}, else Atlassian's own (Cloud service
 *       accounts) or {@code {url}/rest/oauth2/latest/token} (Data Center);
 *   <li>{@code client-id} + {@code service-account-token} (or {@code --service-account-token FILE}):
 *       client credentials authenticated by the Kubernetes service-account token as a federated
 *       client assertion (workload identity); needs a token endpoint.
 * </ol>
 *
 * With {@code exchange-audience} (file or {@code --exchange-audience}) and a service-account token,
 * the service-account token is instead exchanged for a token for that audience (RFC 8693), the
 * client authenticating with its secret when there is one and with the assertion otherwise.
 * {@code scope} and {@code audience} (files or {@code --oauth-scope}/{@code --oauth-audience})
 * refine OAuth requests. Empty files count as absent. Errors name the files found and missing,
 * never their contents.
 */
public final class ConfluenceCredentials {
    /** Prefix of the environment variables read when no {@code --credentials-dir} is given. */
    public static final String ENV_PREFIX = "CONFTEKTON_CONFLUENCE_";

    private static final int MAX_FILE_BYTES = 64 * 1024;
    private static final String MODES = "'token' (bearer), 'email' + 'api-token' (Cloud Basic), 'client-id' +"
            + " 'client-secret' (OAuth client credentials) or 'client-id' + 'service-account-token' (workload"
            + " identity)";

    @Option(
            names = {"--url", "--site"},
            paramLabel = "URL",
            description = "Confluence site: https://SITE.atlassian.net/wiki on Cloud, the base URL (with context"
                    + " path) on Data Center. --site is an alias. Default: $CONFTEKTON_CONFLUENCE_URL.")
    String url;

    @Option(
            names = "--credentials-dir",
            paramLabel = "DIR",
            description = "Directory of credential files (a Tekton workspace or mounted secret): 'token', or"
                    + " 'email' + 'api-token', or 'client-id' + 'client-secret', or 'client-id' +"
                    + " 'service-account-token'; optional 'token-url', 'scope', 'audience', 'exchange-audience'."
                    + " Default: CONFTEKTON_CONFLUENCE_* variables. See docs/cli.md#credentials.")
    Path credentialsDir;

    @Option(
            names = "--token-url",
            paramLabel = "URL",
            description = "OAuth token endpoint (client credentials, workload identity, token exchange); overrides"
                    + " the 'token-url' file. Default for client secrets: Atlassian's.")
    String tokenUrl;

    @Option(
            names = "--oauth-scope",
            paramLabel = "SCOPE",
            description = "Scopes to request, space-separated; overrides the 'scope' file.")
    String scope;

    @Option(
            names = "--oauth-audience",
            paramLabel = "AUD",
            description = "The 'audience' parameter of client credentials requests; overrides the 'audience' file.")
    String audience;

    @Option(
            names = "--service-account-token",
            paramLabel = "FILE",
            description = "A projected Kubernetes service-account token, used with 'client-id' (workload"
                    + " identity); overrides the 'service-account-token' file.")
    Path serviceAccountToken;

    @Option(
            names = "--exchange-audience",
            paramLabel = "AUD",
            description = "Exchange the service-account token for a token for this audience (RFC 8693) at the"
                    + " token endpoint; overrides the 'exchange-audience' file.")
    String exchangeAudience;

    /**
     * The site URL from {@code --url}/{@code --site} or the environment, stripped; fails with a message
     * when absent.
     */
    public String siteUrl(Function<String, String> env) {
        String u = blankToNull(url) == null ? null : url.strip();
        if (u == null) {
            u = firstEnv(env, "CONFTEKTON_CONFLUENCE_URL", "CONFTEKTON_URL");
        }
        if (u == null) {
            throw new IllegalArgumentException(
                    "no Confluence site: give --url (alias --site) or set CONFTEKTON_CONFLUENCE_URL");
        }
        return u;
    }

    /**
     * The token source for the configured credentials; {@code env} is the process environment
     * (injected by tests). OAuth sources are cached and refreshed ahead of expiry.
     */
    public TokenSource tokenSource(Function<String, String> env) {
        Lookup in = credentialsDir != null ? new DirLookup(credentialsDir) : new EnvLookup(env);
        if (in.present("token").isPresent()) {
            return in instanceof DirLookup d
                    ? SecretFileTokenSource.of(d.file("token"))
                    : TokenSource.of(AccessToken.bearer(in.value("token").orElseThrow()));
        }
        Optional<String> email = in.value("email");
        Optional<String> apiToken = in.value("api-token");
        if (email.isPresent() && apiToken.isPresent()) {
            return TokenSource.of(AccessToken.basic(email.get(), Secret.of(apiToken.get())));
        }
        Optional<String> clientId = in.value("client-id");
        Optional<String> clientSecret = in.value("client-secret");
        Optional<Path> saToken = serviceAccountToken != null
                ? Optional.of(serviceAccountToken)
                : in.present("service-account-token").map(x -> in.path("service-account-token"));
        if (clientId.isPresent() && (clientSecret.isPresent() || saToken.isPresent())) {
            return oauth(in, env, clientId.get(), clientSecret, saToken);
        }
        throw new IllegalArgumentException(in.describeMissing(email, apiToken, clientId, saToken.isPresent()));
    }

    private TokenSource oauth(
            Lookup in,
            Function<String, String> env,
            String clientId,
            Optional<String> clientSecret,
            Optional<Path> sa) {
        if (sa.isPresent() && !Files.isRegularFile(sa.get())) {
            throw new IllegalArgumentException("service-account token file " + sa.get() + " does not exist; mount a"
                    + " projected serviceAccountToken there (see docs/cli.md#credentials)");
        }
        String endpoint = optionOrCredential(tokenUrl, in, "token-url");
        List<String> scopes = words(optionOrCredential(scope, in, "scope"));
        String aud = optionOrCredential(audience, in, "audience");
        String exchange = optionOrCredential(exchangeAudience, in, "exchange-audience");
        TokenSource assertion = sa.map(ServiceAccountTokenSource::fromPath).orElse(null);
        ClientAuthentication auth = clientSecret.isPresent()
                ? ClientAuthentication.clientSecretPost(clientId, Secret.of(clientSecret.get()))
                : ClientAuthentication.federated(clientId, assertion);
        if (exchange != null) {
            if (assertion == null) {
                throw new IllegalArgumentException("'exchange-audience' needs a subject token to exchange: add"
                        + " 'service-account-token' to the credentials (or give --service-account-token)");
            }
            if (endpoint == null) {
                throw new IllegalArgumentException("token exchange needs a token endpoint: add a 'token-url' file"
                        + " to the credentials or give --token-url");
            }
            TokenExchangeTokenSource.Builder b = TokenExchangeTokenSource.builder()
                    .tokenEndpoint(URI.create(endpoint))
                    .clientAuthentication(auth)
                    .subjectToken(assertion, TokenExchangeTokenSource.JWT_TOKEN_TYPE)
                    .audience(exchange);
            if (!scopes.isEmpty()) {
                b.scope(scopes.toArray(String[]::new));
            }
            return b.build().cached();
        }
        ClientCredentialsTokenSource.Builder b;
        if (endpoint != null) {
            b = ClientCredentialsTokenSource.builder()
                    .tokenEndpoint(URI.create(endpoint))
                    .clientAuthentication(auth);
        } else if (clientSecret.isEmpty()) {
            throw new IllegalArgumentException("workload identity (client-id + service-account-token) needs the"
                    + " token endpoint of your identity provider: add a 'token-url' file to the credentials or give"
                    + " --token-url");
        } else {
            String site = siteUrl(env);
            b = isCloud(site)
                    ? AtlassianTokenSources.cloudServiceAccount(clientId, Secret.of(clientSecret.get()))
                    : AtlassianTokenSources.confluenceDataCenter(
                            URI.create(site), clientId, Secret.of(clientSecret.get()));
        }
        if (!scopes.isEmpty()) {
            b.scope(scopes.toArray(String[]::new));
        }
        if (aud != null) {
            b.audience(aud);
        }
        return b.build().cached();
    }

    /** Whether {@code site} is Atlassian Cloud (a site or the API gateway) rather than Data Center. */
    static boolean isCloud(String site) {
        String host = URI.create(site.strip()).getHost();
        host = host == null ? "" : host.toLowerCase(Locale.ROOT);
        return host.endsWith(".atlassian.net") || host.equals("api.atlassian.com");
    }

    private static List<String> words(String s) {
        if (s == null || s.isBlank()) {
            return List.of();
        }
        return List.of(s.strip().split("[\\s,]+"));
    }

    /** The option when given (not blank), else the credential {@code name}; stripped, null when neither. */
    private static String optionOrCredential(String option, Lookup in, String name) {
        return blankToNull(option) != null ? option.strip() : in.value(name).orElse(null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String firstEnv(Function<String, String> env, String... names) {
        for (String n : names) {
            String v = blankToNull(env.apply(n));
            if (v != null) {
                return v.strip();
            }
        }
        return null;
    }

    /** Where credential values come from: a directory of files, or the environment. */
    private interface Lookup {
        /** The value of {@code name}, stripped; empty when absent or blank. */
        Optional<String> value(String name);

        /** The name under which {@code name} was found, when it was. */
        default Optional<String> present(String name) {
            return value(name).map(v -> name);
        }

        /** The file holding {@code name} (directory lookups only). */
        Path path(String name);

        String describeMissing(
                Optional<String> email, Optional<String> apiToken, Optional<String> clientId, boolean serviceAccount);
    }

    private static final class DirLookup implements Lookup {
        private final Path dir;

        DirLookup(Path dir) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--credentials-dir " + dir + " is not a directory");
            }
            this.dir = dir;
        }

        Path file(String name) {
            return dir.resolve(name);
        }

        @Override
        public Path path(String name) {
            return file(name);
        }

        @Override
        public Optional<String> value(String name) {
            Path f = dir.resolve(name);
            if (!Files.isRegularFile(f)) {
                return Optional.empty();
            }
            try {
                if (Files.size(f) > MAX_FILE_BYTES) {
                    throw new IllegalArgumentException("credential file '" + name + "' in " + dir + " is larger than "
                            + MAX_FILE_BYTES + " bytes; it is not a credential");
                }
                String v = Files.readString(f, StandardCharsets.UTF_8).strip();
                return v.isEmpty() ? Optional.empty() : Optional.of(v);
            } catch (IOException e) {
                // The exception text names the file, never what is in it.
                throw new IllegalArgumentException("cannot read credential file '" + name + "' in " + dir + ": "
                        + e.getClass().getSimpleName());
            }
        }

        @Override
        public String describeMissing(
                Optional<String> email, Optional<String> apiToken, Optional<String> clientId, boolean serviceAccount) {
            TreeSet<String> found = new TreeSet<>();
            try (Stream<Path> files = Files.list(dir)) {
                files.map(p -> p.getFileName().toString())
                        .filter(n -> !n.startsWith(".")) // Kubernetes secret volumes hold ..data links
                        .filter(n -> value(n).isPresent() || !Files.isRegularFile(dir.resolve(n)))
                        .forEach(found::add);
            } catch (IOException | IllegalArgumentException e) {
                // listing is only for the message
            }
            List<String> hints = new ArrayList<>();
            if (email.isPresent() != apiToken.isPresent()) {
                hints.add(email.isPresent() ? "'email' needs 'api-token'" : "'api-token' needs 'email'");
            }
            if (clientId.isPresent()) {
                hints.add("'client-id' needs 'client-secret' or 'service-account-token'");
            } else if (value("client-secret").isPresent() || serviceAccount) {
                hints.add("'client-secret'/'service-account-token' need 'client-id'");
            }
            return "no usable Confluence credentials in --credentials-dir " + dir + ": found "
                    + (found.isEmpty() ? "no non-empty files" : "files " + found)
                    + (hints.isEmpty() ? "" : "; " + String.join("; ", hints)) + ". Expected " + MODES
                    + " (see docs/cli.md#credentials)";
        }
    }

    private static final class EnvLookup implements Lookup {
        private final Function<String, String> env;

        EnvLookup(Function<String, String> env) {
            this.env = env;
        }

        static String variable(String name) {
            return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_');
        }

        @Override
        public Optional<String> value(String name) {
            String v = blankToNull(env.apply(variable(name)));
            if (v == null) {
                // names used by 'publish' before the options were shared
                v = switch (name) {
                    case "token" -> blankToNull(env.apply("CONFTEKTON_TOKEN"));
                    case "email" -> blankToNull(env.apply("CONFTEKTON_EMAIL"));
                    case "api-token" -> blankToNull(env.apply("CONFTEKTON_API_TOKEN"));
                    default -> null;
                };
            }
            return Optional.ofNullable(v).map(String::strip);
        }

        @Override
        public Optional<String> present(String name) {
            if (name.equals("service-account-token")) {
                return value("service-account-token-file").map(v -> name);
            }
            return Lookup.super.present(name);
        }

        @Override
        public Path path(String name) {
            return Path.of(value(name + "-file").orElseThrow());
        }

        @Override
        public String describeMissing(
                Optional<String> email, Optional<String> apiToken, Optional<String> clientId, boolean serviceAccount) {
            TreeSet<String> found = new TreeSet<>();
            for (String name : List.of(
                    "token",
                    "email",
                    "api-token",
                    "client-id",
                    "client-secret",
                    "service-account-token-file",
                    "token-url")) {
                if (blankToNull(env.apply(variable(name))) != null) {
                    found.add(variable(name));
                }
            }
            return "no Confluence credentials: give --credentials-dir DIR, or set " + variable("token") + ", or "
                    + variable("email") + " + " + variable("api-token") + ", or " + variable("client-id") + " + "
                    + variable("client-secret") + " (or + " + variable("service-account-token-file") + "); set now: "
                    + (found.isEmpty() ? "none" : found) + " (see docs/cli.md#credentials)";
        }
    }
}
