package dev.conftekton.tekton;

/** A running watch started by {@link TektonRuns#watchFinished}; {@link #close()} stops it. */
public interface RunWatch extends AutoCloseable {
    /** Whether the watch is connected to the API server right now (it reconnects by itself). */
    boolean isWatching();

    /** Stops watching. Idempotent. */
    @Override
    void close();
}
