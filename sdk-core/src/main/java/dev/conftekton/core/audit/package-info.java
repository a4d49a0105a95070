/**
 * Audit records: {@link dev.conftekton.core.audit.AuditEvent} (who, action, resource, decision,
 * reason, correlation ids, time) and sinks, such as {@link dev.conftekton.core.audit.Slf4jAuditSink}
 * which writes JSON lines to the {@code conftekton.audit} logger.
 *
 * <pre>{@code
 * AuditSink audit = Slf4jAuditSink.create(redactor);
 * audit.record(new AuditEvent(clock.instant(), actor, "approval:verify", resource,
 *         AuditEvent.Decision.DENY, "no approval by a release manager", Map.of("pipelineRun", run)));
 * }</pre>
 */
package dev.conftekton.core.audit;
