package dev.conftekton.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A subcommand that this build has but this class path cannot run: {@code emulator} and {@code demo}
 * need the testkit, and {@code report-run} the fabric8 Kubernetes client, both of which the task
 * image leaves out. It says where to find the command and exits
 * with {@link ExitCodes#USAGE}, so a step that calls it fails loudly. Registered only for names the
 * real command did not take.
 */
final class UnavailableCommand implements Callable<Integer> {
    record Entry(String name, String summary, String why) {}

    static final String WHY = "needs the conftekton testkit, which this image leaves out (it holds only what the"
            + " Tekton tasks run); use conftekton.jar from the source build instead";

    static final String WHY_KUBERNETES = "needs the fabric8 Kubernetes client, which this image leaves out (it"
            + " holds only what the Tekton tasks run); use conftekton.jar from the source build instead";

    /** Commands that run the testkit's emulator. */
    static final List<Entry> TESTKIT_COMMANDS = List.of(
            new Entry("emulator", "The Confluence emulator as a standalone server.", WHY),
            new Entry("demo", "The quickstart: emulator, publish, approval gate, audit trail, end to end.", WHY));

    /** Commands that talk to the Kubernetes API. */
    static final List<Entry> KUBERNETES_COMMANDS = List.of(new Entry(
            "report-run", "A finished PipelineRun (or every one in a namespace) into Confluence.", WHY_KUBERNETES));

    private final String name;
    private final String why;

    private UnavailableCommand(String name, String why) {
        this.name = name;
        this.why = why;
    }

    static void addTo(CommandLine root, List<Entry> entries) {
        for (Entry e : entries) {
            if (root.getSubcommands().containsKey(e.name())) {
                continue; // the real command is registered
            }
            CommandSpec spec = CommandSpec.wrapWithoutInspection(new UnavailableCommand(e.name(), e.why()));
            spec.mixinStandardHelpOptions(true);
            spec.usageMessage().description(e.summary(), "", "Not available here: it " + e.why() + ".");
            spec.usageMessage().footer(ExitCodes.HELP_FOOTER);
            root.addSubcommand(e.name(), new CommandLine(spec));
        }
    }

    @Override
    public Integer call() {
        System.err.println("conftekton " + name + " " + why + ".");
        return ExitCodes.USAGE;
    }
}
