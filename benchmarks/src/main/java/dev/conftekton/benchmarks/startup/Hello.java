package dev.conftekton.benchmarks.startup;

/** The JVM hello world that {@code task-startup} measures the task against. */
public final class Hello {
    private Hello() {}

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
