package dev.conftekton.tekton;

import io.fabric8.tekton.v1.PipelineRun;

/**
 * Told about finished PipelineRuns by {@link TektonRuns#watchFinished}. Called on the watch's
 * thread: keep it short (hand long work to an executor) and do not throw.
 */
@FunctionalInterface
public interface FinishedRunListener {
    /**
     * A run that has finished. The same run may be delivered more than once — when its object
     * changes after it finished, and at every resync — so implementations must be idempotent or
     * remember what they have handled (for example by {@code run.getMetadata().getUid()}).
     *
     * @param run the run in fabric8's typed model (metadata, spec, status)
     * @param outcome its outcome, read from the untyped object so that object-valued results survive
     */
    void finished(PipelineRun run, RunOutcome outcome);

    /**
     * Whether the run with this {@code metadata.uid} is still of interest: false skips it before it
     * is converted to the typed model (every finished run comes again at each resync, and the
     * conversion costs far more than this check). Runs without a uid are always delivered.
     */
    default boolean wants(String uid) {
        return true;
    }
}
