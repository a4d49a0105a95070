package com.example.confluence;

import dev.conftekton.confluence.ConfluenceClient;
import dev.conftekton.confluence.model.NewPage;
import dev.conftekton.confluence.model.Page;
import dev.conftekton.confluence.model.PageUpdate;
import dev.conftekton.confluence.storage.StorageEscaper;
import java.util.Objects;

/**
 * The code under test in this sample: keeps a "Deployments" page per space and appends one line
 * per deployment, safely when several pipelines deploy at once.
 */
public final class DeploymentLog {
    static final String TITLE = "Deployments";

    private final ConfluenceClient confluence;

    public DeploymentLog(ConfluenceClient confluence) {
        this.confluence = Objects.requireNonNull(confluence, "confluence");
    }

    /** Appends {@code line} to the space's deployment page, creating the page on first use. */
    public Page record(String spaceKey, String line) {
        Page page = confluence.pages().findByTitle(spaceKey, TITLE).orElseGet(() -> confluence
                .pages()
                .create(NewPage.inSpace(spaceKey, TITLE, "<p>Deployments:</p>")));
        String paragraph = "<p>" + StorageEscaper.escapeText(line) + "</p>";
        // re-reads and re-applies the change when another writer got there first (409)
        return confluence.pages().updateWithRetry(page.id(), current -> PageUpdate.body(current.body() + paragraph)
                .withMessage("deployment recorded"));
    }
}
