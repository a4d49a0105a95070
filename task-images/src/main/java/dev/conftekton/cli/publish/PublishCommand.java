package dev.conftekton.cli.publish;

import dev.conftekton.cli.EmptyOptionValues;
import dev.conftekton.cli.ExitCodes;
import dev.conftekton.cli.Results;
import dev.conftekton.cli.VersionProvider;
import dev.conftekton.confluence.publish.ConflictPolicy;
import dev.conftekton.confluence.publish.ConfluencePublishTarget;
import dev.conftekton.confluence.publish.OrphanPolicy;
import dev.conftekton.confluence.publish.Plan;
import dev.conftekton.confluence.publish.PlannedAction;
import dev.conftekton.confluence.publish.PublishException;
import dev.conftekton.confluence.publish.PublishProgress;
import dev.conftekton.confluence.publish.PublishResult;
import dev.conftekton.confluence.publish.PublishTarget;
import dev.conftekton.confluence.publish.Publisher;
import dev.conftekton.confluence.publish.SourceTree;
import dev.conftekton.core.audit.AuditEvent;
import dev.conftekton.core.http.RestClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code conftekton publish}: a directory of Markdown as a page tree; {@code publish record}: build records. */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description = {
            "Publish a directory of Markdown as a Confluence page tree under a root page (or the space home).",
            "Only what changed is written; pages edited by people since the last publish are detected;"
                    + " --dry-run prints the plan and writes nothing.",
            ""
        },
        footer = {
            "%nTekton results (--results-dir): page-id, page-url, page-version (of the root), created, updated,"
                    + " unchanged, skipped.",
            "%nAudit: one event per page written (page:write), archived (page:archive) or deleted (page:delete),"
                    + " and a DENY event per page not written because a person edited it; the actor is the account"
                    + " Confluence verified for the credentials. A dry run records none.",
            "%nExit codes:%n  0  published (or dry run)%n  1  nothing written: pages edited by people (policy fail)"
                    + " or titles used elsewhere%n  2  usage or configuration error (bad arguments, invalid source"
                    + " tree, rejected credentials)%n  3  Confluence failed or some pages could not be written"
                    + " (rerun converges)%n"
        },
        subcommands = RecordCommand.class,
        preprocessor = EmptyOptionValues.class)
