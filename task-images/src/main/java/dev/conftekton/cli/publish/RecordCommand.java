package dev.conftekton.cli.publish;

import dev.conftekton.cli.EmptyOptionValues;
import dev.conftekton.cli.ExitCodes;
import dev.conftekton.cli.InputFiles;
import dev.conftekton.cli.Results;
import dev.conftekton.confluence.publish.BuildRecords;
import dev.conftekton.confluence.publish.ConfluencePublishTarget;
import dev.conftekton.confluence.publish.PublishException;
import dev.conftekton.core.audit.AuditEvent;
import dev.conftekton.core.error.ConftektonException;
import dev.conftekton.core.http.RestClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code conftekton publish record}: a record page from a template and/or a row on a log page. */
@Command(
        name = "record",
        mixinStandardHelpOptions = true,
        description = {
            "Record a build in Confluence: create or update a page from a Markdown template, and/or append a row to"
                    + " the table on a log page (safe when many runs append at once).",
            "Placeholders {{name}} are filled from --set name=value and from CONFTEKTON_VAR_NAME variables"
                    + " (NAME lower-cased); an unknown placeholder is an error.",
            "With --digest the page stores the artifact digest in the content property conftekton-release,"
                    + " which the approval gate binds approvals to.",
            ""
        },
        footer = {
            "%nTekton results (--results-dir): page-id, page-url, page-version (the record page, else the log page).",
            "%nAudit: a page:write event for the record page and one for the log row (FAILURE with the reason when"
                    + " a write fails); the actor is the account Confluence verified for the credentials.",
            "%nExit codes:%n  0  recorded%n  2  usage or configuration error (unknown placeholder, bad digest,"
                    + " rejected credentials)%n  3  Confluence failed or kept conflicting%n"
        },
        preprocessor = EmptyOptionValues.class)
