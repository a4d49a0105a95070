package dev.conftekton.core.audit;

import dev.conftekton.core.redact.Redactor;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each {@link AuditEvent} as one JSON line at INFO to the slf4j logger {@value #LOGGER}, so
 * that operators route audit records with their logging configuration.
 *
 * <pre>{@code
 * AuditSink audit = Slf4jAuditSink.create(redactor);
 * audit.record(new AuditEvent(Instant.now(), actor, "page:write", "confluence:page/123",
 *         AuditEvent.Decision.ALLOW, "policy publishers", Map.of("pipelineRun", run)));
 * // {"time":"2026-11-23T18:00:00Z","actor":"...","action":"page:write",...}
 * }</pre>
 *
 * <p>Every string is redacted with the given {@link Redactor} and JSON-escaped (quotes,
 * backslashes, control characters, U+2028/U+2029), so a hostile value can neither break the line
 * nor forge another record. Never throws.
 */
public final class Slf4jAuditSink implements AuditSink {
    /** The logger name audit lines are written to. */
    public static final String LOGGER = "conftekton.audit";

    private final Logger logger;
    private final Redactor redactor;

    private Slf4jAuditSink(Logger logger, Redactor redactor) {
        this.logger = logger;
        this.redactor = redactor;
    }

    /** A sink masking only the built-in patterns (no registered secrets). */
    public static Slf4jAuditSink create() {
        return create(Redactor.create());
    }

    /** A sink masking {@code redactor}'s secrets. */
    public static Slf4jAuditSink create(Redactor redactor) {
        return new Slf4jAuditSink(LoggerFactory.getLogger(LOGGER), Objects.requireNonNull(redactor, "redactor"));
    }

    @Override
    public void record(AuditEvent event) {
        try {
            if (logger.isInfoEnabled()) {
                logger.info(jsonLine(event, redactor));
            }
        } catch (RuntimeException e) {
            // An audit sink must not break the operation it records.
        }
    }

    /** {@code event} as one line of JSON, strings redacted by {@code redactor}. */
    public static String jsonLine(AuditEvent event, Redactor redactor) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(redactor, "redactor");
        StringBuilder sb = new StringBuilder(256);
        sb.append('{');
        field(sb, "time", event.time().toString(), redactor).append(',');
        field(sb, "actor", event.actor(), redactor).append(',');
        field(sb, "action", event.action(), redactor).append(',');
        field(sb, "resource", event.resource(), redactor).append(',');
        field(sb, "decision", event.decision().name(), redactor).append(',');
        field(sb, "reason", event.reason(), redactor).append(',');
        string(sb, "correlation").append(":{");
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(event.correlation()).entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            field(sb, redactor.redact(e.getKey()), e.getValue(), redactor);
        }
        return sb.append("}}").toString();
    }

    private static StringBuilder field(StringBuilder sb, String name, String value, Redactor redactor) {
        string(sb, name).append(':');
        return value == null ? sb.append("null") : string(sb, redactor.redact(value));
    }

    static StringBuilder string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20
                            || c == 0x7f
                            || c == '\u2028'
                            || c == '\u2029'
                            || (Character.isSurrogate(c) && !validSurrogateAt(s, i))) {
                        if (Character.isSurrogate(c) && !validSurrogateAt(s, i)) {
                            sb.append("\\ufffd");
                        } else {
                            sb.append(String.format("\\u%04x", (int) c));
                        }
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }

    private static boolean validSurrogateAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    @Override
    public String toString() {
        return "Slf4jAuditSink[" + LOGGER + "]";
    }
}
