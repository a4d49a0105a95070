package dev.conftekton.confluence.approval;

import dev.conftekton.confluence.approval.ApprovalEvidence.CommentVersion;
import dev.conftekton.confluence.approval.ApprovalEvidence.FooterComment;
import dev.conftekton.core.error.ConftektonException;
import dev.conftekton.core.error.RateLimitedException;
import dev.conftekton.core.error.ServerException;
import dev.conftekton.core.error.TransportException;
import dev.conftekton.core.retry.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The approval gate for one page and one run: reads the evidence, decides, and optionally waits
 * until the page is approved. Immutable and thread-safe; the collector inside caches accounts and
 * group memberships for the run.
 *
 * <pre>{@code
 * ApprovalGate gate = ApprovalGate.builder()
 *         .reader(new ConfluenceEvidenceReader(confluence))
 *         .pageId("123456")
 *         .policy(policy)
 *         .build();
 * ApprovalDecision once = gate.check();
 * ApprovalDecision waited = gate.await(Duration.ofHours(2), d -> log.info(d.reason()));
 * }</pre>
 */
public final class ApprovalGate {
    /** Marks the gate's own "waiting for approval" comment, followed by the run id. */
    static final String WAITING_MARKER = "conftekton-approval-wait:";

    private final EvidenceReader reader;
    private final String pageId;
    private final ApprovalPolicy policy;
    private final EvidenceCollector collector;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration initialPoll;
    private final Duration maxPoll;

