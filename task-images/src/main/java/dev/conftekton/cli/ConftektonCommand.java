package dev.conftekton.cli;

import dev.conftekton.cli.approval.VerifyApprovalCommand;
import dev.conftekton.cli.interceptor.InterceptorCommand;
import dev.conftekton.core.error.ConftektonException;
import dev.conftekton.core.error.NotFoundException;
import dev.conftekton.core.error.PermissionDeniedException;
import dev.conftekton.core.error.UnauthorizedException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The root {@code conftekton} command. Subcommands are the Tekton task steps ({@code publish},
 * {@code verify-approval}), helpers for pipelines ({@code token}) and tools for trying things out
 * ({@code emulator}, {@code demo}, {@code interceptor}).
 */
@Command(
        name = "conftekton",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Joins Atlassian Confluence and Tekton: publish docs and build records into Confluence, gate"
                    + " deployments on approvals made in Confluence, and start pipelines from Confluence events,"
                    + " with workload identity instead of shared secrets.",
            ""
        },
        footer = ExitCodes.HELP_FOOTER
                + "%nCredentials are read from files (--credentials-dir) or CONFTEKTON_* variables,"
                + " never from arguments.%nDocumentation: docs/ in the source tree.",
        subcommands = {CommandLine.HelpCommand.class})
public final class ConftektonCommand implements Runnable {

    @CommandLine.Spec
    CommandSpec spec;

    @Option(
            names = "--verbose",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Log at DEBUG (HTTP traffic with credentials redacted) and show stack traces on errors.")
    void verbose(boolean on) {
        if (on) {
            // slf4j-simple reads this when the first logger is created, which happens after parsing.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
            verbose = true;
        }
    }

    static boolean verbose;

    @Override
    public void run() {
        // No subcommand: show what there is.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A fully configured command line with subcommands, exit-code mapping and error handling. */
    public static CommandLine newCommandLine() {
        return newCommandLine(
                VerifyApprovalCommand::new, testkitPresent(ConftektonCommand.class.getClassLoader()), null);
    }

    /** As {@link #newCommandLine()}, with a {@code verify-approval} configured by the caller (tests, embedding). */
    public static CommandLine newCommandLine(VerifyApprovalCommand verifyApproval) {
        return newCommandLine(verifyApproval, testkitPresent(ConftektonCommand.class.getClassLoader()));
    }

    static CommandLine newCommandLine(VerifyApprovalCommand verifyApproval, boolean withTestkit) {
        return newCommandLine(() -> verifyApproval, withTestkit, null);
    }

    /**
     * The command line for one run of {@code args}: when the first argument names a subcommand, only
     * that subcommand is built. A task step runs one command; building the picocli model of every
     * other one (and what their constructors load) is start-up time spent for nothing. Anything else
     * (no arguments, root options, a misspelt command) gets the full command line, for help and
     * suggestions.
     */
    public static CommandLine forArgs(String... args) {
        String first = args.length > 0 ? args[0] : "";
        String only = SUBCOMMANDS.contains(first) ? first : null;
        // The class-path probes load classes; run them only for a command line that has those commands.
        boolean testkit = (only == null || only.equals("emulator") || only.equals("demo"))
                && testkitPresent(ConftektonCommand.class.getClassLoader());
        return newCommandLine(VerifyApprovalCommand::new, testkit, only);
    }

    /** Subcommands that {@link #forArgs} can build alone. */
    static final java.util.Set<String> SUBCOMMANDS =
            java.util.Set.of("publish", "token", "interceptor", "verify-approval", "emulator", "demo", "report-run");

    static CommandLine newCommandLine(
            java.util.function.Supplier<VerifyApprovalCommand> verifyApproval, boolean withTestkit, String only) {
        java.util.function.Predicate<String> wanted = name -> only == null || only.equals(name);
        CommandLine cl = new CommandLine(new ConftektonCommand());
        if (wanted.test("token")) {
            cl.addSubcommand(new dev.conftekton.cli.token.TokenCommand());
        }
        if (wanted.test("publish")) {
            cl.addSubcommand(new dev.conftekton.cli.publish.PublishCommand());
        }
        if (wanted.test("interceptor")) {
            cl.addSubcommand("interceptor", new InterceptorCommand());
        }
        if (wanted.test("verify-approval")) {
            cl.addSubcommand("verify-approval", verifyApproval.get());
        }
        if (wanted.test("report-run")) {
            // Probed only here: loading the probe class loads part of fabric8, for nothing in other runs.
            if (classPresent(KUBERNETES_PROBE, ConftektonCommand.class.getClassLoader())) {
                cl.addSubcommand("report-run", new dev.conftekton.cli.publish.ReportRunCommand());
            } else {
                UnavailableCommand.addTo(cl, UnavailableCommand.KUBERNETES_COMMANDS);
            }
        }
        if (withTestkit) {
            // Commands that run the testkit's emulator. conftekton.jar has the testkit; the task image
            // leaves it out, and these classes are never loaded there.
            if (wanted.test("emulator")) {
                cl.addSubcommand("emulator", new dev.conftekton.cli.emulator.EmulatorCommand());
            }
            if (wanted.test("demo")) {
                cl.addSubcommand("demo", new dev.conftekton.cli.demo.DemoCommand());
            }
        } else {
            UnavailableCommand.addTo(
                    cl,
                    UnavailableCommand.TESTKIT_COMMANDS.stream()
                            .filter(e -> wanted.test(e.name()))
                            .toList());
        }
        cl.setExitCodeExceptionMapper(ConftektonCommand::exitCodeFor);
        cl.setExecutionExceptionHandler(ConftektonCommand::handleExecutionException);
        cl.setParameterExceptionHandler(ConftektonCommand::handleParameterException);
        return cl;
    }

    /** The class whose presence says the testkit (the Confluence emulator) is on the class path. */
    static final String TESTKIT_PROBE = "dev.conftekton.testkit.confluence.ConfluenceEmulator";

    /**
     * Whether the testkit can be loaded. The task image holds only what the Tekton steps run, so
     * {@code emulator} and {@code demo} are registered only where the testkit is (conftekton.jar).
     */
    static boolean testkitPresent(ClassLoader loader) {
        return classPresent(TESTKIT_PROBE, loader);
    }

    /** The class whose presence says the fabric8 Tekton client is there ({@code report-run}; not in the image). */
    static final String KUBERNETES_PROBE = "io.fabric8.tekton.v1.PipelineRun";

    static boolean classPresent(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Maps a failure to the documented exit codes: what the caller can fix (arguments, files,
     * credentials, a page that does not exist) is a usage or configuration error; everything else
     * happened on the far side or on the way there.
     */
    static int exitCodeFor(Throwable t) {
        if (t instanceof CommandLine.ParameterException
                || t instanceof UnauthorizedException
                || t instanceof PermissionDeniedException
                || t instanceof NotFoundException
                || t instanceof IllegalArgumentException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.REMOTE_FAILURE;
    }

    private static int handleExecutionException(Exception e, CommandLine cl, ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        err.println(cl.getColorScheme().errorText("conftekton " + cl.getCommandName() + ": " + describe(e)));
        if (verbose) {
            e.printStackTrace(err);
        } else {
            err.println("(run with --verbose for details)");
        }
        err.flush();
        return exitCodeFor(e);
    }

    private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(cl.getColorScheme().errorText(e.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        if (e instanceof ConftektonException || e instanceof IllegalArgumentException) {
            return message == null ? e.getClass().getSimpleName() : message;
        }
        return "unexpected " + e.getClass().getName() + (message == null ? "" : ": " + message);
    }
}