public final class RecordCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfluenceConnection connection = new ConfluenceConnection();

    @Mixin
    PublishAudit.Options auditOptions = new PublishAudit.Options();

    @Option(names = "--template", paramLabel = "FILE", description = "Markdown template of the record page.")
    Path template;

    @Option(names = "--space", paramLabel = "KEY", description = "Space of the record page.")
    String space;

    @Option(
            names = "--parent-page-id",
            paramLabel = "ID",
            description = "Parent of a new record page" + " (default: the space home).")
    String parentPageId;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "A placeholder value (repeatable).")
    Map<String, String> values = new LinkedHashMap<>();

    @Option(
            names = "--set-lines",
            paramLabel = "TEXT",
            description = "Placeholder values as name=value lines (one per line; for a Tekton param); --set wins.")
    String setLines;

    @Option(names = "--digest", paramLabel = "sha256:HEX", description = "The artifact digest this record describes.")
    String digest;

    @Option(names = "--log-page-id", paramLabel = "ID", description = "Append a row to the table on this page.")
    String logPageId;

    @Option(
            names = "--log-header",
            paramLabel = "NAME",
            description = "Column names, used when the log page has no" + " table yet (repeatable).")
    List<String> logHeader = new ArrayList<>();

    @Option(
            names = "--log-cell",
            paramLabel = "TEMPLATE",
            description = "One cell of the row; placeholders allowed" + " (repeatable, in column order).")
    List<String> logCells = new ArrayList<>();

    @Option(names = "--results-dir", paramLabel = "DIR", description = "Write Tekton results here.")
    Path resultsDir;

    /** The environment; replaced in tests. */
    Map<String, String> env = System.getenv();

    /** The clock of the audit events; replaced in tests. */
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Results.requireWritable(resultsDir); // before anything is written to Confluence
        if (template == null && logPageId == null) {
            throw new IllegalArgumentException("give --template (a record page) and/or --log-page-id (a log row)");
        }
        if (template != null && space == null) {
            throw new IllegalArgumentException("--template needs --space");
        }
        Map<String, String> all = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("CONFTEKTON_VAR_") && k.length() > "CONFTEKTON_VAR_".length()) {
                all.put(k.substring("CONFTEKTON_VAR_".length()).toLowerCase(Locale.ROOT), v);
            }
        });
        all.putAll(lines(setLines));
        all.putAll(values);
        String markdown = null;
        List<String> cells = new ArrayList<>();
        try {
            if (template != null) {
                markdown =
                        BuildRecords.fill(InputFiles.read(template, "--template", InputFiles.MAX_TEMPLATE_BYTES), all);
            }
            for (String cell : logCells) {
                cells.add(BuildRecords.fillText(cell, all));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --template " + template + ": " + e.getMessage());
        } catch (PublishException e) {
            spec.commandLine().getErr().println("conftekton publish record: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        RestClient rest = connection.client(env);
        PublishAudit audit = PublishAudit.start(auditOptions, env, rest, clock);
        BuildRecords records = BuildRecords.create(rest);
        Map<String, String> results = new LinkedHashMap<>();
        if (markdown != null) {
            String parent = parentPageId != null
                    ? parentPageId
                    : new ConfluencePublishTarget(rest).spaceHome(space).id();
            Map<String, String> more =
                    digest == null ? Map.of("parentPage", parent) : Map.of("parentPage", parent, "digest", digest);
            BuildRecords.RecordResult r;
            try {
                r = records.writePage(space, parent, markdown, Optional.ofNullable(digest));
            } catch (ConftektonException e) {
                audit.page(
                        PublishAudit.WRITE,
                        space,
                        null,
                        null,
                        AuditEvent.Decision.FAILURE,
                        "record page write failed: " + e.getMessage(),
                        more);
                audit.complete(spec.commandLine().getErr());
                if (e instanceof PublishException) {
                    // The template, the space or the title is wrong: the caller can fix it.
                    spec.commandLine().getErr().println("conftekton publish record: " + e.getMessage());
                    return ExitCodes.USAGE;
                }
                throw e;
            }
            audit.page(
                    PublishAudit.WRITE,
                    space,
                    r.pageId(),
                    r.title(),
                    AuditEvent.Decision.SUCCESS,
                    "record page written, version " + r.version(),
                    more);
            out.println("record page " + r.pageId() + " version " + r.version() + ": " + r.url());
            results.put("page-id", r.pageId());
            results.put("page-url", r.url());
            results.put("page-version", Integer.toString(r.version()));
        }
        if (logPageId != null) {
            BuildRecords.RecordResult r;
            try {
                r = records.appendRow(logPageId, logHeader, cells);
            } catch (ConftektonException e) {
                audit.page(
                        PublishAudit.WRITE,
                        null,
                        logPageId,
                        null,
                        AuditEvent.Decision.FAILURE,
                        "log row not appended: " + e.getMessage(),
                        Map.of());
                audit.complete(spec.commandLine().getErr());
                throw e;
            }
            audit.page(
                    PublishAudit.WRITE,
                    r.spaceKey(),
                    r.pageId(),
                    r.title(),
                    AuditEvent.Decision.SUCCESS,
                    "log row appended, version " + r.version() + " (" + r.attempts() + " attempt(s))",
                    Map.of());
            out.println("log page " + r.pageId() + " version " + r.version() + " (" + r.attempts() + " attempt(s))");
            results.putIfAbsent("page-id", r.pageId());
            results.putIfAbsent("page-url", r.url());
            results.putIfAbsent("page-version", Integer.toString(r.version()));
        }
        audit.complete(spec.commandLine().getErr());
        Results.write(resultsDir, results);
        return ExitCodes.OK;
    }

    /** {@code name=value} lines; blank lines and lines starting with '#' are skipped. */
    static Map<String, String> lines(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        if (text == null) {
            return m;
        }
        int n = 0;
        for (String line : text.split("\\R")) {
            n++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set-lines line " + n + " is not name=value");
            }
            m.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
        }
        return m;
    }
}