public final class PublishCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfluenceConnection connection = new ConfluenceConnection();

    @Mixin
    PublishAudit.Options auditOptions = new PublishAudit.Options();

    @Parameters(index = "0", paramLabel = "SOURCE_DIR", arity = "0..1", description = "The directory of Markdown.")
    Path source;

    @Option(
            names = "--space",
            paramLabel = "KEY",
            description = "Space key; the tree goes under its home page" + " unless --root-page-id is given.")
    String space;

    @Option(names = "--root-page-id", paramLabel = "ID", description = "The page the tree is published under.")
    String rootPageId;

    @Option(
            names = "--title-prefix",
            paramLabel = "TEXT",
            defaultValue = "",
            description = "Prepended to every" + " title (keeps titles unique in a shared space).")
    String titlePrefix;

    @Option(
            names = "--on-conflict",
            paramLabel = "POLICY",
            defaultValue = "fail",
            description = "A page edited by"
                    + " a person since the last publish: fail, skip or overwrite. Default: ${DEFAULT-VALUE}.")
    String onConflict;

    @Option(
            names = "--on-orphan",
            paramLabel = "POLICY",
            defaultValue = "report",
            description =
                    "A page whose" + " source is gone: report, keep, archive or delete. Default: ${DEFAULT-VALUE}.")
    String onOrphan;

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            defaultValue = "8",
            description = "Pages written at the" + " same time (1-64). Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--dry-run", arity = "0..1", description = "Print the plan and write nothing.")
    boolean dryRun;

    @Option(
            names = "--results-dir",
            paramLabel = "DIR",
            description = "Write Tekton results here" + " (for example $(results.page-id.path)'s directory).")
    Path resultsDir;

    /** The environment; replaced in tests. */
    Map<String, String> env = System.getenv();

    /** The clock of the audit events; replaced in tests. */
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Results.requireWritable(resultsDir); // before anything is written to Confluence
        if (source == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "Missing SOURCE_DIR (or use 'publish record')");
        }
        ConflictPolicy conflicts = policy(ConflictPolicy.class, onConflict, "--on-conflict");
        OrphanPolicy orphans = policy(OrphanPolicy.class, onOrphan, "--on-orphan");
        if (space == null && rootPageId == null) {
            throw new IllegalArgumentException("give --space (publish under the space home) or --root-page-id");
        }
        SourceTree tree;
        try {
            tree = SourceTree.read(source, titlePrefix);
        } catch (PublishException e) {
            err.println("conftekton publish: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        tree.pages().forEach(p -> p.warnings().forEach(w -> err.println("warning: " + w)));
        RestClient rest = connection.client(env);
        PublishTarget target = new ConfluencePublishTarget(rest);
        Publisher publisher = Publisher.builder(target)
                .concurrency(concurrency)
                .onConflict(conflicts)
                .onOrphan(orphans)
                .toolVersion(VersionProvider.version())
                .build();
        PublishTarget.Root root = rootPageId != null ? target.rootPage(rootPageId) : target.spaceHome(space);
        if (space != null && !space.equals(root.spaceKey())) {
            throw new IllegalArgumentException(
                    "page " + root.id() + " is in space " + root.spaceKey() + ", not " + space);
        }
        Plan plan = publisher.plan(tree, root);
        out.print(plan.describe());
        out.flush();
        PublishResult result;
        if (dryRun) {
            result = publisher.dryRun(plan, root);
        } else if (!plan.conflicts().isEmpty()) {
            PublishAudit audit = PublishAudit.start(auditOptions, env, rest, clock);
            for (PlannedAction a : plan.conflicts()) {
                refused(audit, root, a, "nothing written, the publish stopped here: ");
            }
            try {
                publisher.execute(plan, root, PublishProgress.NONE);
            } catch (PublishException e) {
                err.println("conftekton publish: " + e.getMessage());
            }
            audit.complete(err);
            return ExitCodes.CONDITION_FALSE;
        } else {
            PublishAudit audit = PublishAudit.start(auditOptions, env, rest, clock);
            for (PlannedAction a : plan.actions()) {
                if (a.kind() == PlannedAction.Kind.SKIP) {
                    refused(audit, root, a, "skipped (--on-conflict skip): ");
                }
            }
            result = publisher.execute(plan, root, progress(err, audit, root, orphans));
            audit.complete(err);
        }
        out.println(result.summary());
        result.failures().forEach(f -> err.println("failed: " + f));
        Map<String, String> results = new LinkedHashMap<>();
        results.put("page-id", root.id());
        results.put("page-url", result.rootUrl());
        results.put("page-version", ""); // a tree publish does not write the root page itself
        results.put("created", Integer.toString(result.created()));
        results.put("updated", Integer.toString(result.updated()));
        results.put("unchanged", Integer.toString(result.unchanged()));
        results.put("skipped", Integer.toString(result.skipped()));
        Results.write(resultsDir, results);
        return result.succeeded() ? ExitCodes.OK : ExitCodes.REMOTE_FAILURE;
    }

    /** A DENY event for a page the publish did not write because a person edited it (or its title is taken). */
    private static void refused(PublishAudit audit, PublishTarget.Root root, PlannedAction a, String why) {
        audit.page(
                PublishAudit.WRITE,
                root.spaceKey(),
                a.remote().map(r -> r.id()).orElse(null),
                a.title(),
                AuditEvent.Decision.DENY,
                why + a.reason(),
                Map.of("source", a.key(), "rootPage", root.id()));
    }

    /**
     * Prints "pages done / total (rate)" at most every two seconds, and at the end; records an
     * audit event per page written, archived or deleted.
     */
    private static PublishProgress progress(
            PrintWriter err, PublishAudit audit, PublishTarget.Root root, OrphanPolicy orphans) {
        AtomicLong lastPrinted = new AtomicLong();
        return new PublishProgress() {
            @Override
            public void pageDone(int done, int total, long elapsedNanos) {
                long now = System.nanoTime();
                long last = lastPrinted.get();
                if ((done == total || now - last >= 2_000_000_000L) && lastPrinted.compareAndSet(last, now)) {
                    double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
                    synchronized (err) {
                        err.printf(Locale.ROOT, "published %d/%d pages (%.1f pages/s)%n", done, total, done / seconds);
                        err.flush();
                    }
                }
            }

            @Override
            public void written(PlannedAction a, String pageId, String failure) {
                String action;
                String what;
                if (a.kind() != PlannedAction.Kind.ORPHAN) {
                    action = PublishAudit.WRITE;
                    what = (a.kind() == PlannedAction.Kind.CREATE ? "create" : "update") + " (" + a.reason() + ")";
                } else if (orphans == OrphanPolicy.ARCHIVE) {
                    action = PublishAudit.ARCHIVE;
                    what = "archive (" + a.reason() + ")";
                } else {
                    action = PublishAudit.DELETE;
                    what = "move to trash (" + a.reason() + ")";
                }
                audit.page(
                        action,
                        root.spaceKey(),
                        pageId,
                        a.title(),
                        failure == null ? AuditEvent.Decision.SUCCESS : AuditEvent.Decision.FAILURE,
                        failure == null ? what : what + " failed: " + failure,
                        Map.of("source", a.key(), "rootPage", root.id()));
            }
        };
    }

    static <E extends Enum<E>> E policy(Class<E> type, String value, String option) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                allowed.append(allowed.length() == 0 ? "" : ", ")
                        .append(c.name().toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException(option + " takes one of " + allowed + "; got '" + value + "'");
        }
    }
}
