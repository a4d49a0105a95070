package dev.conftekton.benchmarks;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The named numbers a scenario reports. Names are snake_case and carry their unit
 * ({@code _ms}, {@code _mib}, {@code _per_second}, or a count or ratio that needs none), so the JSON
 * file reads without a legend.
 */
public final class Figures {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

    private final Map<String, Double> values = new LinkedHashMap<>();

    /** Records {@code value} under {@code name}; a name given twice keeps the last value. */
    public Figures put(String name, double value) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("figure name must be snake_case: " + name);
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("figure " + name + " is not a finite number: " + value);
        }
        values.put(name, value);
        return this;
    }

    public Map<String, Double> asMap() {
        return Map.copyOf(values);
    }

    /** One flat JSON object of named numbers, in the order they were recorded. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        values.forEach((name, value) -> {
            if (sb.length() > 1) {
                sb.append(",");
            }
            sb.append("\n  \"").append(name).append("\": ").append(format(value));
        });
        return sb.append(values.isEmpty() ? "}" : "\n}").append('\n').toString();
    }

    /** A readable two-column table. */
    public void printTable(PrintStream out) {
        int width = values.keySet().stream().mapToInt(String::length).max().orElse(6);
        out.printf(Locale.ROOT, "%-" + width + "s  %s%n", "figure", "value");
        out.println("-".repeat(width) + "  " + "-".repeat(12));
        values.forEach((name, value) -> out.printf(Locale.ROOT, "%-" + width + "s  %s%n", name, format(value)));
    }

    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
