package dev.conftekton.benchmarks;

/**
 * One benchmark scenario. It sets up what it measures (servers, data), runs, and reports its
 * figures. Scenarios print progress to {@link Run#out()} and never assert: the goals are read from
 * the printed figures.
 */
public interface Scenario {
    /** The name used on the command line, in kebab-case, for example {@code http-overhead}. */
    String name();

    /** One line saying what is measured and the goal. */
    String description();

    /** Runs the scenario and adds its figures to {@code figures}. */
    void run(Run run, Figures figures) throws Exception;
}
