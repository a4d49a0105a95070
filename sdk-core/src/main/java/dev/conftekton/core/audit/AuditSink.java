package dev.conftekton.core.audit;

/** Receives audit events. Implementations must be thread-safe and must not throw. */
@FunctionalInterface
public interface AuditSink {
    void record(AuditEvent event);

    /** A sink that drops every event. */
    static AuditSink discarding() {
        return event -> {};
    }
}
