package dev.conftekton.cli;

/** Entry point of {@code conftekton.jar}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        String[] cleaned = ConftektonCommand.withoutEmptyOptions(args);
        System.exit(ConftektonCommand.forArgs(cleaned).execute(cleaned));
    }
}
