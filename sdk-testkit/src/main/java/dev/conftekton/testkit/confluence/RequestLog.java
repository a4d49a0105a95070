package dev.conftekton.testkit.confluence;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the emulator was asked: counts per endpoint and the most recent requests. Thread-safe.
 *
 * <p>Endpoints are named by method and path template, e.g. {@code GET /wiki/api/v2/pages/{id}}; requests that
 * match no endpoint count under {@code METHOD <unmatched>}.
 *
 * <pre>{@code
 * emulator.requestLog().reset();
 * client.pages().get(id);
 * assertThat(emulator.requestLog().count("GET /wiki/api/v2/pages/{id}")).isEqualTo(1);
 * }</pre>
 */
public final class RequestLog {
    private static final int KEPT = 1000;

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Deque<Entry> recent = new ArrayDeque<>();

    /**
     * One request as answered.
     *
     * @param endpoint method and path template
     * @param path the path as requested, without the query
     * @param status the status sent, or {@code 0} when the connection was dropped on purpose
     * @param accountId the authenticated user, or {@code null}
     */
    public record Entry(String endpoint, String path, int status, String accountId) {}

    /** Records a request; called by the emulator. */
    public void record(Entry entry) {
        counts.computeIfAbsent(entry.endpoint(), k -> new LongAdder()).increment();
        synchronized (recent) {
            recent.addLast(entry);
            if (recent.size() > KEPT) {
                recent.removeFirst();
            }
        }
    }

    /** Requests to one endpoint since the last reset, e.g. {@code count("PUT /wiki/api/v2/pages/{id}")}. */
    public long count(String endpoint) {
        LongAdder a = counts.get(endpoint);
        return a == null ? 0 : a.sum();
    }

    /** All requests since the last reset. */
    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** A sorted snapshot of the counts per endpoint. */
    public Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** The last requests (at most 1000), oldest first. */
    public List<Entry> recent() {
        synchronized (recent) {
            return List.copyOf(new ArrayList<>(recent));
        }
    }

    /** Forgets all counts and recent requests. */
    public void reset() {
        counts.clear();
        synchronized (recent) {
            recent.clear();
        }
    }

    @Override
    public String toString() {
        return "RequestLog" + counts();
    }
}
