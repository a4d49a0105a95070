package dev.conftekton.confluence.model;

import java.util.Objects;

/**
 * A page to create.
 *
 * <pre>{@code
 * NewPage page = NewPage.inSpace("DOCS", "Release 1.4", body).underParent("12345");
 * }</pre>
 *
 * @param spaceKey the space key (the client resolves it to an id on Cloud v2)
 * @param title the title, unique within the space
 * @param parentId the parent page id, null for the space's top level
 * @param body the body in storage format
 * @param draft true to create a draft instead of publishing
 */
public record NewPage(String spaceKey, String title, String parentId, String body, boolean draft) {
    public NewPage {
        Checks.requireText(spaceKey, "space key");
        Checks.requireText(title, "title");
        Objects.requireNonNull(body, "body");
        if (title.length() > 255) {
            throw new IllegalArgumentException("a page title has at most 255 characters but had " + title.length());
        }
    }

    /** A published top-level page. */
    public static NewPage inSpace(String spaceKey, String title, String body) {
        return new NewPage(spaceKey, title, null, body, false);
    }

    /** The same page placed under {@code parentId}. */
    public NewPage underParent(String parentId) {
        return new NewPage(spaceKey, title, Checks.requireText(parentId, "parent id"), body, draft);
    }
}
