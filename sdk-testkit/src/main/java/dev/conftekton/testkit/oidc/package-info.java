/**
 * An OpenID Connect / OAuth 2.0 issuer for tests, benchmarks and demos: {@link
 * dev.conftekton.testkit.oidc.OidcIssuer} serves discovery, JWKS and a token endpoint on a loopback
 * port, and mints tokens — valid, Kubernetes service-account shaped, or deliberately broken — with
 * {@link dev.conftekton.testkit.oidc.TokenMinter}.
 */
package dev.conftekton.testkit.oidc;
