package dev.conftekton.identity.token;

import dev.conftekton.core.auth.Secret;
import java.net.URI;
import java.util.Objects;

/**
 * Presets for Atlassian's OAuth 2.0 client credentials: Atlassian Cloud service accounts and
 * Confluence Data Center service accounts. Both send the client id and secret as form fields
 * ({@code client_secret_post}) and return a builder, so scopes, clock and audit can still be set.
 *
 * <pre>{@code
 * TokenSource cloud = AtlassianTokenSources.cloudServiceAccount(clientId, Secret.of(secret))
 *         .build()
 *         .cached();
 * TokenSource dc = AtlassianTokenSources.confluenceDataCenter(
 *                 URI.create("https://confluence.example/confluence"), clientId, Secret.of(secret))
 *         .scope("READ", "WRITE")
 *         .build()
 *         .cached();
 * }</pre>
 */
public final class AtlassianTokenSources {
    /** Atlassian Cloud's OAuth 2.0 token endpoint. */
    public static final URI ATLASSIAN_TOKEN_ENDPOINT = URI.create("https://auth.atlassian.com/oauth/token");

    /** The token endpoint path of Confluence Data Center, relative to its base URL. */
    public static final String DATA_CENTER_TOKEN_PATH = "/rest/oauth2/latest/token";

    private AtlassianTokenSources() {}

    /**
     * An Atlassian Cloud service account's OAuth 2.0 credential. The tokens are used against {@code
     * https://api.atlassian.com/ex/confluence/{cloudId}/...}.
     */
    public static ClientCredentialsTokenSource.Builder cloudServiceAccount(String clientId, Secret clientSecret) {
        return ClientCredentialsTokenSource.builder()
                .tokenEndpoint(ATLASSIAN_TOKEN_ENDPOINT)
                .clientAuthentication(ClientAuthentication.clientSecretPost(clientId, clientSecret));
    }

    /**
     * A Confluence Data Center service account; {@code baseUrl} includes any context path, such as
     * {@code https://confluence.example/confluence}.
     */
    public static ClientCredentialsTokenSource.Builder confluenceDataCenter(
            URI baseUrl, String clientId, Secret clientSecret) {
        return ClientCredentialsTokenSource.builder()
                .tokenEndpoint(dataCenterTokenEndpoint(baseUrl))
                .clientAuthentication(ClientAuthentication.clientSecretPost(clientId, clientSecret));
    }

    /** {@code {baseUrl}/rest/oauth2/latest/token}, keeping the base URL's context path. */
    public static URI dataCenterTokenEndpoint(URI baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!baseUrl.isAbsolute() || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL: " + baseUrl);
        }
        if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("baseUrl must not have a query or fragment: " + baseUrl);
        }
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(baseUrl.getScheme() + "://" + baseUrl.getRawAuthority() + path + DATA_CENTER_TOKEN_PATH);
    }
}
