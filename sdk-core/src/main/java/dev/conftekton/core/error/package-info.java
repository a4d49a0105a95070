/**
 * The SDK's one unchecked exception hierarchy, rooted at {@link
 * dev.conftekton.core.error.ConftektonException}: service answers ({@link
 * dev.conftekton.core.error.ServiceException} and a subclass per common status), transport failures
 * ({@link dev.conftekton.core.error.TransportException}, {@link
 * dev.conftekton.core.error.RequestTimeoutException}) and decoding failures ({@link
 * dev.conftekton.core.error.DecodingException}). Messages never contain secrets.
 *
 * <pre>{@code
 * try {
 *     client.execute(HttpRequest.get("/rest/api/content/42"));
 * } catch (NotFoundException e) {
 *     // absent or invisible
 * } catch (RateLimitedException e) {
 *     e.retryAt().ifPresent(at -> scheduleRetry(at));
 * }
 * }</pre>
 */
package dev.conftekton.core.error;
