/**
 * Secret masking for logs, exception messages and {@code toString()}: {@link
 * dev.conftekton.core.redact.Redactor}.
 *
 * <pre>{@code
 * Redactor redactor = client.redactor();
 * redactor.register(webhookSecret);
 * log.warn(redactor.redact(untrustedText));
 * }</pre>
 */
package dev.conftekton.core.redact;
