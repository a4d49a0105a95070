package dev.conftekton.confluence.approval;

import java.util.Objects;

/**
 * Why something did not count, or why the gate is closed.
 *
 * @param reason the kind of finding (stable, machine-readable)
 * @param blocking {@code true} if this alone keeps the gate closed
 * @param accountId the account it is about, or {@code null}
 * @param message one human-readable line, for example {@code self-approval by Bob (acc-bob)
 *     ignored: authored page version 4 (four-eyes)}
 */
public record Finding(Reason reason, boolean blocking, String accountId, String message) {
    public Finding {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    /** The kinds of finding. Names are stable: they appear in audit events and results. */
    public enum Reason {
        /** Fewer distinct eligible approvals than required. */
        MISSING_APPROVALS,
        /** An eligible approver's {@code /reject} stands. */
        REJECTED,
        /** A reject that does not block (from someone who is not an eligible, active approver). */
        REJECT_IGNORED,
        /** A reject lifted by a later approval from the same person (informational). */
        REJECT_LIFTED,
        /** The approver authored a page version since the baseline (four-eyes). */
        SELF_APPROVAL,
        /** The approval is not newer than the current page content (expire-on-edit). */
        APPROVAL_BEFORE_LAST_EDIT,
        /** The approval is older than the current release record (digest binding). */
        APPROVAL_BEFORE_RELEASE_RECORD,
        /** The account is not named by the policy, directly or through a group. */
        NOT_ELIGIBLE,
        /** The account is deactivated, closed, or Confluence did not confirm it is active. */
        DEACTIVATED_USER,
        /** An {@code /approve} written into someone else's comment by editing it (counts for nobody). */
        APPROVAL_IN_ANOTHERS_COMMENT,
        /** The account could not be resolved. */
        UNKNOWN_USER,
        /** An app or bot account, which the policy does not allow to approve. */
        APP_ACCOUNT,
        /** The pipeline's own account, which never counts. */
        PIPELINE_ACCOUNT,
        /** An account the policy excludes (for example whoever triggered the run). */
        EXCLUDED_ACCOUNT,
        /** A second approval from someone already counted. */
        DUPLICATE_APPROVAL,
        /** An approval pinned to a digest other than the one being deployed. */
        PINNED_OTHER_DIGEST,
        /** An approval pinned to a digest while the gate knows no digest to compare it with. */
        PINNED_DIGEST_UNVERIFIABLE,
        /** An approval without a digest while the policy requires pinned approvals. */
        UNPINNED_APPROVAL,
        /** The page has no release record although a digest is expected. */
        RELEASE_RECORD_MISSING,
        /** The release record names another digest, or cannot be read. */
        RELEASE_RECORD_OTHER_DIGEST,
        /** The page is not in the expected space. */
        PAGE_OUTSIDE_SPACE,
        /** The page is not under the expected ancestor. */
        PAGE_OUTSIDE_ANCESTOR,
        /** The page is a draft, archived or trashed. */
        PAGE_NOT_CURRENT,
        /** The approval content state was set on an older page version. */
        CONTENT_STATE_ON_OLDER_VERSION,
        /** The page's content state is not the approval state (informational). */
        CONTENT_STATE_OTHER,
        /** A comment whose first line looks like a command but is not one (informational). */
        NOT_A_COMMAND,
        /** The evidence lacks versions the decision needs. */
        EVIDENCE_INCOMPLETE
    }
}
