package dev.conftekton.confluence.publish;

import dev.conftekton.confluence.publish.PlannedAction.Kind;
import dev.conftekton.core.error.ConflictException;
import dev.conftekton.core.error.ConftektonException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Publishes a directory of Markdown as a page tree: plans against the state read in bulk, then
 * writes parents before children with independent pages written concurrently.
 *
 * <pre>{@code
 * Publisher publisher = Publisher.builder(new ConfluencePublishTarget(rest))
 *         .concurrency(8).onConflict(ConflictPolicy.FAIL).onOrphan(OrphanPolicy.REPORT)
 *         .toolVersion("0.1.0").build();
 * SourceTree tree = SourceTree.read(Path.of("docs"), "");
 * PublishTarget.Root root = publisher.target().rootPage("123456");
 * Plan plan = publisher.plan(tree, root);
 * PublishResult result = publisher.execute(plan, root, PublishProgress.NONE);
 * }</pre>
 *
 * <p><b>Why a rerun converges.</b> Each page is written in this order: changed attachments, then the
 * body (a new version whose message carries this tool's marker and the body hash), then labels,
 * then the publish-state property. A run stopped anywhere leaves each page either at its old
 * version or at a complete new body. On the next run a page whose current version carries the
 * marker is known to hold that body, so a stale property is repaired instead of the page being
 * taken for a person's edit; a page created without its property is taken over by title;
 * attachments not recorded are uploaded again.
 */
public final class Publisher {
    private static final Pattern PAGE_ID = Pattern.compile("[0-9]{1,20}");

    private final PublishTarget target;
    private final int concurrency;
    private final ConflictPolicy conflicts;
    private final OrphanPolicy orphans;
    private final String toolVersion;

    private Publisher(Builder b) {
        this.target = b.target;
        this.concurrency = b.concurrency;
        this.conflicts = b.conflicts;
        this.orphans = b.orphans;
        this.toolVersion = b.toolVersion;
    }

    /** A builder writing through {@code target}. */
    public static Builder builder(PublishTarget target) {
        return new Builder(target);
    }

    public PublishTarget target() {
        return target;
    }

    /** Reads the state under {@code root} (a few bulk requests) and plans the publish of {@code tree}. */
    public Plan plan(SourceTree tree, PublishTarget.Root root) {
        Objects.requireNonNull(tree, "tree");
        requirePageId(root.id());
        List<RemotePage> remote = target.readTree(root.id());
        return PublishPlanner.plan(
                tree.pages(),
                root.id(),
                remote,
                titles -> target.findTitles(root.spaceKey(), titles),
                conflicts,
                orphans);
    }

    /** A result describing {@code plan} without writing anything (for {@code --dry-run}). */
    public PublishResult dryRun(Plan plan, PublishTarget.Root root) {
        Map<Kind, Integer> c = plan.counts();
        Map<String, String> ids = new TreeMap<>();
        for (PlannedAction a : plan.actions()) {
            if (a.kind() != Kind.ORPHAN) {
                a.remote().ifPresent(r -> ids.put(a.key(), r.id()));
            }
        }
        return new PublishResult(
                root.id(),
                target.pageUrl(root.id()),
                c.get(Kind.CREATE),
                c.get(Kind.UPDATE),
                c.get(Kind.UNCHANGED),
                c.get(Kind.SKIP),
                c.get(Kind.ORPHAN),
                List.of(),
                ids,
                true);
    }

    /**
     * Carries out {@code plan}.
     *
     * @throws PublishException before writing anything when the plan has conflicts (pages edited by
     *     people under policy fail, titles used elsewhere); the message lists every one
     */
    public PublishResult execute(Plan plan, PublishTarget.Root root, PublishProgress progress) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(progress, "progress");
        List<PlannedAction> blocking = plan.conflicts();
        if (!blocking.isEmpty()) {
            StringBuilder sb =
                    new StringBuilder("nothing was published: " + blocking.size() + " page(s) need attention:");
            blocking.forEach(a -> sb.append("\n  - ")
                    .append(a.title())
                    .append(a.remote().map(r -> " [page " + r.id() + "]").orElse(""))
                    .append(" from ")
                    .append(a.key())
                    .append(": ")
                    .append(a.reason()));
            throw new PublishException(sb.toString());
        }
        long started = System.nanoTime();
        int total = plan.actions().size();
        AtomicInteger done = new AtomicInteger();
        Map<String, String> ids = new ConcurrentHashMap<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger created = new AtomicInteger();
        AtomicInteger updated = new AtomicInteger();
        int unchanged = 0;
        int skipped = 0;
        int orphanCount = 0;

        // Group source actions by depth: a level starts when its parents are written.
        TreeMap<Integer, List<PlannedAction>> levels = new TreeMap<>();
        List<PlannedAction> orphanActions = new ArrayList<>();
        for (PlannedAction a : plan.actions()) {
            switch (a.kind()) {
                case UNCHANGED -> {
                    unchanged++;
                    ids.put(a.key(), a.remote().orElseThrow().id());
                    progress.pageDone(done.incrementAndGet(), total, System.nanoTime() - started);
                }
                case SKIP -> {
                    skipped++;
                    progress.pageDone(done.incrementAndGet(), total, System.nanoTime() - started);
                }
                case ORPHAN -> {
                    orphanCount++;
                    orphanActions.add(a);
                }
                case CREATE, UPDATE ->
                    levels.computeIfAbsent(a.source().orElseThrow().depth(), d -> new ArrayList<>())
                            .add(a);
                case CONFLICT -> throw new IllegalStateException("conflicts were checked above");
            }
        }
        // Pages that are not rewritten still count as parents.
        for (PlannedAction a : plan.actions()) {
            if (a.kind() == Kind.SKIP) {
                ids.put(a.key(), a.remote().orElseThrow().id());
            }
        }

        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "conftekton-publish");
            t.setDaemon(true);
            return t;
        });
        try {
            for (List<PlannedAction> level : levels.values()) {
                List<Future<?>> futures = new ArrayList<>();
                for (PlannedAction a : level) {
                    futures.add(pool.submit(() -> {
                        try {
                            String parentKey =
                                    a.source().orElseThrow().parentKey().orElse(null);
                            String parentId = parentKey == null ? root.id() : ids.get(parentKey);
                            if (parentId == null) {
                                String why = "not written because its parent page " + parentKey + " failed";
                                failures.add(a.key() + ": " + why);
                                progress.written(a, remoteId(a), why);
                                return;
                            }
                            String id = write(a, root, parentId);
                            ids.put(a.key(), id);
                            (a.kind() == Kind.CREATE ? created : updated).incrementAndGet();
                            progress.written(a, id, null);
                        } catch (ConflictException e) {
                            String why = "the page changed while publishing"
                                    + " (someone edited it); run the publish again to see the edit";
                            failures.add(a.key() + " (" + a.title() + "): " + why);
                            progress.written(a, remoteId(a), why);
                        } catch (ConftektonException | java.io.UncheckedIOException e) {
                            failures.add(a.key() + " (" + a.title() + "): " + e.getMessage());
                            progress.written(a, remoteId(a), e.getMessage());
                        } finally {
                            progress.pageDone(done.incrementAndGet(), total, System.nanoTime() - started);
                        }
                    }));
                }
                awaitAll(futures);
            }
            List<Future<?>> futures = new ArrayList<>();
            for (PlannedAction a : orphanActions) {
                futures.add(pool.submit(() -> {
                    try {
                        String id = a.remote().orElseThrow().id();
                        if (orphans == OrphanPolicy.ARCHIVE) {
                            target.archivePage(id);
                            progress.written(a, id, null);
                        } else if (orphans == OrphanPolicy.DELETE) {
                            target.deletePage(id);
                            progress.written(a, id, null);
                        }
                    } catch (ConftektonException e) {
                        failures.add("orphan " + a.title() + ": " + e.getMessage());
                        progress.written(a, remoteId(a), e.getMessage());
                    } finally {
                        progress.pageDone(done.incrementAndGet(), total, System.nanoTime() - started);
                    }
                }));
            }
            awaitAll(futures);
        } finally {
            pool.shutdownNow();
        }
        List<String> sortedFailures = new ArrayList<>(failures);
        Collections.sort(sortedFailures);
        return new PublishResult(
                root.id(),
                target.pageUrl(root.id()),
                created.get(),
                updated.get(),
                unchanged,
                skipped,
                orphanCount,
                sortedFailures,
                new TreeMap<>(ids),
                false);
    }

    /** The existing page's id, or null for a page not created yet. */
    private static String remoteId(PlannedAction a) {
        return a.remote().map(RemotePage::id).orElse(null);
    }

    /** Writes one page; returns its id. */
    private String write(PlannedAction a, PublishTarget.Root root, String parentId) {
        SourcePage s = a.source().orElseThrow();
        String message = PublishPlanner.versionMessage(s.renderedHash());
        String id;
        int version;
        int stateVersion;
        List<SourceAttachment> uploads = a.uploads();
        if (a.kind() == Kind.CREATE) {
            PublishTarget.Written w = target.createPage(root.spaceKey(), parentId, s.title(), s.storage(), message);
            id = w.id();
            version = w.version();
            stateVersion = 0;
            target.uploadAttachments(id, uploads);
        } else {
            RemotePage r = a.remote().orElseThrow();
            id = r.id();
            version = r.version();
            stateVersion = r.stateVersion();
            target.uploadAttachments(id, uploads);
            if (a.writeBody()) {
                version = target.updatePage(id, parentId, s.title(), s.storage(), r.version() + 1, message)
                        .version();
            }
        }
        target.addLabels(id, a.labelsToAdd());
        for (String label : a.labelsToRemove()) {
            target.removeLabel(id, label);
        }
        if (a.writeState()) {
            Map<String, String> attachments = new TreeMap<>();
            for (SourceAttachment att : s.attachments()) {
                attachments.put(att.fileName(), att.sha256());
            }
            target.writeState(
                    id,
                    new PublishState(
                            s.key(),
                            s.sourceHash(),
                            s.renderedHash(),
                            version,
                            toolVersion,
                            s.title(),
                            s.labels(),
                            attachments),
                    stateVersion);
        }
        return id;
    }

    /**
     * Waits for every task, even after one failed, so that no write is still in flight when this
     * method returns or throws; then rethrows the first failure.
     */
    private static void awaitAll(List<Future<?>> futures) {
        RuntimeException first = null;
        boolean interrupted = false;
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // finish waiting: returning early would leave writes running
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (first == null) {
                        first = cause instanceof RuntimeException re
                                ? re
                                : new PublishException("publishing failed: " + cause, cause);
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            if (first == null) {
                first = new PublishException("interrupted while publishing; run the publish again to finish");
            }
        }
        if (first != null) {
            throw first;
        }
    }

    static void requirePageId(String id) {
        if (id == null || !PAGE_ID.matcher(id).matches()) {
            throw new PublishException("'" + id + "' is not a Confluence page id (digits only)");
        }
    }

    /** Builds a {@link Publisher}. */
    public static final class Builder {
        private final PublishTarget target;
        private int concurrency = 4;
        private ConflictPolicy conflicts = ConflictPolicy.FAIL;
        private OrphanPolicy orphans = OrphanPolicy.REPORT;
        private String toolVersion = "unknown";

        private Builder(PublishTarget target) {
            this.target = Objects.requireNonNull(target, "target");
        }

        /** Pages written at the same time (1 to 64; default 4). */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1 || concurrency > 64) {
                throw new IllegalArgumentException("concurrency must be between 1 and 64, got " + concurrency);
            }
            this.concurrency = concurrency;
            return this;
        }

        public Builder onConflict(ConflictPolicy policy) {
            this.conflicts = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public Builder onOrphan(OrphanPolicy policy) {
            this.orphans = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Recorded in each page's publish state. */
        public Builder toolVersion(String toolVersion) {
            this.toolVersion = Objects.requireNonNull(toolVersion, "toolVersion");
            return this;
        }

        public Publisher build() {
            return new Publisher(this);
        }
    }
}
