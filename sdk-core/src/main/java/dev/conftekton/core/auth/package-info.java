/**
 * Credentials: {@link dev.conftekton.core.auth.Secret} (never shown), {@link
 * dev.conftekton.core.auth.AccessToken} and the {@link dev.conftekton.core.auth.TokenSource} that
 * clients take and sdk-identity implements.
 *
 * <pre>{@code
 * TokenSource pat = TokenSource.of(AccessToken.bearer(System.getenv("CONFLUENCE_PAT")));
 * RestClient client = RestClient.builder().baseUrl(url).tokenSource(pat).build();
 * }</pre>
 */
package dev.conftekton.core.auth;
