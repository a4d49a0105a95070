/**
 * Token sources for workload identity: where the credential that a conftekton client sends comes
 * from.
 *
 * <p>Every source implements {@link dev.conftekton.core.auth.TokenSource}. Pick one by where the
 * credential lives:
 *
 * <ul>
 *   <li>{@link dev.conftekton.identity.token.StaticTokenSource}: a fixed secret (tests, local runs);
 *   <li>{@link dev.conftekton.identity.token.SecretFileTokenSource}: a file that is re-read when it
 *       changes (mounted secrets, projected tokens);
 *   <li>{@link dev.conftekton.identity.token.ServiceAccountTokenSource}: the pod's projected
 *       Kubernetes service-account token;
 *   <li>{@link dev.conftekton.identity.token.ClientCredentialsTokenSource}: the OAuth 2.0 client
 *       credentials grant, with the client authenticated by secret, by {@code private_key_jwt}, or
 *       by a federated assertion from another source ({@link
 *       dev.conftekton.identity.token.ClientAuthentication});
 *   <li>{@link dev.conftekton.identity.token.TokenExchangeTokenSource}: RFC 8693 token exchange;
 *   <li>{@link dev.conftekton.identity.token.AtlassianTokenSources}: presets for Atlassian Cloud
 *       service accounts and Confluence Data Center.
 * </ul>
 *
 * <p>Sources that call a token endpoint do not cache; wrap them in {@link
 * dev.conftekton.identity.token.CachingTokenSource} (or call {@code cached()}), which refreshes ahead
 * of expiry, lets one thread refresh at a time, backs off after failures and never hands out an
 * expired token:
 *
 * <pre>{@code
 * TokenSource pipeline = ClientCredentialsTokenSource.builder()
 *         .tokenEndpoint("https://keycloak.example/realms/ci/protocol/openid-connect/token")
 *         .clientAuthentication(ClientAuthentication.federated("tekton-publisher",
 *                 ServiceAccountTokenSource.fromDefaultPath()))
 *         .build()
 *         .cached();
 * }</pre>
 */
package dev.conftekton.identity.token;
