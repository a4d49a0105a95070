/**
 * A Tekton Triggers ClusterInterceptor that lets only verified Confluence Data Center webhook
 * events through.
 *
 * <pre>{@code
 * ConfluenceInterceptor interceptor = ConfluenceInterceptor.builder()
 *         .secretFile(Path.of("/var/run/secrets/confluence/webhook-secret"))
 *         .auditSink(new JsonLinesAuditSink(System.out))
 *         .build();
 * try (InterceptorServer server = InterceptorServer.builder(interceptor).port(8443)
 *         .tls(Path.of("tls.crt"), Path.of("tls.key")).build().start()) {
 *     server.awaitShutdown();
 * }
 * }</pre>
 *
 * <p>See {@code docs/interceptor.md} for the protocol, the codes and the payload assumptions.
 */
package dev.conftekton.tekton.interceptor;
