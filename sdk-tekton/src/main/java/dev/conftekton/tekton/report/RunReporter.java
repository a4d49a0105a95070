package dev.conftekton.tekton.report;

import dev.conftekton.confluence.publish.BuildRecords;
import dev.conftekton.confluence.publish.BuildRecords.RecordResult;
import dev.conftekton.confluence.publish.ConfluencePublishTarget;
import dev.conftekton.core.http.RestClient;
import dev.conftekton.core.retry.Sleeper;
import dev.conftekton.tekton.ConfluencePage;
import dev.conftekton.tekton.RunOutcome;
import dev.conftekton.tekton.RunParam;
import dev.conftekton.tekton.RunState;
import io.fabric8.tekton.v1.PipelineRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Writes a finished PipelineRun's status, duration and results to Confluence through the
 * publishing engine's record mode ({@link BuildRecords}, the code behind {@code conftekton publish
 * record}): a record page titled {@code PipelineRun NS/NAME} in a space and/or a row on a log
 * page. Immutable and thread-safe.
 *
 * <pre>{@code
 * RunReporter reporter = RunReporter.builder()
 *         .rest(RestClient.builder().baseUrl("https://example.atlassian.net/wiki")
 *                 .tokenSource(tokens).build())
 *         .space("OPS")
 *         .logPageId("884412")
 *         .build();
 * RunReport report = reporter.report(pipelineRun);
 * report.page().map(RecordResult::url).ifPresent(System.out::println);
 * }</pre>
 *
 * <p><b>Idempotent.</b> Everything written is derived from the run alone (no "reported at"
 * time), so reporting the same run again finds the page by its title and leaves it as it is (no
 * new version), and finds its log row already there (no second row). Reporting from several
 * replicas at once is safe for the same reason, and concurrent log appends are retried on
 * conflicts by {@link BuildRecords}.
 */
public final class RunReporter {
    /** Labels every record page carries, besides {@code run-<state>}. */
    public static final String LABEL = "conftekton-run";
    /** The log table's columns, used when the log page has no table yet. */
    public static final List<String> LOG_HEADER = List.of("Run", "Pipeline", "Status", "Duration", "Finished");

    private static final int MAX_VALUE_CHARS = 2000;
    private static final Pattern SPACE_KEY = Pattern.compile("~?[A-Za-z0-9._@:-]{1,255}");

    private final RestClient rest;
    private final BuildRecords records;
    private final String space;
    private final String parentPageId;
    private final String logPageId;
    private final String titlePrefix;
    private volatile String spaceHomeId;

