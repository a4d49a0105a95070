package dev.conftekton.confluence.publish;

/**
 * Receives progress while a plan is executed (called from worker threads, so implementations must be
 * thread-safe).
 */
@FunctionalInterface
public interface PublishProgress {
    /** Does nothing. */
    PublishProgress NONE = (done, total, elapsedNanos) -> {};

    /**
     * A page was handled.
     *
     * @param done pages handled so far (written, unchanged or failed)
     * @param total pages in the plan
     * @param elapsedNanos time since the execution started
     */
    void pageDone(int done, int total, long elapsedNanos);

    /**
     * A write of the plan finished: a page created or updated, or an orphan archived or deleted.
     * Called once per such action, before {@link #pageDone}; not called for pages left unchanged,
     * skipped or kept.
     *
     * @param action the planned action
     * @param pageId the page written (null when creating it failed)
     * @param failure why the write failed, without secrets; null when it succeeded
     */
    default void written(PlannedAction action, String pageId, String failure) {}
}
