package dev.conftekton.confluence.approval;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Who must approve what before the gate passes. Immutable; built with {@link #builder()}.
 *
 * <pre>{@code
 * ApprovalPolicy policy = ApprovalPolicy.builder()
 *         .requiredApprovals(2)
 *         .approverGroups(Set.of("release-managers"))
 *         .expectedSpaceKey("OPS")
 *         .expectedAncestorId("98765")
 *         .expectedDigest("sha256:...")
 *         .build();
 * }</pre>
 *
 * <p>Defaults are the strict ones: one approval, four-eyes on (baseline: the whole page history),
 * expire-on-edit on, app accounts never count. An account counts as eligible if it is listed in
 * {@link #approverAccountIds()}, or is a member of one of {@link #approverGroups()} (Confluence
 * groups), or maps to one of {@link #policyGroups()} (identity-policy groups). A policy that names
 * nobody is rejected by {@link Builder#build()}: there is no "anyone may approve".
 *
 * @param requiredApprovals distinct eligible approvers needed (at least 1)
 * @param approverGroups Confluence group names whose members may approve
 * @param approverAccountIds account ids that may approve
 * @param policyGroups identity-policy groups whose members may approve
 * @param fourEyes whether authors of the change are excluded from approving it
 * @param fourEyesBaselineVersion the last page version already approved (authors of versions after
 *     it are excluded); 0 means the whole history
 * @param expireOnEdit whether only approvals newer than the current page content count
 * @param expectedDigest the artifact digest being deployed ({@code sha256:<64 hex>}), or null
 * @param requirePinnedDigest whether only approvals that name {@code expectedDigest} count
 * @param expectedSpaceKey the space the page must be in (null: not checked)
 * @param expectedAncestorId a page the checked page must be, or sit under (null: not checked)
 * @param contentStateName a content state that counts as its setter's approval (null: states are
 *     ignored)
 * @param excludedAccountIds accounts that never count (for example whoever triggered the run)
 * @param allowAppAccounts whether app/bot accounts may count (default false)
 */
public record ApprovalPolicy(
        int requiredApprovals,
        Set<String> approverGroups,
        Set<String> approverAccountIds,
        Set<String> policyGroups,
        boolean fourEyes,
        int fourEyesBaselineVersion,
        boolean expireOnEdit,
        String expectedDigest,
        boolean requirePinnedDigest,
        String expectedSpaceKey,
        String expectedAncestorId,
        String contentStateName,
        Set<String> excludedAccountIds,
        boolean allowAppAccounts) {

    public ApprovalPolicy {
        if (requiredApprovals < 1) {
            throw new IllegalArgumentException("required approvals must be at least 1, got " + requiredApprovals
                    + " (a gate that needs no approval is not a gate)");
        }
        if (requiredApprovals > 100) {
            throw new IllegalArgumentException("required approvals must be at most 100, got " + requiredApprovals);
        }
        approverGroups = Set.copyOf(Objects.requireNonNull(approverGroups, "approverGroups"));
        approverAccountIds = Set.copyOf(Objects.requireNonNull(approverAccountIds, "approverAccountIds"));
        policyGroups = Set.copyOf(Objects.requireNonNull(policyGroups, "policyGroups"));
        excludedAccountIds = Set.copyOf(Objects.requireNonNull(excludedAccountIds, "excludedAccountIds"));
        if (approverGroups.isEmpty() && approverAccountIds.isEmpty() && policyGroups.isEmpty()) {
            throw new IllegalArgumentException("the approval policy names no approvers: set approver groups,"
                    + " approver account ids or identity-policy groups");
        }
        if (fourEyesBaselineVersion < 0) {
            throw new IllegalArgumentException(
                    "four-eyes baseline version must be >= 0, got " + fourEyesBaselineVersion);
        }
        if (expectedDigest != null) {
            expectedDigest = normaliseDigest(expectedDigest);
        }
        if (requirePinnedDigest && expectedDigest == null) {
            throw new IllegalArgumentException("requiring pinned approvals needs an expected digest");
        }
        expectedSpaceKey = blankToNull(expectedSpaceKey);
        expectedAncestorId = blankToNull(expectedAncestorId);
        contentStateName = blankToNull(contentStateName);
        if (expectedAncestorId != null && !expectedAncestorId.matches("[0-9]{1,20}")) {
            throw new IllegalArgumentException("expected ancestor must be a page id (digits), got '"
                    + ApprovalText.printable(expectedAncestorId, 40) + "'");
        }
    }

    /**
     * Checks and normalises an artifact digest to {@code sha256:<64 lowercase hex>}.
     *
     * @throws IllegalArgumentException if it is not one
     */
    public static String normaliseDigest(String digest) {
        String d = digest.strip().toLowerCase(Locale.ROOT);
        if (!ApprovalEvidence.DIGEST.matcher(d).matches()) {
            throw new IllegalArgumentException(
                    "expected digest must be sha256:<64 hex digits>, got '" + ApprovalText.printable(digest, 80) + "'");
        }
        return d;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Whether this account is named by the policy, directly or through a group. */
    public boolean isEligible(ApprovalEvidence.UserInfo user) {
        if (approverAccountIds.contains(user.accountId())) {
            return true;
        }
        for (String g : user.confluenceGroups()) {
            if (approverGroups.contains(g)) {
                return true;
            }
        }
        for (String g : user.policyGroups()) {
            if (policyGroups.contains(g)) {
                return true;
            }
        }
        return false;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this policy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.requiredApprovals = requiredApprovals;
        b.approverGroups.addAll(approverGroups);
        b.approverAccountIds.addAll(approverAccountIds);
        b.policyGroups.addAll(policyGroups);
        b.fourEyes = fourEyes;
        b.fourEyesBaselineVersion = fourEyesBaselineVersion;
        b.expireOnEdit = expireOnEdit;
        b.expectedDigest = expectedDigest;
        b.requirePinnedDigest = requirePinnedDigest;
        b.expectedSpaceKey = expectedSpaceKey;
        b.expectedAncestorId = expectedAncestorId;
        b.contentStateName = contentStateName;
        b.excludedAccountIds.addAll(excludedAccountIds);
        b.allowAppAccounts = allowAppAccounts;
        return b;
    }

    /** Builds an {@link ApprovalPolicy}; defaults are the strict ones. */
    public static final class Builder {
        private int requiredApprovals = 1;
        private final Set<String> approverGroups = new LinkedHashSet<>();
        private final Set<String> approverAccountIds = new LinkedHashSet<>();
        private final Set<String> policyGroups = new LinkedHashSet<>();
        private boolean fourEyes = true;
        private int fourEyesBaselineVersion;
        private boolean expireOnEdit = true;
        private String expectedDigest;
        private boolean requirePinnedDigest;
        private String expectedSpaceKey;
        private String expectedAncestorId;
        private String contentStateName;
        private final Set<String> excludedAccountIds = new LinkedHashSet<>();
        private boolean allowAppAccounts;

        private Builder() {}

        public Builder requiredApprovals(int n) {
            this.requiredApprovals = n;
            return this;
        }

        public Builder approverGroups(Set<String> groups) {
            approverGroups.addAll(Objects.requireNonNull(groups, "groups"));
            return this;
        }

        public Builder approverAccountIds(Set<String> accountIds) {
            approverAccountIds.addAll(Objects.requireNonNull(accountIds, "accountIds"));
            return this;
        }

        public Builder policyGroups(Set<String> groups) {
            policyGroups.addAll(Objects.requireNonNull(groups, "groups"));
            return this;
        }

        public Builder fourEyes(boolean on) {
            this.fourEyes = on;
            return this;
        }

        public Builder fourEyesBaselineVersion(int version) {
            this.fourEyesBaselineVersion = version;
            return this;
        }

        public Builder expireOnEdit(boolean on) {
            this.expireOnEdit = on;
            return this;
        }

        public Builder expectedDigest(String digest) {
            this.expectedDigest = digest;
            return this;
        }

        public Builder requirePinnedDigest(boolean on) {
            this.requirePinnedDigest = on;
            return this;
        }

        public Builder expectedSpaceKey(String spaceKey) {
            this.expectedSpaceKey = spaceKey;
            return this;
        }

        public Builder expectedAncestorId(String pageId) {
            this.expectedAncestorId = pageId;
            return this;
        }

        public Builder contentStateName(String name) {
            this.contentStateName = name;
            return this;
        }

        public Builder excludedAccountIds(Set<String> accountIds) {
            excludedAccountIds.addAll(Objects.requireNonNull(accountIds, "accountIds"));
            return this;
        }

        public Builder allowAppAccounts(boolean allow) {
            this.allowAppAccounts = allow;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the setting, if the policy is invalid
         */
        public ApprovalPolicy build() {
            return new ApprovalPolicy(
                    requiredApprovals,
                    approverGroups,
                    approverAccountIds,
                    policyGroups,
                    fourEyes,
                    fourEyesBaselineVersion,
                    expireOnEdit,
                    expectedDigest,
                    requirePinnedDigest,
                    expectedSpaceKey,
                    expectedAncestorId,
                    contentStateName,
                    excludedAccountIds,
                    allowAppAccounts);
        }
    }
}
