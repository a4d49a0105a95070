package dev.conftekton.cli.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.cli.ConftektonCommand;
import dev.conftekton.cli.ExitCodes;
import dev.conftekton.testkit.confluence.EmulatorSeed;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EmulatorCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = ConftektonCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void printedSeedExampleIsASeedTheEmulatorAccepts() {
        int code = run("emulator", "--print-seed-example");

        assertThat(code).isZero();
        EmulatorSeed seed = EmulatorSeed.parse(out.toString(), "printed example");
        assertThat(seed).isNotNull();
        assertThat(out.toString()).contains("users", "spaces");
    }

    @Test
    void unreadableSeedFileIsAConfigurationErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("seed.yaml");
        Files.writeString(broken, "users: [ {accountId: a, : }\n  - ]]]");

        int code = run("emulator", "--port", "0", "--seed", broken.toString());

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("seed.yaml");
    }

    @Test
    void aSeedWhosePageIsItsOwnChildIsAConfigurationErrorNotACrash(@TempDir Path dir) throws Exception {
        // a YAML alias makes the page its own child: walking it overflowed the stack (exit 1, a stack trace)
        Path loop = dir.resolve("loop.yaml");
        Files.writeString(
                loop,
                """
                users: [{accountId: a, email: a@x.io}]
                spaces:
                  - key: K
                    pages:
                      - &p {title: Loop, children: [*p]}
                """);

        int code = run("emulator", "--port", "0", "--seed", loop.toString());

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("loop.yaml").contains("pages nest deeper than 30 levels");
        assertThat(err.toString()).doesNotContain("StackOverflowError");
    }

    @Test
    @Timeout(60) // without the check, the emulator started and ran until interrupted
    void aSeedPageBodyThatIsNotWellFormedXhtmlIsAConfigurationError(@TempDir Path dir) throws Exception {
        // the APIs refuse such a body with 400; the seed stored it and served it to clients as if Confluence had
        Path seed = dir.resolve("seed.yaml");
        Files.writeString(
                seed,
                """
                users: [{accountId: a, email: a@x.io}]
                spaces:
                  - key: K
                    pages:
                      - {title: Broken, body: "<p>unclosed"}
                """);

        int code = run("emulator", "--port", "0", "--seed", seed.toString());

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Seed page 'Broken' in space K: Error parsing xhtml");
    }

    @Test
    void outOfRangeOptionsAreUsageErrors() {
        assertThat(run("emulator", "--port", "70000")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("emulator", "--port", "0", "--rate-limit", "-3")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--port must be between 0 and 65535", "--rate-limit must be a positive");
    }
}
