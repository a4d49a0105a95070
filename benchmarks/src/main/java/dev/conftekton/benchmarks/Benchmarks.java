package dev.conftekton.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Runs benchmark scenarios: {@code java -jar conftekton-benchmarks.jar SCENARIO [options] --json FILE}.
 *
 * <p>Scenarios are found with {@link ServiceLoader} ({@code META-INF/services/dev.conftekton.benchmarks.Scenario}),
 * so each module's scenario lives beside the code it measures. The runner prints a table and
 * writes the figures as one flat JSON object.
 */
public final class Benchmarks {
    static final String USAGE = String.join(
            "\n",
            "Usage: java -jar conftekton-benchmarks.jar SCENARIO [--warmup-seconds N] [--seconds N]",
            "                                          [--NAME VALUE ...] [--json FILE]",
            "       java -jar conftekton-benchmarks.jar --list",
            "",
            "Runs one benchmark scenario on this machine, prints its figures as a table and,",
            "with --json, writes them to FILE as one flat JSON object of named numbers",
            "(snake_case names with the unit in the name: _ms, _mib, _per_second).",
            "",
            "  --warmup-seconds N  time to warm up before measuring (default 3)",
            "  --seconds N         time to measure (default 10)",
            "  --NAME VALUE        a scenario-specific option (see the scenario's description)",
            "  --json FILE         also write the figures to FILE",
            "  --list              list the scenarios",
            "",
            "Exit codes: 0 done, 2 usage error, 3 the scenario failed.");

    private Benchmarks() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, loadScenarios()));
    }

    static List<Scenario> loadScenarios() {
        List<Scenario> list = new ArrayList<>();
        ServiceLoader.load(Scenario.class).forEach(list::add);
        return list;
    }

    static int run(String[] args, PrintStream out, PrintStream err, List<Scenario> scenarios) {
        String scenarioName = null;
        Path json = null;
        Duration warmup = Duration.ofSeconds(3);
        Duration measure = Duration.ofSeconds(10);
        Map<String, String> options = new LinkedHashMap<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        printScenarios(out, scenarios);
                        return 0;
                    }
                    case "--list" -> {
                        printScenarios(out, scenarios);
                        return 0;
                    }
                    case "--json" -> json = Path.of(value(args, ++i, a));
                    case "--seconds" -> measure = Duration.ofSeconds(seconds(value(args, ++i, a), a));
                    case "--warmup-seconds" -> warmup = Duration.ofSeconds(seconds(value(args, ++i, a), a));
                    default -> {
                        if (a.startsWith("--") && a.length() > 2) {
                            options.put(a.substring(2), value(args, ++i, a));
                        } else if (a.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        } else if (scenarioName == null) {
                            scenarioName = a;
                        } else {
                            throw new IllegalArgumentException(
                                    "only one scenario per run, got " + scenarioName + " and " + a);
                        }
                    }
                }
            }
            if (scenarioName == null) {
                throw new IllegalArgumentException("name a scenario");
            }
        } catch (IllegalArgumentException e) {
            err.println("conftekton-benchmarks: " + e.getMessage());
            err.println(USAGE);
            printScenarios(err, scenarios);
            return 2;
        }
        String wanted = scenarioName;
        Optional<Scenario> scenario =
                scenarios.stream().filter(s -> s.name().equals(wanted)).findFirst();
        if (scenario.isEmpty()) {
            err.println("conftekton-benchmarks: no scenario named '" + wanted + "'");
            printScenarios(err, scenarios);
            return 2;
        }
        Figures figures = new Figures();
        out.println("== " + wanted + ": " + scenario.get().description());
        out.printf(
                "   java %s, %d cores, max heap %d MiB%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        try {
            scenario.get().run(new Run(warmup, measure, options, out), figures);
        } catch (IllegalArgumentException e) {
            err.println("conftekton-benchmarks: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("conftekton-benchmarks: scenario " + wanted + " failed: " + e);
            e.printStackTrace(err);
            return 3;
        }
        out.println();
        figures.printTable(out);
        if (json != null) {
            try {
                Path parent = json.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(json, figures.toJson(), StandardCharsets.UTF_8);
                out.println("\nfigures written to " + json);
            } catch (IOException e) {
                err.println("conftekton-benchmarks: cannot write " + json + ": " + e.getMessage());
                return 2;
            }
        }
        return 0;
    }

    private static void printScenarios(PrintStream out, List<Scenario> scenarios) {
        out.println();
        out.println("Scenarios:");
        if (scenarios.isEmpty()) {
            out.println("  (none in this build)");
        }
        scenarios.forEach(s -> out.printf("  %-16s %s%n", s.name(), s.description()));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static long seconds(String v, String option) {
        try {
            long s = Long.parseLong(v);
            if (s < 0 || s > 3600) {
                throw new NumberFormatException();
            }
            return s;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes whole seconds from 0 to 3600, got '" + v + "'");
        }
    }
}
