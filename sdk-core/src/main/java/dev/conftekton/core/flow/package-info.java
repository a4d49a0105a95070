/**
 * Client-side flow control: {@link dev.conftekton.core.flow.FlowControl}, a per-host AIMD
 * concurrency limit with an optional token-bucket rate, and its observable {@link
 * dev.conftekton.core.flow.FlowControl.Stats}.
 *
 * <pre>{@code
 * FlowControl flow = FlowControl.builder().initialLimit(8).maxLimit(32).requestsPerSecond(20).build();
 * RestClient client = RestClient.builder().baseUrl(url).flowControl(flow).build();
 * System.out.println(flow.stats().currentLimit());
 * }</pre>
 */
package dev.conftekton.core.flow;