    private RunReporter(Builder b) {
        this.rest = b.rest;
        this.records = BuildRecords.create(b.rest, b.sleeper);
        this.space = b.space;
        this.parentPageId = b.parentPageId;
        this.logPageId = b.logPageId;
        this.titlePrefix = b.titlePrefix;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reports a finished run.
     *
     * @throws IllegalArgumentException when the run has not finished
     * @throws dev.conftekton.core.error.ConftektonException when Confluence refuses or fails
     */
    public RunReport report(PipelineRun run) {
        Objects.requireNonNull(run, "run");
        return report(run, RunOutcome.of(run));
    }

    /**
     * Reports a finished run whose outcome was read separately — as {@link
     * dev.conftekton.tekton.TektonRuns#watchFinished} does, keeping object-valued results that
     * fabric8's typed model drops.
     */
    public RunReport report(PipelineRun run, RunOutcome outcome) {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(outcome, "outcome");
        if (!outcome.isDone()) {
            throw new IllegalArgumentException("PipelineRun " + outcome.namespace() + "/" + outcome.name()
                    + " has not finished (" + outcome.state() + "); report it once it has");
        }
        Optional<RecordResult> page = Optional.empty();
        if (space != null) {
            String parent = parentPageId != null ? parentPageId : spaceHome();
            page = Optional.of(records.writePage(space, parent, recordMarkdown(run, outcome), Optional.empty()));
        }
        Optional<RecordResult> row = Optional.empty();
        if (logPageId != null) {
            row = Optional.of(records.appendRow(logPageId, LOG_HEADER, logCells(run, outcome)));
        }
        return new RunReport(outcome.namespace(), outcome.name(), outcome.state(), page, row);
    }

    /** The record page's title for a run: {@code <prefix>NS/NAME}. */
    public String title(RunOutcome outcome) {
        return titlePrefix + outcome.namespace() + "/" + outcome.name();
    }

    private String spaceHome() {
        String id = spaceHomeId;
        if (id == null) {
            id = new ConfluencePublishTarget(rest).spaceHome(space).id();
            spaceHomeId = id;
        }
        return id;
    }

    /** The record page as Markdown, every value inserted as text by {@link BuildRecords#fill}. */
    String recordMarkdown(PipelineRun run, RunOutcome o) {
        Map<String, String> v = new LinkedHashMap<>();
        StringBuilder t = new StringBuilder();
        t.append("---\nlabels:\n  - ")
                .append(LABEL)
                .append("\n  - run-")
                .append(o.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                .append("\n---\n");
        t.append("# {{title}}\n\n");
        v.put("title", title(o));
        t.append("| Field | Value |\n| --- | --- |\n");
        row(t, v, "Status", "status", status(o.state()));
        row(t, v, "Reason", "reason", o.reason());
        row(t, v, "Pipeline", "pipeline", pipeline(run));
        row(t, v, "Namespace", "namespace", o.namespace());
        row(t, v, "Run", "run", o.name());
        row(t, v, "Started", "started", o.startTime().map(Instant::toString).orElse("—"));
        row(
                t,
                v,
                "Finished",
                "finished",
                o.completionTime().map(Instant::toString).orElse("—"));
        row(
                t,
                v,
                "Duration",
                "duration",
                o.duration().map(RunReporter::duration).orElse("—"));
        confluencePage(run).ifPresent(p -> row(t, v, "Started by page", "page", p));
        if (!o.message().isEmpty()) {
            row(t, v, "Message", "message", o.message());
        }
        t.append("\n## Results\n\n");
        if (o.results().isEmpty()) {
            t.append("The run produced no results.\n");
        } else {
            t.append("| Result | Value |\n| --- | --- |\n");
            int i = 0;
            for (RunParam r : o.results().values()) {
                String n = "result_" + i++;
                t.append("| {{").append(n).append("_name}} | {{").append(n).append("_value}} |\n");
                v.put(n + "_name", r.name());
                v.put(n + "_value", shorten(value(r)));
            }
        }
        return BuildRecords.fill(t.toString(), v);
    }

    List<String> logCells(PipelineRun run, RunOutcome o) {
        return List.of(
                o.namespace() + "/" + o.name(),
                pipeline(run),
                status(o.state()),
                o.duration().map(RunReporter::duration).orElse("—"),
                o.completionTime().map(Instant::toString).orElse("—"));
    }

    private static void row(StringBuilder t, Map<String, String> v, String label, String key, String value) {
        t.append("| ").append(label).append(" | {{").append(key).append("}} |\n");
        v.put(key, shorten(value.isEmpty() ? "—" : value));
    }

    static String status(RunState state) {
        return switch (state) {
            case SUCCEEDED -> "Succeeded";
            case FAILED -> "Failed";
            case CANCELLED -> "Cancelled";
            case TIMED_OUT -> "Timed out";
            case RUNNING -> "Running";
            case PENDING -> "Pending";
        };
    }

    private static String pipeline(PipelineRun run) {
        if (run.getSpec() != null
                && run.getSpec().getPipelineRef() != null
                && run.getSpec().getPipelineRef().getName() != null) {
            return run.getSpec().getPipelineRef().getName();
        }
        return run.getSpec() != null && run.getSpec().getPipelineSpec() != null ? "(embedded pipelineSpec)" : "—";
    }

    private static Optional<String> confluencePage(PipelineRun run) {
        Map<String, String> a =
                run.getMetadata() == null ? null : run.getMetadata().getAnnotations();
        if (a == null || a.get(ConfluencePage.PAGE_ID) == null) {
            return Optional.empty();
        }
        StringBuilder s = new StringBuilder(a.get(ConfluencePage.PAGE_ID));
        String key = a.get(ConfluencePage.SPACE_KEY);
        String version = a.get(ConfluencePage.PAGE_VERSION);
        if (key != null || version != null) {
            List<String> parts = new ArrayList<>();
            if (key != null) {
                parts.add("space " + key);
            }
            if (version != null) {
                parts.add("version " + version);
            }
            s.append(" (").append(String.join(", ", parts)).append(')');
        }
        return Optional.of(s.toString());
    }

    private static String value(RunParam r) {
        return switch (r.type()) {
            case STRING -> r.string();
            case ARRAY -> String.join(", ", r.array());
            case OBJECT -> {
                List<String> parts = new ArrayList<>();
                r.object().forEach((k, val) -> parts.add(k + "=" + val));
                yield String.join(", ", parts);
            }
        };
    }

    private static String shorten(String s) {
        return s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS) + "…";
    }

    /** {@code 1h 2m 3s}, {@code 2m 30s}, {@code 45s}; below a second {@code 0s}. */
    static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        if (h > 0) {
            return h + "h " + m + "m " + sec + "s";
        }
        return m > 0 ? m + "m " + sec + "s" : sec + "s";
    }

