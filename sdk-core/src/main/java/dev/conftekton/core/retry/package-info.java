/**
 * Retry rules: {@link dev.conftekton.core.retry.RetryPolicy} and the injectable {@link
 * dev.conftekton.core.retry.Sleeper}.
 *
 * <pre>{@code
 * RestClient client = RestClient.builder()
 *         .baseUrl(url)
 *         .retryPolicy(RetryPolicy.builder().maxAttempts(6).budget(Duration.ofMinutes(5)).build())
 *         .build();
 * }</pre>
 */
package dev.conftekton.core.retry;
