package dev.conftekton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.core.error.NotFoundException;
import dev.conftekton.core.error.ServerException;
import dev.conftekton.core.error.TransportException;
import dev.conftekton.core.error.UnauthorizedException;
import dev.conftekton.core.http.Headers;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConftektonCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = ConftektonCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void versionNamesTheBuildVersionAndRuntime() {
        int code = run("--version");

        assertThat(code).isZero();
        assertThat(out.toString())
                .startsWith("conftekton " + VersionProvider.version())
                .contains("Java " + System.getProperty("java.version"));
        assertThat(VersionProvider.version()).isNotEqualTo("unknown").doesNotContain("${");
    }

    @Test
    void helpListsEverySubcommandAndTheExitCodes() {
        int code = run("--help");

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("publish", "verify-approval", "token", "emulator", "demo", "interceptor")
                .contains("Exit codes:", "  1  the checked condition is false", "  3  a remote system failed");
    }

    @Test
    void unknownOptionIsAUsageErrorWithASuggestion() {
        int code = run("--verison");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Unknown option: '--verison'").contains("--version");
    }

    @Test
    void subcommandHelpWorksForEverySubcommand() {
        for (String name : ConftektonCommand.newCommandLine().getSubcommands().keySet()) {
            StringWriter sub = new StringWriter();
            CommandLine cl = ConftektonCommand.newCommandLine();
            cl.setOut(new PrintWriter(sub, true));

            int code = cl.execute(name, "--help");

            assertThat(code).as(name).isZero();
            assertThat(sub.toString()).as(name).contains("Usage:");
        }
    }

    @Test
    void failuresMapToTheDocumentedExitCodes() {
        Headers h = Headers.empty();
        assertThat(ConftektonCommand.exitCodeFor(new UnauthorizedException("no", 401, null, h, "")))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(ConftektonCommand.exitCodeFor(new NotFoundException("no page 7", 404, null, h, "")))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(ConftektonCommand.exitCodeFor(new ServerException("boom", 503, null, h, "")))
                .isEqualTo(ExitCodes.REMOTE_FAILURE);
        assertThat(ConftektonCommand.exitCodeFor(new TransportException("refused", new IOException("x"))))
                .isEqualTo(ExitCodes.REMOTE_FAILURE);
        assertThat(ConftektonCommand.exitCodeFor(new IllegalArgumentException("bad --space")))
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void withoutTheTestkitEmulatorAndDemoExplainWhereToFindThemAndExitTwo() {
        CommandLine cl =
                ConftektonCommand.newCommandLine(new dev.conftekton.cli.approval.VerifyApprovalCommand(), false);
        StringWriter help = new StringWriter();
        cl.setOut(new PrintWriter(help, true));
        cl.setErr(new PrintWriter(err, true));

        assertThat(cl.execute("--help")).isZero();
        assertThat(help.toString()).contains("emulator", "demo", "verify-approval", "publish");
        assertThat((Object) cl.getSubcommands().get("emulator").getCommand())
                .isNotInstanceOf(dev.conftekton.cli.emulator.EmulatorCommand.class);
        assertThat((Object) ConftektonCommand.newCommandLine()
                        .getSubcommands()
                        .get("emulator")
                        .getCommand())
                .isInstanceOf(dev.conftekton.cli.emulator.EmulatorCommand.class);
    }

    @Test
    void theTestkitProbeFindsTheEmulatorOnlyWhereItIs() {
        ClassLoader withoutTestkit = new ClassLoader(null) {};

        assertThat(ConftektonCommand.testkitPresent(ConftektonCommand.class.getClassLoader()))
                .isTrue();
        assertThat(ConftektonCommand.testkitPresent(withoutTestkit)).isFalse();
    }

    @Test
    void aRunOfOneSubcommandBuildsOnlyThatOne() {
        CommandLine one = ConftektonCommand.forArgs("verify-approval", "--help");
        CommandLine all = ConftektonCommand.forArgs("--help");
        CommandLine misspelt = ConftektonCommand.forArgs("verify-aproval");

        assertThat(one.getSubcommands()).containsKey("verify-approval").doesNotContainKeys("publish", "token");
        assertThat(all.getSubcommands()).containsKeys("verify-approval", "publish", "token", "interceptor", "emulator");
        assertThat(misspelt.getSubcommands()).containsKeys("verify-approval", "publish");
        StringWriter help = new StringWriter();
        one.setOut(new PrintWriter(help, true));
        assertThat(one.execute("verify-approval", "--help")).isZero();
        assertThat(help.toString()).contains("Usage: conftekton verify-approval");
    }

    @Test
    void aRunOfOneSubcommandRegistersNoStandInsForOthers() {
        // The class-path probes (fabric8, testkit) are skipped when their commands are not built.
        assertThat(ConftektonCommand.forArgs("publish", "--help").getSubcommands())
                .containsOnlyKeys("help", "publish");
        assertThat(ConftektonCommand.forArgs("report-run", "--help").getSubcommands())
                .containsOnlyKeys("help", "report-run");
    }
}
