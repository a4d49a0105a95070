package dev.conftekton.cli;

/** Entry point of {@code conftekton.jar}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(ConftektonCommand.newCommandLine().execute(args));
    }
}
