package dev.conftekton.tekton.report;

import dev.conftekton.tekton.FinishedRunListener;
import dev.conftekton.tekton.RunOutcome;
import dev.conftekton.tekton.RunWatch;
import dev.conftekton.tekton.TektonRuns;
import io.fabric8.tekton.v1.PipelineRun;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reports every PipelineRun that finishes in one namespace, using {@link
 * TektonRuns#watchFinished} (a fabric8 informer) and a {@link RunReporter}.
 *
 * <pre>{@code
 * try (RunReportWatcher watcher = RunReportWatcher.builder()
 *         .runs(runs)
 *         .reporter(reporter)
 *         .listener(new RunReportWatcher.Listener() {
 *             public void reported(RunReport r) { log.info("reported {}", r.name()); }
 *             public void failed(String run, RuntimeException e) { log.warn("{}: {}", run, e.getMessage()); }
 *         })
 *         .build()
 *         .start()) {
 *     watcher.awaitClose();
 * }
 * }</pre>
 *
 * <p>Reports are written one at a time on a thread of the watcher's own, so a slow Confluence
 * never stalls the watch. Each run (by uid) is reported once per watcher; a report that fails is
 * tried again when the informer re-delivers the run at the next resync. A new watcher (a restart)
 * reports the finished runs it finds again, which changes nothing in Confluence: reports are
 * idempotent ({@link RunReporter}). {@link Builder#completedSince} skips runs that finished
 * earlier.
 */
public final class RunReportWatcher implements AutoCloseable {
    /** Told about every report the watcher writes or fails to write. Must not throw. */
    public interface Listener {
        void reported(RunReport report);

        /** {@code run} is {@code NS/NAME}; the run is tried again at the next resync. */
        void failed(String run, RuntimeException error);
    }

    private static final int REMEMBERED_RUNS = 10_000;

    private final TektonRuns runs;
    private final RunReporter reporter;
    private final Listener listener;
    private final Duration resync;
    private final Instant completedSince;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<String> reported = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_RUNS;
        }
    }));
    private final AtomicLong reports = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final ExecutorService worker;
    private volatile RunWatch watch;

    private RunReportWatcher(Builder b) {
        this.runs = b.runs;
        this.reporter = b.reporter;
        this.listener = b.listener;
        this.resync = b.resync;
        this.completedSince = b.completedSince;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "run-reporter-" + b.runs.namespace());
            t.setDaemon(true);
            return t;
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts watching; returns when the initial list of runs has been read (their reports are
     * queued).
     *
     * @throws dev.conftekton.tekton.TektonException when the runs cannot be listed or watched
     */
    public synchronized RunReportWatcher start() {
        if (watch != null || closed.getCount() == 0) {
            throw new IllegalStateException("a RunReportWatcher starts once");
        }
        watch = runs.watchFinished(
                new FinishedRunListener() {
                    @Override
                    public void finished(PipelineRun run, RunOutcome outcome) {
                        RunReportWatcher.this.finished(run, outcome);
                    }

                    @Override
                    public boolean wants(String uid) {
                        // Reported runs come again at every resync: skip them before conversion.
                        return !reported.contains(uid);
                    }
                },
                resync);
        return this;
    }

    /** Reports written so far. */
    public long reportCount() {
        return reports.get();
    }

    /** Reports that failed so far (each is tried again at the next resync). */
    public long failureCount() {
        return failures.get();
    }

    /** Blocks until {@link #close()} is called (from another thread or a shutdown hook). */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /** Stops watching and waits up to 30 s for the report being written to finish. */
    @Override
    public void close() {
        RunWatch w = watch;
        if (w != null) {
            w.close();
        }
        worker.shutdown();
        try {
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
        closed.countDown();
    }

    private void finished(PipelineRun run, RunOutcome outcome) {
        String uid = run.getMetadata() == null || run.getMetadata().getUid() == null
                ? outcome.namespace() + "/" + outcome.name()
                : run.getMetadata().getUid();
        if (completedSince != null
                && outcome.completionTime().map(t -> t.isBefore(completedSince)).orElse(false)) {
            return;
        }
        if (reported.contains(uid) || !inFlight.add(uid)) {
            return;
        }
        try {
            worker.execute(() -> reportOnce(uid, run, outcome));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            inFlight.remove(uid); // closing
        }
    }

    private void reportOnce(String uid, PipelineRun run, RunOutcome outcome) {
        try {
            RunReport report = reporter.report(run, outcome);
            reported.add(uid);
            reports.incrementAndGet();
            notify(() -> listener.reported(report));
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            notify(() -> listener.failed(outcome.namespace() + "/" + outcome.name(), e));
        } finally {
            inFlight.remove(uid);
        }
    }

    private static void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            // a listener must not throw; the watcher goes on
        }
    }

    /** Builds a {@link RunReportWatcher}; {@link #runs} and {@link #reporter} are required. */
    public static final class Builder {
        private TektonRuns runs;
        private RunReporter reporter;
        private Listener listener = new Listener() {
            @Override
            public void reported(RunReport report) {}

            @Override
            public void failed(String run, RuntimeException error) {}
        };
        private Duration resync = Duration.ofMinutes(1);
        private Instant completedSince;

        private Builder() {}

        /** The namespace to watch, as a {@link TektonRuns}. */
        public Builder runs(TektonRuns runs) {
            this.runs = Objects.requireNonNull(runs, "runs");
            return this;
        }

        public Builder reporter(RunReporter reporter) {
            this.reporter = Objects.requireNonNull(reporter, "reporter");
            return this;
        }

        public Builder listener(Listener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** How often failed reports are retried, at the informer's resync (default 1 min). */
        public Builder resync(Duration resync) {
            Objects.requireNonNull(resync, "resync");
            if (resync.isNegative() || resync.isZero()) {
                throw new IllegalArgumentException("resync must be positive, was " + resync);
            }
            this.resync = resync;
            return this;
        }

        /** Skips runs that completed before {@code instant} (for example the watcher's start). */
        public Builder completedSince(Instant instant) {
            this.completedSince = Objects.requireNonNull(instant, "instant");
            return this;
        }

        public RunReportWatcher build() {
            if (runs == null) {
                throw new IllegalStateException("RunReportWatcher needs runs(TektonRuns) for the namespace to watch");
            }
            if (reporter == null) {
                throw new IllegalStateException("RunReportWatcher needs a reporter(RunReporter)");
            }
            return new RunReportWatcher(this);
        }
    }
}
