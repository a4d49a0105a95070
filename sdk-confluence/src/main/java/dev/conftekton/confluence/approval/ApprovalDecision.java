package dev.conftekton.confluence.approval;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The gate's verdict on one evidence snapshot: approved or not, who counted, and a finding for
 * everything that did not count or that blocks.
 *
 * @param approved whether the gate is open
 * @param pageId the page checked
 * @param title the page title
 * @param pageVersion the current page version
 * @param contentVersion the oldest version with the same content as the current one (equal to
 *     {@code pageVersion} unless later versions only changed metadata such as the content state)
 * @param requiredApprovals how many distinct approvers the policy asks for
 * @param approvers the approvals that counted, earliest first, one per person
 * @param findings everything that did not count, and every blocking reason
 */
public record ApprovalDecision(
        boolean approved,
        String pageId,
        String title,
        int pageVersion,
        int contentVersion,
        int requiredApprovals,
        List<Approver> approvers,
        List<Finding> findings) {

    public ApprovalDecision {
        Objects.requireNonNull(pageId, "pageId");
        title = title == null ? "" : title;
        approvers = List.copyOf(approvers);
        findings = List.copyOf(findings);
        boolean blocked = findings.stream().anyMatch(Finding::blocking);
        if (approved && (blocked || approvers.size() < requiredApprovals)) {
            throw new IllegalArgumentException("an approved decision cannot carry blocking findings");
        }
    }

    /** The findings that keep the gate closed. */
    public List<Finding> blocking() {
        return findings.stream().filter(Finding::blocking).collect(Collectors.toList());
    }

    /** Whether a finding of this kind is present. */
    public boolean has(Finding.Reason reason) {
        return findings.stream().anyMatch(f -> f.reason() == reason);
    }

    /** One line: who approved, or why not. */
    public String reason() {
        if (approved) {
            return "approved by "
                    + approvers.stream().map(Approver::displayName).collect(Collectors.joining(", "))
                    + " (" + approvers.size() + " of " + requiredApprovals + " required) on page version "
                    + pageVersion;
        }
        return "not approved: " + blocking().stream().map(Finding::message).collect(Collectors.joining("; "));
    }

    /** A few lines for a human: the verdict, who approved which version when, and what did not count. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append("Page ")
                .append(pageId)
                .append(title.isEmpty() ? "" : " \"" + ApprovalText.printable(title, 120) + "\"")
                .append(", version ")
                .append(pageVersion)
                .append(": ")
                .append(approved ? "APPROVED" : "NOT APPROVED")
                .append(" (")
                .append(approvers.size())
                .append(" of ")
                .append(requiredApprovals)
                .append(" required approvals)\n");
        for (Approver a : approvers) {
            b.append("  + ")
                    .append(a.displayName())
                    .append(" (")
                    .append(a.accountId())
                    .append(") approved page version ")
                    .append(a.pageVersion())
                    .append(" at ")
                    .append(a.at())
                    .append(" via ")
                    .append(a.via())
                    .append(a.digest() == null ? "" : " for " + a.digest())
                    .append('\n');
        }
        List<Finding> blocking = blocking();
        if (!blocking.isEmpty()) {
            b.append("Blocking:\n");
            blocking.forEach(f -> b.append("  ! ").append(f.message()).append('\n'));
        }
        List<Finding> rest = findings.stream().filter(f -> !f.blocking()).collect(Collectors.toList());
        if (!rest.isEmpty()) {
            b.append("Not counted / notes:\n");
            rest.forEach(f -> b.append("  - ").append(f.message()).append('\n'));
        }
        return b.toString();
    }
}
