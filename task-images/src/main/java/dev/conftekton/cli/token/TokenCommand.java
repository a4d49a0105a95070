package dev.conftekton.cli.token;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code conftekton token}: the parent of {@code get} and {@code verify}. */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description = "Obtain or verify workload-identity tokens (OIDC/OAuth).",
        subcommands = {TokenGetCommand.class, TokenVerifyCommand.class, CommandLine.HelpCommand.class},
        footer = TokenCommand.FOOTER)
public final class TokenCommand implements Runnable {
    static final String FOOTER = "%nExit codes:%n"
            + "  0  success: the command did what was asked and the checked condition holds%n"
            + "  1  the checked condition is false (token invalid, action denied)%n"
            + "  2  usage or configuration error (bad arguments, unreadable file, rejected credentials)%n"
            + "  3  a remote system failed or could not be reached%n";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
