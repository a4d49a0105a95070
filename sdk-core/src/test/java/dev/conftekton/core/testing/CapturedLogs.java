package dev.conftekton.core.testing;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Every log line written through slf4j in this test JVM (see {@link CapturingServiceProvider}). */
public final class CapturedLogs {
    /** One formatted log event. */
    public record Line(String logger, String level, String message) {}

    private static final ConcurrentLinkedQueue<Line> LINES = new ConcurrentLinkedQueue<>();

    private CapturedLogs() {}

    static void add(Line line) {
        LINES.add(line);
    }

    public static List<Line> all() {
        return List.copyOf(LINES);
    }

    public static List<Line> of(String loggerPrefix) {
        return LINES.stream().filter(l -> l.logger().startsWith(loggerPrefix)).toList();
    }
}
