package dev.conftekton.confluence.approval;

import java.time.Instant;
import java.util.Objects;

/**
 * An approval that counted.
 *
 * @param accountId who approved
 * @param displayName their name as Confluence shows it
 * @param pageVersion the page version that was current when they approved
 * @param at when they approved (the time of the comment version carrying the command, the state
 *     change, or the app's record)
 * @param via where the approval is, for example {@code comment 4711 version 2}
 * @param digest the artifact digest the approval is pinned to, or {@code null}
 */
public record Approver(String accountId, String displayName, int pageVersion, Instant at, String via, String digest) {
    public Approver {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(via, "via");
    }
}
