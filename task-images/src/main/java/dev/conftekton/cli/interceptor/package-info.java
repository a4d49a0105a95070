/** {@code conftekton interceptor}: the Tekton Triggers interceptor for Confluence webhooks. */
package dev.conftekton.cli.interceptor;
