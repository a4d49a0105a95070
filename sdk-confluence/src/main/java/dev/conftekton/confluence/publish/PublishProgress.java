package dev.conftekton.confluence.publish;

/** Receives progress while a plan is executed (called from worker threads). */
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
}
