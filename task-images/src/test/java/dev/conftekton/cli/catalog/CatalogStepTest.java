package dev.conftekton.cli.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.cli.ConftektonCommand;
import dev.conftekton.cli.ExitCodes;
import dev.conftekton.cli.image.CatalogTask;
import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import dev.conftekton.testkit.confluence.ConfluenceEmulatorExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs each catalog task's step in-process the way Tekton would (its args from the YAML, params
 * substituted with the given values or the declared defaults, workspaces as directories), against
 * the emulator, and checks that the results the CLI writes are exactly the results the task
 * declares.
 */
@ExtendWith(ConfluenceEmulatorExtension.class)
class CatalogStepTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    record Run(int exitCode, Set<String> written, Set<String> declared, Path results) {}

    private Run run(String task, Map<String, String> params, Map<String, Path> workspaces) throws IOException {
        CatalogTask step = CatalogTask.load(catalog(), task, "0.1");
        Path results = Files.createDirectories(tmp.resolve(task + "-results"));
        List<String> args = step.resolveArgsOnHost(params, workspaces, results);
        CommandLine cl = ConftektonCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args.toArray(String[]::new));
        Set<String> written = new TreeSet<>();
        try (Stream<Path> files = Files.list(results)) {
            files.forEach(f -> written.add(f.getFileName().toString()));
        }
        Set<String> declared = new TreeSet<>(step.results());
        return new Run(code, written, declared, results);
    }

    private Path credentials() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("creds"));
        Files.writeString(dir.resolve("token"), "robot-pat\n");
        return dir;
    }

    private static Path catalog() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("tekton-catalog/task"))) {
                return p.resolve("tekton-catalog/task");
            }
        }
        throw new IllegalStateException("no tekton-catalog/task");
    }

    private static String read(Path results, String name) throws IOException {
        return Files.readString(results.resolve(name), StandardCharsets.UTF_8);
    }

    @Test
    void publishStepWritesExactlyItsDeclaredResults(ConfluenceEmulator emulator) throws IOException {
        Path source = Files.createDirectories(tmp.resolve("source/docs/ops"));
        Files.writeString(source.getParent().resolve("guide.md"), "# Catalog step guide\n\nHi.\n");
        Files.writeString(source.resolve("run.md"), "# Catalog step runbook\n");

        Run run = run(
                "confluence-publish",
                Map.of("url", emulator.cloudUrl(), "space", "DEV", "title-prefix", "[step] "),
                Map.of("source", tmp.resolve("source"), "confluence-credentials", credentials()));

        assertThat(run.exitCode()).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.written()).isEqualTo(run.declared());
        assertThat(Integer.parseInt(read(run.results(), "created"))).isPositive();
    }

    @Test
    void recordStepWritesExactlyItsDeclaredResults(ConfluenceEmulator emulator) throws IOException {
        Path source = Files.createDirectories(tmp.resolve("source"));
        Files.writeString(source.resolve("record.md"), "# Step release {{version}}\n\nCommit {{commit}}.\n");

        Run run = run(
                "confluence-publish-record",
                Map.of(
                        "url", emulator.cloudUrl(),
                        "space", "DEV",
                        "template", "record.md",
                        "values", "version=3.2.1\ncommit=abc",
                        "digest", "sha256:" + "1f".repeat(32)),
                Map.of("source", source, "confluence-credentials", credentials()));

        assertThat(run.exitCode()).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.written()).isEqualTo(run.declared());
        assertThat(read(run.results(), "page-version")).isEqualTo("1");
    }

    @Test
    void verifyStepWritesItsDeclaredResultsAndFailsWhenNotApproved(ConfluenceEmulator emulator) throws IOException {
        String page = emulator.createPage("alice@example.com", "DEV", "Step gate", "<p>gate</p>", null);

        Run run = run(
                "confluence-verify-approval",
                Map.of(
                        "url", emulator.cloudUrl(),
                        "flavour", "cloud",
                        "page-id", page,
                        "space", "DEV",
                        "approver-groups", "approvers"),
                Map.of("confluence-credentials", credentials()));

        assertThat(run.exitCode()).as(err.toString()).isEqualTo(ExitCodes.CONDITION_FALSE);
        assertThat(run.written()).isEqualTo(run.declared());
        assertThat(read(run.results(), "approved")).isEqualTo("false");
        assertThat(read(run.results(), "approvers")).isEqualTo("[]");
    }

    @Test
    void verifyStepReadsThePolicyWorkspace(ConfluenceEmulator emulator) throws IOException {
        String page = emulator.createPage("alice@example.com", "DEV", "Step gate policy", "<p>gate</p>", null);
        Path policy = Files.createDirectories(tmp.resolve("policy"));
        Files.writeString(policy.resolve("policy.yaml"), "space: OPS\napprovers:\n  groups: [approvers]\n");

        Run run = run(
                "confluence-verify-approval",
                Map.of("url", emulator.cloudUrl(), "flavour", "cloud", "page-id", page),
                Map.of("confluence-credentials", credentials(), "policy", policy));

        // The policy pins space OPS, the page is in DEV: the gate refuses.
        assertThat(run.exitCode()).as(err.toString()).isEqualTo(ExitCodes.CONDITION_FALSE);
        assertThat(read(run.results(), "reason")).contains("OPS");
    }
}
