package dev.conftekton.cli.publish;

import dev.conftekton.cli.AuditLog;
import dev.conftekton.core.audit.AuditEvent;
import dev.conftekton.core.audit.AuditSink;
import dev.conftekton.core.audit.Slf4jAuditSink;
import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.RestClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Option;

/**
 * The audit of the publish commands: options ({@code --audit-log}, {@code --run-id}) and one
 * {@link AuditEvent} per page written, archived or deleted, or refused. The actor is the account
 * Confluence reports for the credentials ({@code GET /rest/api/user/current}), asked once per run.
 * Events carry ids, titles and reasons, never credentials.
 */
final class PublishAudit {
    /** Actions, named as in the identity policy where it has a name for them. */
    static final String WRITE = "page:write";

    static final String ARCHIVE = "page:archive";
    static final String DELETE = "page:delete";

    /** The actor when Confluence could not say whose credentials these are. */
    static final String UNVERIFIED = "confluence:unverified";

    /** The picocli options, mixed into both commands. */
    static final class Options {
        @Option(
                names = "--audit-log",
                paramLabel = "FILE",
                description = "Append the audit events to FILE as JSON lines instead of logging them to"
                        + " the conftekton.audit logger (stderr). Never contains credentials.")
        Path auditLog;

        @Option(
                names = "--run-id",
                paramLabel = "ID",
                description = "The pipeline run, as correlation id in the audit events; default: $CONFTEKTON_RUN_ID.")
        String runId;

        /** The sink: {@code --audit-log}, checked to be writable now, else the slf4j audit logger. */
        AuditSink sink() {
            if (auditLog == null) {
                return Slf4jAuditSink.create();
            }
            try {
                Files.writeString(
                        auditLog, "", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot write --audit-log " + auditLog + ": " + e.getMessage());
            }
            return AuditLog.to(auditLog);
        }

        /** {@code --run-id}, else {@code CONFTEKTON_RUN_ID}, else null. */
        String runId(Map<String, String> env) {
            String run = runId != null && !runId.isBlank() ? runId : env.get("CONFTEKTON_RUN_ID");
            return run == null || run.isBlank() ? null : run.strip();
        }
    }

    private final AuditSink sink;
    private final Clock clock;
    private final String actor;
    private final String runId;
    private final AtomicInteger lost = new AtomicInteger();

    PublishAudit(AuditSink sink, Clock clock, String actor, String runId) {
        this.sink = sink;
        this.clock = clock;
        this.actor = actor;
        this.runId = runId;
    }

    /** The audit of one run: asks Confluence once whose credentials these are. */
    static PublishAudit start(Options options, Map<String, String> env, RestClient rest, Clock clock) {
        AuditSink sink = options.sink();
        return new PublishAudit(sink, clock, actor(rest), options.runId(env));
    }

    /**
     * {@code confluence:ACCOUNT} for the account Confluence verified for the client's credentials
     * (Cloud {@code accountId}, Data Center {@code userKey}), or {@link #UNVERIFIED} when it cannot
     * tell.
     */
    static String actor(RestClient rest) {
        try {
            Object answer = rest.executeJson(HttpRequest.get("rest/api/user/current"), Map.class);
            if (answer instanceof Map<?, ?> user) {
                for (String field : new String[] {"accountId", "userKey"}) {
                    if (user.get(field) instanceof String id && !id.isBlank()) {
                        return "confluence:" + id;
                    }
                }
            }
            return UNVERIFIED;
        } catch (RuntimeException e) {
            return UNVERIFIED;
        }
    }

    String actor() {
        return actor;
    }

    /**
     * Records one event on a page.
     *
     * @param spaceKey the page's space, or null when unknown
     * @param pageId the page, or null for a page that was not created
     */
    void page(
            String action,
            String spaceKey,
            String pageId,
            String title,
            AuditEvent.Decision decision,
            String reason,
            Map<String, String> more) {
        Map<String, String> correlation = new LinkedHashMap<>();
        if (runId != null) {
            correlation.put("pipelineRun", runId);
        }
        if (title != null) {
            correlation.put("title", title);
        }
        correlation.putAll(more);
        String page = "page/" + (pageId == null ? "new" : pageId);
        String resource = spaceKey == null ? "confluence:" + page : "confluence:space/" + spaceKey + "/" + page;
        try {
            sink.record(new AuditEvent(clock.instant(), actor, action, resource, decision, reason, correlation));
        } catch (RuntimeException e) {
            lost.incrementAndGet(); // reported once at the end, so a full disk does not fail page writes
        }
    }

    /** Prints a warning when events could not be written; true when all were. */
    boolean complete(PrintWriter err) {
        int n = lost.get();
        if (n > 0) {
            err.println("conftekton publish: " + n + " audit event(s) could not be written to the audit log");
        }
        return n == 0;
    }
}
