package dev.conftekton.confluence.model;

import java.util.Optional;

/**
 * A Confluence user.
 *
 * @param accountId the Atlassian account id (Cloud) or user key (Data Center)
 * @param username the user name (Data Center only); null on Cloud
 * @param displayName the display name
 * @param email the e-mail address; null or empty when hidden by the user's privacy settings
 * @param accountStatus {@code active}, {@code inactive}, {@code closed}, or null when unknown
 */
public record User(String accountId, String username, String displayName, String email, String accountStatus) {
    public User {
        Checks.requireText(accountId, "account id");
        displayName = displayName == null ? accountId : displayName;
    }

    /** The e-mail address, when the user's privacy settings reveal it. */
    public Optional<String> emailAddress() {
        return email == null || email.isBlank() ? Optional.empty() : Optional.of(email);
    }

    /** True unless Confluence said the account is inactive or closed. */
    public boolean active() {
        return accountStatus == null || accountStatus.equalsIgnoreCase("active");
    }
}
