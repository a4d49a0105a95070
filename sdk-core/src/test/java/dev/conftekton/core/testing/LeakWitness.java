package dev.conftekton.core.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Collects, across the whole test JVM, the secrets tests use and every exception the SDK threw at
 * them, so that {@code SecretLeakTest} can check that no secret escaped into a message, a log line
 * or a {@code toString()}. Test-only global state, by design.
 */
public final class LeakWitness {
    private static final Set<String> SECRETS = new CopyOnWriteArraySet<>();
    private static final ConcurrentLinkedQueue<String> TEXTS = new ConcurrentLinkedQueue<>();

    private LeakWitness() {}

    /** Declares {@code value} a secret that must never appear in output; returns it. */
    public static String secret(String value) {
        SECRETS.add(value);
        return value;
    }

    public static Set<String> secrets() {
        return Set.copyOf(SECRETS);
    }

    /** Records text produced by the SDK (a toString(), a result) for the leak check. */
    public static void saw(String text) {
        if (text != null) {
            TEXTS.add(text);
        }
    }

    /** Runs {@code call}, records and returns what it threw (null when nothing). */
    public static Throwable thrown(ThrowingCallable call) {
        try {
            call.call();
            return null;
        } catch (Throwable t) {
            record(t);
            return t;
        }
    }

    public static void record(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        TEXTS.add(sw.toString());
        for (Throwable c = t; c != null; c = c.getCause()) {
            TEXTS.add(String.valueOf(c));
        }
    }

    public static List<String> texts() {
        return List.copyOf(TEXTS);
    }
}
