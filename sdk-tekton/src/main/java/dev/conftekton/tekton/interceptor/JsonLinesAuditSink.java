package dev.conftekton.tekton.interceptor;

import dev.conftekton.core.audit.AuditEvent;
import dev.conftekton.core.audit.AuditSink;
import dev.conftekton.tekton.interceptor.internal.JsonWriter;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes each audit event as one JSON object per line (for log collectors):
 * {@code {"time":...,"level":"INFO","logger":"audit","actor":...,"action":...,"resource":...,
 * "decision":...,"reason":...,"correlation":{...}}}. Thread-safe; never throws.
 */
public final class JsonLinesAuditSink implements AuditSink {
    private final PrintStream out;

    public JsonLinesAuditSink(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void record(AuditEvent event) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", event.time().toString());
        line.put("level", event.decision() == AuditEvent.Decision.DENY ? "WARN" : "INFO");
        line.put("logger", "audit");
        line.put("actor", event.actor());
        line.put("action", event.action());
        line.put("resource", event.resource());
        line.put("decision", event.decision().name());
        line.put("reason", event.reason());
        line.put("correlation", event.correlation());
        String json = JsonWriter.write(line);
        synchronized (out) {
            out.println(json);
            out.flush();
        }
    }
}
