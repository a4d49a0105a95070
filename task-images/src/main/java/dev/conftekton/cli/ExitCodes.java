package dev.conftekton.cli;

/**
 * Exit codes of every {@code conftekton} command. Tekton steps and shell scripts branch on them, so
 * they are part of the public contract and documented in {@code --help}.
 */
public final class ExitCodes {
    /** The command did what was asked and the checked condition holds. */
    public static final int OK = 0;
    /** The command ran, but the checked condition is false (not approved, invalid token, denied). */
    public static final int CONDITION_FALSE = 1;
    /** Usage or configuration error: bad arguments, unreadable files, rejected credentials. */
    public static final int USAGE = 2;
    /** A remote system (Confluence, the identity provider, Kubernetes) failed or was unreachable. */
    public static final int REMOTE_FAILURE = 3;

    /** The text shown at the end of every command's {@code --help}. */
    static final String HELP_FOOTER = "%nExit codes:%n"
            + "  0  success: the command did what was asked and the checked condition holds%n"
            + "  1  the checked condition is false (not approved, token invalid, action denied)%n"
            + "  2  usage or configuration error (bad arguments, unreadable file, rejected credentials)%n"
            + "  3  a remote system failed or could not be reached after retries%n";

    private ExitCodes() {}
}
