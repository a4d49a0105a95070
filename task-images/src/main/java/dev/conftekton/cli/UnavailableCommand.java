package dev.conftekton.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A subcommand that this build has but this class path cannot run: {@code emulator} and {@code demo}
 * need the testkit, which the task image leaves out. It says where to find the command and exits
 * with {@link ExitCodes#USAGE}, so a step that calls it fails loudly. Registered only for names the
 * real command did not take.
 */
final class UnavailableCommand implements Callable<Integer> {
    record Entry(String name, String summary) {}

    /** Commands that run the testkit's emulator. */
    static final List<Entry> TESTKIT_COMMANDS = List.of(
            new Entry("emulator", "The Confluence emulator as a standalone server."),
            new Entry("demo", "The quickstart: emulator, publish, approval gate, audit trail, end to end."));

    static final String WHY = "needs the conftekton testkit, which this image leaves out (it holds only what the"
            + " Tekton tasks run); use conftekton.jar from the source build instead";

    private final String name;

    private UnavailableCommand(String name) {
        this.name = name;
    }

    static void addTo(CommandLine root, List<Entry> entries) {
        for (Entry e : entries) {
            if (root.getSubcommands().containsKey(e.name())) {
                continue; // the real command is registered
            }
            CommandSpec spec = CommandSpec.wrapWithoutInspection(new UnavailableCommand(e.name()));
            spec.mixinStandardHelpOptions(true);
            spec.usageMessage().description(e.summary(), "", "Not available here: it " + WHY + ".");
            spec.usageMessage().footer(ExitCodes.HELP_FOOTER);
            root.addSubcommand(e.name(), new CommandLine(spec));
        }
    }

    @Override
    public Integer call() {
        System.err.println("conftekton " + name + " " + WHY + ".");
        return ExitCodes.USAGE;
    }
}
