package dev.conftekton.confluence.publish;

/** What to do with a page a person edited since the last publish. */
public enum ConflictPolicy {
    /** Stop before writing anything, naming the page, the editor and the time (the default). */
    FAIL,
    /** Leave the edited page as it is and publish the rest. */
    SKIP,
    /** Replace the person's edit with the source (the edit stays in the page history). */
    OVERWRITE
}