    /**
     * Builds a {@link RunReporter}. Required: {@link #rest} and at least one of {@link #space}
     * (record pages) and {@link #logPageId} (log rows).
     */
    public static final class Builder {
        private RestClient rest;
        private Sleeper sleeper = Sleeper.system();
        private String space;
        private String parentPageId;
        private String logPageId;
        private String titlePrefix = "PipelineRun ";

        private Builder() {}

        /** The Confluence client (base URL: the site's API root, e.g. {@code https://SITE/wiki}). */
        public Builder rest(RestClient rest) {
            this.rest = Objects.requireNonNull(rest, "rest");
            return this;
        }

        /** Writes one record page per run in this space. */
        public Builder space(String spaceKey) {
            Objects.requireNonNull(spaceKey, "spaceKey");
            if (!SPACE_KEY.matcher(spaceKey).matches()) {
                throw new IllegalArgumentException("'" + spaceKey + "' is not a Confluence space key");
            }
            this.space = spaceKey;
            return this;
        }

        /** The parent of new record pages (default: the space's home page). */
        public Builder parentPageId(String pageId) {
            this.parentPageId = digits(pageId, "parentPageId");
            return this;
        }

        /** Appends one row per run to the table on this page (creating the table if there is none). */
        public Builder logPageId(String pageId) {
            this.logPageId = digits(pageId, "logPageId");
            return this;
        }

        /** Prefix of record page titles (default {@code "PipelineRun "}); titles are unique per space. */
        public Builder titlePrefix(String prefix) {
            this.titlePrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /** Waits between retries after write conflicts (tests pass a no-op). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        public RunReporter build() {
            if (rest == null) {
                throw new IllegalStateException("RunReporter needs a Confluence client: builder().rest(restClient)");
            }
            if (space == null && logPageId == null) {
                throw new IllegalStateException(
                        "RunReporter needs somewhere to write: space(KEY) for record pages and/or logPageId(ID)");
            }
            if (parentPageId != null && space == null) {
                throw new IllegalStateException("parentPageId needs space(KEY): the space of the record pages");
            }
            return new RunReporter(this);
        }

        private static String digits(String id, String name) {
            Objects.requireNonNull(id, name);
            if (!id.matches("[0-9]{1,30}")) {
                throw new IllegalArgumentException(name + " must be a page id (digits), got '" + id + "'");
            }
            return id;
        }
    }
}
