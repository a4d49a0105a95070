package dev.conftekton.tekton.interceptor.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers delivery keys for a time window, with a bound on how many it keeps (oldest dropped
 * first), so that a retried or replayed delivery is noticed. Thread-safe.
 */
public final class ReplayGuard {
    private final Duration window;
    private final int maxEntries;
    private final Clock clock;
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    public ReplayGuard(Duration window, int maxEntries, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.window = window;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /**
     * Records {@code key}; returns empty when it is new, or when it was first seen if it is a repeat
     * within the window.
     */
    public synchronized Optional<Instant> firstSeen(String key) {
        Instant now = clock.instant();
        Instant cutoff = now.minus(window);
        for (Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue().isAfter(cutoff)) {
                break; // insertion order is time order
            }
            it.remove();
        }
        Instant before = seen.get(key);
        if (before != null) {
            return Optional.of(before);
        }
        seen.put(key, now);
        if (seen.size() > maxEntries) {
            Iterator<String> it = seen.keySet().iterator();
            it.next();
            it.remove();
        }
        return Optional.empty();
    }

    public synchronized int size() {
        return seen.size();
    }
}
