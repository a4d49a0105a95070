package dev.conftekton.confluence.approval;

import java.time.Instant;
import java.util.Objects;

/**
 * An approval or rejection reported by an approval app through an {@link ApprovalSource}. The
 * gate applies the same rules to it as to a comment command: the account must be eligible, active,
 * not an author of the change, and the signal must be newer than the last content edit.
 *
 * @param source the app's name, for example {@code comala}
 * @param kind approve or reject
 * @param accountId who approved or rejected
 * @param at when (the app's record, on the Confluence server's clock)
 * @param digest the artifact digest the signal is pinned to, or {@code null}
 * @param reason the rejection reason or a note, may be empty
 * @param reference where a human finds it (an URL or the app's record id)
 */
public record ApprovalSignal(
        String source, Kind kind, String accountId, Instant at, String digest, String reason, String reference) {

    /** What the signal says. */
    public enum Kind {
        APPROVE,
        REJECT
    }

    public ApprovalSignal {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(at, "at");
        reason = reason == null ? "" : reason;
        reference = reference == null ? "" : reference;
    }
}
