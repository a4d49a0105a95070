/**
 * HTTP for every conftekton client: {@link dev.conftekton.core.http.RestClient} (base URL,
 * credentials, retries, flow control, error mapping, JSON) on top of the small {@link
 * dev.conftekton.core.http.HttpTransport} interface, with immutable {@link
 * dev.conftekton.core.http.HttpRequest}s, {@link dev.conftekton.core.http.RequestBody}s and
 * {@link dev.conftekton.core.http.HttpResponse}s.
 *
 * <pre>{@code
 * RestClient client = RestClient.builder()
 *         .baseUrl("https://dc.example.com/confluence")
 *         .tokenSource(TokenSource.of(AccessToken.bearer(pat)))
 *         .build();
 * Content page = client.executeJson(
 *         HttpRequest.get("/rest/api/content/42").newBuilder().query("expand", "version").build(),
 *         Content.class);
 * }</pre>
 */
package dev.conftekton.core.http;
