package dev.conftekton.confluence.approval;

import java.util.List;

/**
 * Extension point for approval apps: something other than footer-comment commands and content
 * states that records approvals for a page, for example Comala Document Management on Data Center
 * (workflow approvals) or an in-house review tool.
 *
 * <p>An implementation reads the app's own records for the page and reports each approval and
 * rejection as an {@link ApprovalSignal}. The gate then applies exactly the same rules as for a
 * comment: the account must be resolvable, active, eligible under the policy and not an author of
 * the change; the signal must be newer than the current content (expire-on-edit); a pinned digest
 * must match; a rejection blocks until the same person approves later. Accounts named in signals are
 * resolved by the gate, not by the source, so a source cannot vouch for group membership.
 *
 * <pre>{@code
 * ApprovalSource comala = (pageId, pageVersion) -> myComalaClient.approvals(pageId).stream()
 *         .map(a -> new ApprovalSignal("comala", ApprovalSignal.Kind.APPROVE, a.userKey(),
 *                 a.approvedAt(), null, "", a.workflowUrl()))
 *         .toList();
 * ApprovalGate gate = ApprovalGate.builder()...addSource(comala).build();
 * }</pre>
 *
 * <p>Trust: a source is exactly as trustworthy as the app's API and the account the gate reads it
 * with. Report the time the app recorded, never the time of reading; report the acting user, never
 * the workflow owner. Implementations must be thread-safe and should throw a
 * {@link dev.conftekton.core.error.ConftektonException} when the app cannot be read (the gate then
 * fails closed instead of deciding on partial evidence).
 */
@FunctionalInterface
public interface ApprovalSource {
    /**
     * The approvals and rejections the app holds for this page.
     *
     * @param pageId the page
     * @param pageVersion the page's current version, for apps that record approvals per version
     * @return the signals, in any order; never null
     */
    List<ApprovalSignal> signals(String pageId, int pageVersion);
}
