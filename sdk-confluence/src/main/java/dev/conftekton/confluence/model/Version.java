package dev.conftekton.confluence.model;

import java.time.Instant;

/**
 * One version of a page, comment, attachment or content property.
 *
 * @param number the version number, 1 for the first
 * @param message the version comment, empty when none
 * @param authorId account id (Cloud) or user key (Data Center) of who made this version; null when unknown
 * @param createdAt when this version was made; null when Confluence did not say
 * @param minorEdit whether watchers were spared a notification
 */
public record Version(int number, String message, String authorId, Instant createdAt, boolean minorEdit) {
    public Version {
        Checks.requirePositive(number, "version number");
        message = message == null ? "" : message;
    }
}
