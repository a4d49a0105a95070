package dev.conftekton.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Options for one scenario run: how long to warm up and measure, plus scenario-specific options
 * given as {@code --name value} on the command line.
 */
public record Run(Duration warmup, Duration measure, Map<String, String> options, PrintStream out) {
    public Run {
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(measure, "measure");
        options = Map.copyOf(options);
        Objects.requireNonNull(out, "out");
    }

    /** A scenario option, or {@code defaultValue} when not given. */
    public String option(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }

    public int intOption(String name, int defaultValue) {
        String v = options.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a whole number, got '" + v + "'");
        }
    }
}
