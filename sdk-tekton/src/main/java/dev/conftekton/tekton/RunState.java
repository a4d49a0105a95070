package dev.conftekton.tekton;

/** Where a PipelineRun stands, read from its {@code Succeeded} condition. */
public enum RunState {
    /** Created, not started yet (no condition, or {@code spec.status: PipelineRunPending}). */
    PENDING,
    /** Started and not finished ({@code Succeeded=Unknown}). */
    RUNNING,
    /** Finished successfully ({@code Succeeded=True}). */
    SUCCEEDED,
    /** Finished with a failure ({@code Succeeded=False}) other than cancellation or timeout. */
    FAILED,
    /** Cancelled or stopped ({@code Succeeded=False}, reason {@code Cancelled}, {@code StoppedRunFinally}, ...). */
    CANCELLED,
    /** Tekton stopped it because it ran past its own timeout ({@code reason: PipelineRunTimeout}). */
    TIMED_OUT;

    /** True for the four final states. */
    public boolean isDone() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == TIMED_OUT;
    }
}
