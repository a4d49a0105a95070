package dev.conftekton.confluence.publish;

/** What to do with a published page whose source file is gone. */
public enum OrphanPolicy {
    /** List it in the plan and summary, change nothing (the default). */
    REPORT,
    /** Change nothing and do not list it as a problem. */
    KEEP,
    /** Archive the page. */
    ARCHIVE,
    /** Move the page to the space's trash. */
    DELETE
}
