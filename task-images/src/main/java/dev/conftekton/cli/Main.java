package dev.conftekton.cli;

/** Entry point of {@code conftekton.jar}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // Options given empty (--name=, an optional Tekton param left at "") are dropped by the
        // commands' EmptyOptionValues preprocessor, which knows the few options where empty means something.
        System.exit(ConftektonCommand.forArgs(args).execute(args));
    }
}
