package dev.conftekton.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A subcommand that is part of the command structure but not built yet. It says so plainly and
 * exits with {@link ExitCodes#USAGE}, so a pipeline that calls it fails loudly instead of passing.
 * Each entry is removed when the real command lands.
 */
final class PlannedCommand implements Callable<Integer> {
    private record Planned(String name, String summary) {}

    private static final List<Planned> PLANNED =
            List.of(new Planned("demo", "The quickstart: emulator, publish, approval gate, audit trail, end to end."));

    private final String name;

    private PlannedCommand(String name) {
        this.name = name;
    }

    static void addTo(CommandLine root) {
        for (Planned p : PLANNED) {
            if (root.getSubcommands().containsKey(p.name())) {
                continue; // the real command is registered
            }
            CommandSpec spec = CommandSpec.wrapWithoutInspection(new PlannedCommand(p.name()));
            spec.mixinStandardHelpOptions(true);
            spec.usageMessage().description(p.summary(), "", "Not available in this build yet.");
            spec.usageMessage().footer(ExitCodes.HELP_FOOTER);
            root.addSubcommand(p.name(), new CommandLine(spec));
        }
    }

    @Override
    public Integer call() {
        System.err.println("conftekton " + name + " is not available in this build yet; see README.md for the status.");
        return ExitCodes.USAGE;
    }
}
