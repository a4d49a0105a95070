/**
 * {@code conftekton demo}: the quickstart. It starts the testkit's Confluence emulator and OIDC
 * issuer in-process and runs the real {@code token verify}, {@code publish}, {@code publish record}
 * and {@code verify-approval} commands against them, as a release pipeline would.
 */
package dev.conftekton.cli.demo;
