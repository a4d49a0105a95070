/**
 * Verification of JWT bearer tokens: {@link dev.conftekton.identity.verify.JwtVerifier} checks a
 * token against an issuer's published keys and returns a {@link
 * dev.conftekton.identity.verify.VerifiedIdentity}, or throws {@link
 * dev.conftekton.identity.verify.TokenVerificationException} with a machine-readable reason.
 */
package dev.conftekton.identity.verify;
