package dev.conftekton.tekton;

/** How to stop a PipelineRun, written to its {@code spec.status}. */
public enum CancelMode {
    /** Stop everything now, skipping {@code finally} tasks ({@code Cancelled}). */
    CANCELLED("Cancelled"),
    /** Cancel running tasks, then run {@code finally} tasks ({@code CancelledRunFinally}). */
    CANCELLED_RUN_FINALLY("CancelledRunFinally"),
    /** Let running tasks finish, schedule no new ones, then run {@code finally} tasks ({@code StoppedRunFinally}). */
    STOPPED_RUN_FINALLY("StoppedRunFinally");

    private final String specStatus;

    CancelMode(String specStatus) {
        this.specStatus = specStatus;
    }

    /** The value Tekton expects in {@code spec.status}. */
    public String specStatus() {
        return specStatus;
    }
}
