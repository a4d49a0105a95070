package dev.conftekton.cli;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.conftekton.core.audit.AuditEvent;
import dev.conftekton.core.audit.AuditSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Appends audit events to a file as JSON lines (one object per event): time, actor, action,
 * resource, decision, reason, correlation. The {@code --audit-log FILE} of the commands that audit.
 */
public final class AuditLog implements AuditSink {
    private final Path file;

    private AuditLog(Path file) {
        this.file = file;
    }

    /** A sink appending to {@code file}, or one that discards events when {@code file} is null. */
    public static AuditSink to(Path file) {
        return file == null ? AuditSink.discarding() : new AuditLog(file);
    }

    @Override
    public synchronized void record(AuditEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", e.time().toString());
        m.put("actor", e.actor());
        m.put("action", e.action());
        m.put("resource", e.resource());
        m.put("decision", e.decision().name());
        m.put("reason", e.reason());
        m.put("correlation", e.correlation());
        try {
            Files.writeString(
                    file,
                    JSONObjectUtils.toJSONString(m) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot append to audit log " + file, ex);
        }
    }
}
