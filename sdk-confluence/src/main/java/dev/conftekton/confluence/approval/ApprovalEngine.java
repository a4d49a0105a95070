package dev.conftekton.confluence.approval;

import dev.conftekton.confluence.approval.ApprovalEvidence.CommentVersion;
import dev.conftekton.confluence.approval.ApprovalEvidence.ContentStateEvidence;
import dev.conftekton.confluence.approval.ApprovalEvidence.FooterComment;
import dev.conftekton.confluence.approval.ApprovalEvidence.PageVersion;
import dev.conftekton.confluence.approval.ApprovalEvidence.ReleaseRecord;
import dev.conftekton.confluence.approval.ApprovalEvidence.UserInfo;
import dev.conftekton.confluence.approval.Finding.Reason;
import dev.conftekton.confluence.approval.internal.CommandParser;
import dev.conftekton.confluence.approval.internal.CommandParser.Result;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The approval gate's decision, as pure logic: evidence and policy in, decision out. No I/O, no
 * clock; the same inputs always give the same decision.
 *
 * <pre>{@code
 * ApprovalDecision d = ApprovalEngine.decide(evidence, policy);
 * if (!d.approved()) {
 *     System.out.println(d.summary());
 * }
 * }</pre>
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li>Commands are read from footer comments (see {@link CommandParser} for the exact grammar). An
 *       approval is the comment's <em>current</em> text; it belongs to the author of the comment
 *       version that introduced that command and dates from that version's time (editing other text
 *       of the comment later neither refreshes nor transfers it). If that version was published by
 *       someone other than the comment's creator, the approval counts for nobody: Confluence shows the
 *       comment under its creator's name.
 *   <li>A {@code /reject} stands from the version that introduced it, even if someone else edits it
 *       away; it is withdrawn only when its own author edits it away or approves later.
 *   <li>An approval counts only if its account is known, active, human (unless the policy allows
 *       apps), not the pipeline's, not excluded, and eligible under the policy; if it is pinned to a
 *       digest, that digest must be the expected one (or, without one, the release record's); with
 *       four-eyes, its account authored no content-changing page version after the baseline (nor
 *       the release record); with expire-on-edit, it is strictly newer than the current content.
 *   <li>The current content starts at the oldest version whose content fingerprint is equal to
 *       every later one; versions without fingerprints are always content changes. A content state
 *       change publishes a version without changing the body, so it does not expire approvals when
 *       fingerprints are available.
 *   <li>The page must be current, in the expected space and under the expected ancestor; with an
 *       expected digest, the release record must name it and unpinned approvals must be newer than
 *       the record.
 * </ul>
 */
public final class ApprovalEngine {
    private ApprovalEngine() {}

    private enum Kind {
        APPROVE,
        REJECT
    }

    private record Candidate(
            Kind kind,
            String accountId,
            Instant at,
            String digest,
            String note,
            String via,
            Integer pageVersion,
            boolean contentState) {}

    /** Decides whether the evidence satisfies the policy. */
    public static ApprovalDecision decide(ApprovalEvidence evidence, ApprovalPolicy policy) {
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(policy, "policy");
        return new Run(evidence, policy).decide();
    }

    private static final class Run {
        private final ApprovalEvidence ev;
        private final ApprovalPolicy policy;
        private final List<Finding> findings = new ArrayList<>();
        private final PageVersion current;
        private int contentVersion;
        private Instant contentSince;
        private final Map<String, String> authors = new LinkedHashMap<>();
        private String pinDigest;

        Run(ApprovalEvidence ev, ApprovalPolicy policy) {
            this.ev = ev;
            this.policy = policy;
            this.current = ev.currentVersion();
        }

        ApprovalDecision decide() {
            checkLocation();
            checkCompleteness();
            computeContentVersion();
            computeAuthors();
            checkReleaseRecord();

            List<Candidate> candidates = new ArrayList<>();
            for (FooterComment c : ev.comments()) {
                readComment(c, candidates);
            }
            readContentState(candidates);
            for (ApprovalSignal s : ev.signals()) {
                candidates.add(new Candidate(
                        s.kind() == ApprovalSignal.Kind.APPROVE ? Kind.APPROVE : Kind.REJECT,
                        s.accountId(),
                        s.at(),
                        s.digest() == null ? null : s.digest().toLowerCase(java.util.Locale.ROOT),
                        s.reason(),
                        s.source() + (s.reference().isEmpty() ? "" : " " + ApprovalText.printable(s.reference(), 200)),
                        null,
                        false));
            }
            candidates.sort(Comparator.comparing(Candidate::at));

            List<Candidate> approvals =
                    candidates.stream().filter(c -> c.kind() == Kind.APPROVE).toList();
            for (Candidate c : candidates) {
                if (c.kind() == Kind.REJECT) {
                    judgeReject(c, approvals);
                }
            }
            Map<String, Approver> counted = new LinkedHashMap<>();
            for (Candidate c : approvals) {
                judgeApproval(c, counted);
            }
            if (counted.size() < policy.requiredApprovals()) {
                int missing = policy.requiredApprovals() - counted.size();
                findings.add(new Finding(
                        Reason.MISSING_APPROVALS,
                        true,
                        null,
                        "missing " + missing + " of " + policy.requiredApprovals() + " required approval"
                                + (policy.requiredApprovals() == 1 ? "" : "s") + " (" + counted.size()
                                + " counted)"));
            }
            boolean approved = findings.stream().noneMatch(Finding::blocking);
            List<Finding> ordered = new ArrayList<>(findings);
            ordered.sort(Comparator.comparing(f -> !f.blocking()));
            return new ApprovalDecision(
                    approved,
                    ev.pageId(),
                    ev.title(),
                    current.number(),
                    contentVersion,
                    policy.requiredApprovals(),
                    List.copyOf(counted.values()),
                    ordered);
        }

        private void checkLocation() {
            if (!"current".equals(ev.status())) {
                block(
                        Reason.PAGE_NOT_CURRENT,
                        null,
                        "page " + ev.pageId() + " is " + ApprovalText.printable(ev.status(), 30)
                                + ", not a current page");
            }
            if (policy.expectedSpaceKey() != null && !policy.expectedSpaceKey().equals(ev.spaceKey())) {
                block(
                        Reason.PAGE_OUTSIDE_SPACE,
                        null,
                        "page " + ev.pageId() + " is in space "
                                + ApprovalText.printable(String.valueOf(ev.spaceKey()), 60)
                                + ", not in the expected space "
                                + policy.expectedSpaceKey());
            }
            String anc = policy.expectedAncestorId();
            if (anc != null && !anc.equals(ev.pageId()) && !ev.ancestorIds().contains(anc)) {
                block(
                        Reason.PAGE_OUTSIDE_ANCESTOR,
                        null,
                        "page " + ev.pageId() + " is not under the expected ancestor page " + anc);
            }
        }

        private void checkCompleteness() {
            int from = Math.max(1, policy.fourEyes() ? policy.fourEyesBaselineVersion() + 1 : current.number());
            if (policy.fourEyes() && policy.fourEyesBaselineVersion() > current.number()) {
                block(
                        Reason.EVIDENCE_INCOMPLETE,
                        null,
                        "the four-eyes baseline version "
                                + policy.fourEyesBaselineVersion() + " is newer than the current page version "
                                + current.number());
                return;
            }
            for (int n = from; n <= current.number(); n++) {
                if (ev.version(n).isEmpty()) {
                    block(
                            Reason.EVIDENCE_INCOMPLETE,
                            null,
                            "page version " + n + " is missing from the evidence; cannot tell who authored it");
                    return;
                }
            }
        }

        private void computeContentVersion() {
            List<PageVersion> vs = ev.versions();
            int i = vs.size() - 1;
            while (i > 0 && sameContent(vs.get(i - 1), vs.get(i))) {
                i--;
            }
            contentVersion = vs.get(i).number();
            contentSince = vs.get(i).createdAt();
        }

        private static boolean sameContent(PageVersion prev, PageVersion v) {
            return prev.number() == v.number() - 1
                    && prev.contentFingerprint() != null
                    && prev.contentFingerprint().equals(v.contentFingerprint());
        }

        private void computeAuthors() {
            if (!policy.fourEyes()) {
                return;
            }
            List<PageVersion> vs = ev.versions();
            for (int i = 0; i < vs.size(); i++) {
                PageVersion v = vs.get(i);
                if (v.number() <= policy.fourEyesBaselineVersion()) {
                    continue;
                }
                boolean change = i == 0 || !sameContent(vs.get(i - 1), v);
                if (change && v.authorId() != null) {
                    authors.putIfAbsent(v.authorId(), "authored page version " + v.number());
                }
            }
            if (policy.expectedDigest() != null) {
                ev.releaseRecord()
                        .map(ReleaseRecord::authorId)
                        .ifPresent(a -> authors.putIfAbsent(a, "wrote the release record"));
            }
        }

        private void checkReleaseRecord() {
            Optional<ReleaseRecord> record = ev.releaseRecord();
            String expected = policy.expectedDigest();
            if (expected != null) {
                pinDigest = expected;
                if (record.isEmpty()) {
                    block(
                            Reason.RELEASE_RECORD_MISSING,
                            null,
                            "page " + ev.pageId() + " has no release record, so nothing binds it to " + expected);
                } else if (record.get().digest() == null) {
                    block(
                            Reason.RELEASE_RECORD_OTHER_DIGEST,
                            null,
                            "the release record on page " + ev.pageId() + " cannot be read as a release record");
                } else if (!expected.equals(record.get().digest())) {
                    block(
                            Reason.RELEASE_RECORD_OTHER_DIGEST,
                            record.get().authorId(),
                            "the release record names "
                                    + ApprovalText.printable(record.get().digest(), 80) + ", not the expected "
                                    + expected);
                }
            } else {
                pinDigest = record.map(ReleaseRecord::digest).orElse(null);
            }
        }

        private void readComment(FooterComment c, List<Candidate> out) {
            List<CommentVersion> vs = c.versions();
            if (vs.isEmpty()) {
                return;
            }
            List<Result> cmds = new ArrayList<>(vs.size());
            for (CommentVersion v : vs) {
                cmds.add(CommandParser.parse(v.storageBody()));
            }
            // Rejects: each run of versions carrying the same /reject, from the version that introduced it.
            for (int i = 0; i < vs.size(); i++) {
                if (!(cmds.get(i) instanceof Result.Reject r)
                        || (i > 0 && cmds.get(i - 1).equals(r))) {
                    continue;
                }
                CommentVersion start = vs.get(i);
                int end = i + 1;
                while (end < vs.size() && cmds.get(end).equals(r)) {
                    end++;
                }
                String note = r.reason();
                if (end < vs.size()) {
                    CommentVersion editedAway = vs.get(end);
                    if (Objects.equals(editedAway.authorId(), start.authorId())) {
                        continue; // withdrawn by its own author
                    }
                    note = note + " (edited away by " + name(editedAway.authorId()) + ", which does not withdraw it)";
                }
                out.add(new Candidate(
                        Kind.REJECT,
                        start.authorId(),
                        start.createdAt(),
                        null,
                        note,
                        "comment " + c.id() + " version " + start.number(),
                        null,
                        false));
            }
            Result last = cmds.get(cmds.size() - 1);
            CommentVersion lastVersion = vs.get(vs.size() - 1);
            if (last instanceof Result.Approve a) {
                int k = vs.size() - 1;
                while (k > 0 && cmds.get(k - 1).equals(a)) {
                    k--;
                }
                CommentVersion start = vs.get(k);
                String via = "comment " + c.id() + " version " + start.number();
                if (!Objects.equals(start.authorId(), vs.get(0).authorId())) {
                    // Confluence shows a comment under its creator's name whoever edits it: an /approve that
                    // someone else wrote into it would read as the creator's. It is nobody's approval.
                    findings.add(new Finding(
                            Reason.APPROVAL_IN_ANOTHERS_COMMENT,
                            false,
                            start.authorId(),
                            "approval (" + via + ") ignored: " + name(start.authorId())
                                    + " edited it into a comment by "
                                    + name(vs.get(0).authorId())
                                    + "; approvals count only in the approver's own comment"));
                    return;
                }
                out.add(new Candidate(
                        Kind.APPROVE, start.authorId(), start.createdAt(), a.digest(), "", via, null, false));
            } else if (last instanceof Result.Lookalike l) {
                findings.add(new Finding(
                        Reason.NOT_A_COMMAND,
                        false,
                        lastVersion.authorId(),
                        "comment " + c.id() + " by " + name(lastVersion.authorId()) + " is not a command: " + l.why()));
            }
        }

        private void readContentState(List<Candidate> out) {
            String wanted = policy.contentStateName();
            if (wanted == null || ev.contentState().isEmpty()) {
                return;
            }
            ContentStateEvidence s = ev.contentState().get();
            if (!wanted.equals(s.name())) {
                findings.add(new Finding(
                        Reason.CONTENT_STATE_OTHER,
                        false,
                        s.setById(),
                        "the page's content state is '" + ApprovalText.printable(s.name(), 40) + "', not '" + wanted
                                + "'"));
                return;
            }
            out.add(new Candidate(
                    Kind.APPROVE,
                    s.setById(),
                    s.setAt(),
                    null,
                    "",
                    "content state '" + wanted + "' set on page version " + s.pageVersion(),
                    s.pageVersion(),
                    true));
        }

        /** Null if the account may act as an approver at all, else the finding saying why not. */
        private Finding ineligible(String accountId, String what) {
            if (accountId == null) {
                return new Finding(Reason.UNKNOWN_USER, false, null, what + " by an unknown account ignored");
            }
            String who = name(accountId);
            if (accountId.equals(ev.pipelineAccountId())) {
                return new Finding(
                        Reason.PIPELINE_ACCOUNT,
                        false,
                        accountId,
                        what + " by " + who + " ignored: that is the pipeline's own account");
            }
            UserInfo u = ev.users().get(accountId);
            if (u == null) {
                return new Finding(
                        Reason.UNKNOWN_USER,
                        false,
                        accountId,
                        what + " by unknown account " + ApprovalText.printable(accountId, 80)
                                + " ignored: the account could not be resolved");
            }
            if (!u.active()) {
                return new Finding(
                        Reason.DEACTIVATED_USER,
                        false,
                        accountId,
                        what + " by " + who
                                + " ignored: the account is not active (deactivated, closed, or not confirmed"
                                + " active by Confluence)");
            }
            if (u.app() && !policy.allowAppAccounts()) {
                return new Finding(
                        Reason.APP_ACCOUNT,
                        false,
                        accountId,
                        what + " by " + who + " ignored: app accounts do not count");
            }
            if (!policy.isEligible(u)) {
                return new Finding(
                        Reason.NOT_ELIGIBLE,
                        false,
                        accountId,
                        what + " by " + who + " ignored: not an eligible approver under the policy");
            }
            return null;
        }

        private void judgeReject(Candidate r, List<Candidate> approvals) {
            String what = "reject (" + r.via() + ")";
            Finding no = ineligible(r.accountId(), what);
            if (no != null) {
                findings.add(new Finding(Reason.REJECT_IGNORED, false, r.accountId(), no.message()));
                return;
            }
            for (Candidate a : approvals) {
                if (a.accountId().equals(r.accountId())
                        && a.at().isAfter(r.at())
                        && (a.digest() == null || a.digest().equals(pinDigest))) {
                    findings.add(new Finding(
                            Reason.REJECT_LIFTED,
                            false,
                            r.accountId(),
                            "reject by " + name(r.accountId()) + " at " + r.at() + " lifted by their approval at "
                                    + a.at()));
                    return;
                }
            }
            String reason = r.note().isBlank() ? "" : ": " + ApprovalText.printable(r.note(), 300);
            block(
                    Reason.REJECTED,
                    r.accountId(),
                    "blocked by " + name(r.accountId()) + "'s reject at " + r.at()
                            + " (" + r.via() + ")" + reason + "; only a later approval by " + name(r.accountId())
                            + " lifts it");
        }

        private void judgeApproval(Candidate c, Map<String, Approver> counted) {
            String what = (c.contentState() ? "approval by content state" : "approval") + " (" + c.via() + ")";
            Finding no = ineligible(c.accountId(), what);
            if (no == null && policy.excludedAccountIds().contains(c.accountId())) {
                no = new Finding(
                        Reason.EXCLUDED_ACCOUNT,
                        false,
                        c.accountId(),
                        what + " by " + name(c.accountId())
                                + " ignored: the policy excludes this account from approving this run");
            }
            if (no != null) {
                findings.add(no);
                return;
            }
            String who = name(c.accountId());
            if (c.digest() != null) {
                if (pinDigest == null) {
                    note(
                            Reason.PINNED_DIGEST_UNVERIFIABLE,
                            c,
                            what + " by " + who + " is pinned to " + c.digest()
                                    + " but no digest is expected and the page has no release record; not counted");
                    return;
                }
                if (!c.digest().equals(pinDigest)) {
                    note(
                            Reason.PINNED_OTHER_DIGEST,
                            c,
                            what + " by " + who + " is pinned to " + c.digest() + ", not " + pinDigest);
                    return;
                }
            } else if (policy.requirePinnedDigest()) {
                note(
                        Reason.UNPINNED_APPROVAL,
                        c,
                        what + " by " + who + " names no digest; the policy requires '/approve "
                                + policy.expectedDigest() + "'");
                return;
            }
            if (policy.fourEyes() && authors.containsKey(c.accountId())) {
                note(
                        Reason.SELF_APPROVAL,
                        c,
                        "self-approval by " + who + " ignored: " + authors.get(c.accountId()) + " (four-eyes)");
                return;
            }
            if (policy.expireOnEdit()) {
                if (c.contentState()) {
                    if (c.pageVersion() < contentVersion) {
                        note(
                                Reason.CONTENT_STATE_ON_OLDER_VERSION,
                                c,
                                what + " by " + who
                                        + " was set on page version " + c.pageVersion()
                                        + "; the content changed in version "
                                        + contentVersion);
                        return;
                    }
                } else if (!c.at().isAfter(contentSince)) {
                    note(
                            Reason.APPROVAL_BEFORE_LAST_EDIT,
                            c,
                            what + " by " + who + " at " + c.at()
                                    + " is older than the last edit (page version " + contentVersion + " at "
                                    + contentSince
                                    + ")");
                    return;
                }
            }
            if (policy.expectedDigest() != null && c.digest() == null) {
                Optional<ReleaseRecord> rec = ev.releaseRecord();
                if (rec.isPresent() && !c.at().isAfter(rec.get().updatedAt())) {
                    note(
                            Reason.APPROVAL_BEFORE_RELEASE_RECORD,
                            c,
                            what + " by " + who + " at " + c.at()
                                    + " is older than the release record (written "
                                    + rec.get().updatedAt()
                                    + "); approve again or pin the digest");
                    return;
                }
            }
            if (counted.containsKey(c.accountId())) {
                note(
                        Reason.DUPLICATE_APPROVAL,
                        c,
                        "another approval by " + who + " (" + c.via()
                                + ") counted once: approvers are counted per person");
                return;
            }
            int version = c.pageVersion() != null ? c.pageVersion() : versionAt(c.at());
            counted.put(
                    c.accountId(),
                    new Approver(c.accountId(), displayName(c.accountId()), version, c.at(), c.via(), c.digest()));
        }

        private int versionAt(Instant t) {
            int n = ev.versions().get(0).number();
            for (PageVersion v : ev.versions()) {
                if (!v.createdAt().isAfter(t)) {
                    n = v.number();
                }
            }
            return n;
        }

        private void note(Reason reason, Candidate c, String message) {
            findings.add(new Finding(reason, false, c.accountId(), message));
        }

        private void block(Reason reason, String accountId, String message) {
            findings.add(new Finding(reason, true, accountId, message));
        }

        private String displayName(String accountId) {
            UserInfo u = ev.users().get(accountId);
            return u == null ? accountId : ApprovalText.printable(u.displayName(), 80);
        }

        private String name(String accountId) {
            if (accountId == null) {
                return "an unknown account";
            }
            UserInfo u = ev.users().get(accountId);
            String id = ApprovalText.printable(accountId, 80);
            return u == null ? id : ApprovalText.printable(u.displayName(), 80) + " (" + id + ")";
        }
    }
}
