package dev.conftekton.confluence.approval;

import java.util.Set;

/**
 * Maps a Confluence account to identity-policy groups, for policies that name approvers by groups
 * kept outside Confluence (for example the groups of an organisation's identity policy).
 */
@FunctionalInterface
public interface PolicyGroupResolver {
    /** The identity-policy groups of this account; empty when none. Never null. */
    Set<String> groupsOf(String accountId);

    /** A resolver that knows no groups. */
    static PolicyGroupResolver none() {
        return accountId -> Set.of();
    }
}