    private ApprovalGate(Builder b) {
        this.reader = b.reader;
        this.pageId = b.pageId;
        this.policy = b.policy;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        this.initialPoll = b.initialPoll;
        this.maxPoll = b.maxPoll;
        this.collector = new EvidenceCollector(b.reader, b.policyGroups, b.sources, b.releaseRecordKey, b.clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The policy this gate applies. */
    public ApprovalPolicy policy() {
        return policy;
    }

    /** The page this gate checks. */
    public String pageId() {
        return pageId;
    }

    /** Reads the evidence now. */
    public ApprovalEvidence collect() {
        return collector.collect(pageId);
    }

    /** Reads the evidence and decides, once. */
    public ApprovalDecision check() {
        return ApprovalEngine.decide(collect(), policy);
    }

    /** Receives each intermediate decision while {@link #await} waits. */
    @FunctionalInterface
    public interface Progress {
        void polled(ApprovalDecision decision, Duration nextPollIn);
    }

    /**
     * Checks until approved, until waiting cannot help (the page is in the wrong place), or until
     * {@code timeout} has passed, and returns the last decision. Polls start at the initial interval
     * and grow by half up to the maximum; when the evidence changes (a new comment, a new version)
     * the interval drops back to the initial one, so the gate returns soon after the last approval
     * lands. Transient failures (I/O, 5xx, 429) are retried until the deadline and then rethrown;
     * other failures are rethrown at once.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public ApprovalDecision await(Duration timeout, Progress progress) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(progress, "progress");
        Instant deadline = clock.instant().plus(timeout);
        Duration interval = initialPoll;
        String lastShape = null;
        while (true) {
            ApprovalDecision decision = null;
            ConftektonException failure = null;
            try {
                ApprovalEvidence evidence = collect();
                decision = ApprovalEngine.decide(evidence, policy);
                String shape = shape(evidence);
                if (lastShape != null && !shape.equals(lastShape)) {
                    interval = initialPoll;
                }
                lastShape = shape;
            } catch (TransportException | ServerException | RateLimitedException e) {
                failure = e;
            }
            if (decision != null && (decision.approved() || cannotChangeByWaiting(decision))) {
                return decision;
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                if (failure != null) {
                    throw failure;
                }
                return decision;
            }
            Duration sleep = interval.compareTo(left) > 0 ? left : interval;
            if (decision != null) {
                progress.polled(decision, sleep);
            }
            sleeper.sleep(sleep);
            long next = Math.min(maxPoll.toMillis(), interval.toMillis() + interval.toMillis() / 2);
            interval = Duration.ofMillis(Math.max(next, initialPoll.toMillis()));
        }
    }

    private static boolean cannotChangeByWaiting(ApprovalDecision d) {
        return d.has(Finding.Reason.PAGE_OUTSIDE_SPACE) || d.has(Finding.Reason.PAGE_OUTSIDE_ANCESTOR);
    }

    /** What changes when people act on the page: versions, comments and their versions, state. */
    private static String shape(ApprovalEvidence e) {
        StringBuilder b =
                new StringBuilder().append(e.currentVersion().number()).append('|');
        for (FooterComment c : e.comments()) {
            b.append(c.id()).append(':').append(c.versions().size()).append(',');
        }
        e.contentState().ifPresent(s -> b.append('|').append(s.name()).append(s.pageVersion()));
        e.releaseRecord().ifPresent(r -> b.append('|').append(r.propertyVersion()));
        b.append('|').append(e.signals().size());
        return b.toString();
    }

    /**
     * Posts one comment saying which run waits and how to approve, unless the pipeline's account
     * already posted one for this run (so a restarted step does not post again).
     *
     * @param runId the pipeline run, for example {@code deploy-prod-x7k2p}
     * @return the new comment's id, or empty if the run had already announced itself
     */
    public Optional<String> announceWaiting(String runId) {
        Objects.requireNonNull(runId, "runId");
        String safeRun = runId.replaceAll("[^A-Za-z0-9._:/-]", "_");
        if (safeRun.length() > 200) {
            safeRun = safeRun.substring(0, 200);
        }
        String marker = WAITING_MARKER + safeRun;
        String me = collector.pipelineAccountId();
        for (FooterComment c : reader.footerComments(pageId)) {
            for (CommentVersion v : c.versions()) {
                if (Objects.equals(v.authorId(), me) && v.storageBody().contains(marker)) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(reader.addFooterComment(pageId, waitingComment(safeRun, marker)));
    }

    String waitingComment(String run, String marker) {
        List<String> who = new ArrayList<>();
        if (!policy.approverGroups().isEmpty()) {
            who.add("members of " + String.join(", ", sorted(policy.approverGroups())));
        }
        if (!policy.policyGroups().isEmpty()) {
            who.add("identity-policy groups " + String.join(", ", sorted(policy.policyGroups())));
        }
        if (!policy.approverAccountIds().isEmpty()) {
            who.add(policy.approverAccountIds().size() + " named account(s)");
        }
        String pin = policy.expectedDigest() == null
                ? ""
                : " or <code>/approve " + policy.expectedDigest() + "</code>"
                        + (policy.requirePinnedDigest() ? " (required: the digest must be named)" : "");
        return "<p>Deployment run <strong>" + escape(run) + "</strong> is waiting for "
                + policy.requiredApprovals() + " approval" + (policy.requiredApprovals() == 1 ? "" : "s")
                + " of this page.</p>"
                + "<p>To approve, " + escape(String.join("; ", who))
                + " add a new comment whose first line is exactly <code>/approve</code>" + pin
                + ". To stop it: <code>/reject &lt;reason&gt;</code>."
                + (policy.fourEyes() ? " Authors of this change cannot approve it." : "")
                + (policy.expireOnEdit() ? " Editing the page voids earlier approvals." : "")
                + "</p><p><sub>" + escape(marker) + "</sub></p>";
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().collect(Collectors.toList());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Builds an {@link ApprovalGate}. */
    public static final class Builder {
        private EvidenceReader reader;
        private String pageId;
        private ApprovalPolicy policy;
        private final List<ApprovalSource> sources = new ArrayList<>();
        private PolicyGroupResolver policyGroups = PolicyGroupResolver.none();
        private String releaseRecordKey = EvidenceCollector.DEFAULT_RELEASE_RECORD_KEY;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();
        private Duration initialPoll = Duration.ofSeconds(10);
        private Duration maxPoll = Duration.ofMinutes(2);

        private Builder() {}

        public Builder reader(EvidenceReader reader) {
            this.reader = Objects.requireNonNull(reader, "reader");
            return this;
        }

        public Builder pageId(String pageId) {
            Objects.requireNonNull(pageId, "pageId");
            if (!pageId.matches("[0-9]{1,20}")) {
                throw new IllegalArgumentException(
                        "a page id is 1 to 20 digits, got '" + ApprovalText.printable(pageId, 40) + "'");
            }
            this.pageId = pageId;
            return this;
        }

        public Builder policy(ApprovalPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public Builder addSource(ApprovalSource source) {
            sources.add(Objects.requireNonNull(source, "source"));
            return this;
        }

        public Builder policyGroups(PolicyGroupResolver resolver) {
            this.policyGroups = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        public Builder releaseRecordKey(String key) {
            this.releaseRecordKey = Objects.requireNonNull(key, "key");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** First poll interval (default 10 s) and the cap it grows to (default 2 min). */
        public Builder pollInterval(Duration initial, Duration max) {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("poll intervals must be positive and max >= initial");
            }
            this.initialPoll = initial;
            this.maxPoll = max;
            return this;
        }

        public ApprovalGate build() {
            if (reader == null) {
                throw new IllegalStateException("an approval gate needs a reader (reader(...))");
            }
            if (pageId == null) {
                throw new IllegalStateException("an approval gate needs a page id (pageId(...))");
            }
            if (policy == null) {
                throw new IllegalStateException("an approval gate needs a policy (policy(...))");
            }
            return new ApprovalGate(this);
        }
    }
}
