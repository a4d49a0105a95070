/**
 * The approval gate: decides whether the right people approved the right version of a Confluence
 * page, so a pipeline deploys only what was really approved.
 *
 * <p>{@link dev.conftekton.confluence.approval.ApprovalEngine} is the pure decision (evidence and
 * policy in, {@link dev.conftekton.confluence.approval.ApprovalDecision} out);
 * {@link dev.conftekton.confluence.approval.ApprovalEvidence} is the snapshot it reads,
 * {@link dev.conftekton.confluence.approval.ApprovalPolicy} the rules, and
 * {@link dev.conftekton.confluence.approval.ApprovalSource} the extension point for approval apps.
 * The security model is described in {@code docs/approvals.md}.
 */
package dev.conftekton.confluence.approval;
