/**
 * The {@code conftekton token} commands: {@code get} obtains a workload-identity token for a
 * pipeline step, {@code verify} checks a token (and optionally a policy decision) the way a
 * receiving service would.
 */
package dev.conftekton.cli.token;
