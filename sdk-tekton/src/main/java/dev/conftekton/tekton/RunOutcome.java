package dev.conftekton.tekton;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a PipelineRun came to, or where it stood when a wait ended.
 *
 * @param namespace the run's namespace
 * @param name the run's name
 * @param state the state read from the {@code Succeeded} condition
 * @param reason the condition's reason (for example {@code Succeeded}, {@code Failed},
 *     {@code PipelineRunTimeout}, {@code Cancelled}), empty when there is no condition yet
 * @param message the condition's message, empty when none
 * @param startTime when Tekton started the run, if it did
 * @param completionTime when it finished, if it did
 * @param results the pipeline results by name (empty until the run finished)
 * @param waitExpired true when {@link TektonRuns#await} gave up before the run finished; the state
 *     is then the last one observed ({@link RunState#PENDING} or {@link RunState#RUNNING})
 */
public record RunOutcome(
        String namespace,
        String name,
        RunState state,
        String reason,
        String message,
        Optional<Instant> startTime,
        Optional<Instant> completionTime,
        Map<String, RunParam> results,
        boolean waitExpired) {

    public RunOutcome {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
        startTime = startTime == null ? Optional.empty() : startTime;
        completionTime = completionTime == null ? Optional.empty() : completionTime;
        results = results == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(results));
    }

    /**
     * The outcome of a PipelineRun in fabric8's typed {@code tekton.dev/v1} model, read from its
     * {@code Succeeded} condition, times and results. fabric8's model (7.1) keeps no object-valued
     * results; {@link TektonRuns} reads runs untyped and keeps them.
     */
    public static RunOutcome of(io.fabric8.tekton.v1.PipelineRun run) {
        Objects.requireNonNull(run, "run");
        return PipelineRunMapper.toOutcome(run);
    }

    /** True when the run reached a final state. */
    public boolean isDone() {
        return state.isDone();
    }

    /** Run time from start to completion, when both are known. */
    public Optional<Duration> duration() {
        if (startTime.isPresent() && completionTime.isPresent()) {
            return Optional.of(Duration.between(startTime.get(), completionTime.get()));
        }
        return Optional.empty();
    }

    /** A string result, if the run produced one under {@code name}. */
    public Optional<String> stringResult(String name) {
        RunParam r = results.get(name);
        return r != null && r.type() == RunParam.Type.STRING ? Optional.of(r.string()) : Optional.empty();
    }

    RunOutcome withWaitExpired() {
        return new RunOutcome(namespace, name, state, reason, message, startTime, completionTime, results, true);
    }
}
