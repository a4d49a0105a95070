package dev.conftekton.core.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One auditable decision or action: who did what to which resource, what was decided and why.
 *
 * <p>Never put a token or other secret in any field; identities are named by issuer and subject.
 *
 * @param time when it happened
 * @param actor the verified identity, for example {@code https://issuer#system:serviceaccount:ci:publisher}
 * @param action what was attempted, for example {@code page:write} or {@code approval:verify}
 * @param resource what it was attempted on, for example {@code confluence:space/DOCS/page/123}
 * @param decision the outcome
 * @param reason a human-readable reason for the outcome
 * @param correlation correlation ids (pipeline run, request id, delivery id), never secrets
 */
public record AuditEvent(
        Instant time,
        String actor,
        String action,
        String resource,
        Decision decision,
        String reason,
        Map<String, String> correlation) {

    /** The outcome recorded in an audit event. */
    public enum Decision {
        ALLOW,
        DENY,
        SUCCESS,
        FAILURE
    }

    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(decision, "decision");
        reason = reason == null ? "" : reason;
        correlation = correlation == null ? Map.of() : Map.copyOf(correlation);
    }
}
