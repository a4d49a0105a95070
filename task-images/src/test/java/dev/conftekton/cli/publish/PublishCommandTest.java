package dev.conftekton.cli.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.cli.ConftektonCommand;
import dev.conftekton.cli.ExitCodes;
import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import dev.conftekton.testkit.confluence.ConfluenceEmulatorExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@ExtendWith(ConfluenceEmulatorExtension.class)
class PublishCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        CommandLine cl = ConftektonCommand.newCommandLine();
        CommandLine publish = cl.getSubcommands().get("publish");
        ((PublishCommand) publish.getCommand()).env = env;
        ((RecordCommand) publish.getSubcommands().get("record").getCommand()).env = env;
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static Path credentials(Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("creds"));
        Files.writeString(dir.resolve("email"), "robot@example.com\n");
        Files.writeString(dir.resolve("api-token"), "robot-api-token\n");
        return dir;
    }

    private static String get(ConfluenceEmulator emulator, String path) {
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(emulator.cloudUrl() + path))
                                    .header(
                                            "Authorization",
                                            emulator.user("robot@example.com").basicAuthorization())
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String result(Path dir, String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    }

    @Test
    void publishesATreeWritesResultsAndRepublishesUnchanged(ConfluenceEmulator emulator, @TempDir Path tmp)
            throws IOException {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("guide.md"), "# CLI guide\n\nHello.\n");
        Files.createDirectories(docs.resolve("ops"));
        Files.writeString(docs.resolve("ops/run.md"), "# CLI runbook\n");
        String root = emulator.createPage("robot@example.com", "DEV", "CLI root", "<p/>", null);
        Path results = tmp.resolve("results");
        String[] args = {
            "publish",
            docs.toString(),
            "--url",
            emulator.cloudUrl(),
            "--root-page-id",
            root,
            "--credentials-dir",
            credentials(tmp).toString(),
            "--results-dir",
            results.toString()
        };

        int first = run(Map.of(), args);

        assertThat(first).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("create").contains("created=3");
        assertThat(err.toString()).contains("published 3/3 pages");
        assertThat(result(results, "page-id")).isEqualTo(root);
        assertThat(result(results, "page-url")).contains(root);
        assertThat(result(results, "created")).isEqualTo("3");

        int second = run(Map.of(), args);

        assertThat(second).isEqualTo(ExitCodes.OK);
        assertThat(result(results, "unchanged")).isEqualTo("3");
        assertThat(result(results, "created")).isEqualTo("0");
        assertThat(out.toString() + err.toString()).doesNotContain("robot-api-token");
    }

    @Test
    void dryRunPrintsThePlanAndWritesNothing(ConfluenceEmulator emulator, @TempDir Path tmp) throws IOException {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("x.md"), "# Dry run page\n");
        String root = emulator.createPage("robot@example.com", "DEV", "Dry root", "<p/>", null);
        int pages = emulator.pageCount();

        int code = run(
                Map.of(
                        "CONFTEKTON_URL",
                        emulator.cloudUrl(),
                        "CONFTEKTON_EMAIL",
                        "robot@example.com",
                        "CONFTEKTON_API_TOKEN",
                        "robot-api-token"),
                "publish",
                docs.toString(),
                "--root-page-id",
                root,
                "--dry-run");

        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .contains("create    Dry run page (x.md): new page")
                .contains("dry run, nothing written");
        assertThat(emulator.pageCount()).isEqualTo(pages);
    }

    @Test
    void missingCredentialsIsAUsageErrorNamingTheWaysToGiveThem(@TempDir Path tmp) throws IOException {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("x.md"), "# X\n");

        int code = run(Map.of(), "publish", docs.toString(), "--url", "http://127.0.0.1:9", "--space", "DEV");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--credentials-dir").contains("CONFTEKTON_CONFLUENCE_API_TOKEN");
    }

    @Test
    void recordWritesThePageWithDigestAndALogRow(ConfluenceEmulator emulator, @TempDir Path tmp) throws IOException {
        Path template = tmp.resolve("record.md");
        Files.writeString(template, "# Build {{pipeline_run}}\n\nCommit `{{commit}}`, status **{{status}}**.\n");
        String log = emulator.createPage("robot@example.com", "DEV", "CLI build log", "<p>log</p>", null);
        Path results = tmp.resolve("results");
        String digest = "sha256:" + "0f".repeat(32);

        int code = run(
                Map.of("CONFTEKTON_VAR_COMMIT", "abc123"),
                "publish",
                "record",
                "--url",
                emulator.cloudUrl(),
                "--credentials-dir",
                credentials(tmp).toString(),
                "--space",
                "DEV",
                "--template",
                template.toString(),
                "--set",
                "pipeline_run=cli-run-1",
                "--set",
                "status=Succeeded",
                "--digest",
                digest,
                "--log-page-id",
                log,
                "--log-header",
                "Run",
                "--log-header",
                "Commit",
                "--log-cell",
                "{{pipeline_run}}",
                "--log-cell",
                "{{commit}}",
                "--results-dir",
                results.toString());

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(result(results, "page-version")).isEqualTo("1");
        assertThat(out.toString()).contains("record page").contains("log page " + log);
    }

    @Test
    void recordWithUnknownPlaceholderFailsBeforeWriting(@TempDir Path tmp) throws IOException {
        Path template = tmp.resolve("record.md");
        Files.writeString(template, "# Build {{pipeline_run}} {{unknown_thing}}\n");

        int code = run(
                Map.of(),
                "publish",
                "record",
                "--space",
                "DEV",
                "--template",
                template.toString(),
                "--set",
                "pipeline_run=1");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("unknown_thing");
    }

    @Test
    void recordTakesValuesAsLinesTheWayTheCatalogTaskPassesThem(ConfluenceEmulator emulator, @TempDir Path tmp)
            throws IOException {
        Path template = tmp.resolve("record.md");
        Files.writeString(template, "# Release {{version}}\n\nCommit `{{commit}}`, run {{run}}.\n");
        Path results = tmp.resolve("results");

        int code = run(
                Map.of(),
                "publish",
                "record",
                "--url=" + emulator.cloudUrl(),
                "--credentials-dir=" + credentials(tmp),
                "--space=DEV",
                "--parent-page-id=",
                "--template=" + template,
                "--set-lines=version=7.1.0\n# a comment\n\ncommit = f00ba4\nrun=r-1",
                "--set=run=r-2",
                "--digest=",
                "--results-dir=" + results);

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("record page");
        String id = result(results, "page-id");
        String page = get(emulator, "/api/v2/pages/" + id + "?body-format=storage");
        assertThat(page).contains("Release 7.1.0").contains("f00ba4").contains("run r-2"); // --set wins
    }

    @Test
    void recordRefusesASetLineWithoutEquals(@TempDir Path tmp) throws IOException {
        Path template = tmp.resolve("record.md");
        Files.writeString(template, "# Release {{version}}\n");

        int code = run(
                Map.of(),
                "publish",
                "record",
                "--space=DEV",
                "--template=" + template,
                "--set-lines=version=1\njust-a-word");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--set-lines line 2 is not name=value");
    }

    @Test
    void setLinesParsesNameValueLines() {
        assertThat(RecordCommand.lines("a=1\r\n b = two words \n#c=3\n\nd=x=y"))
                .containsExactly(Map.entry("a", "1"), Map.entry("b", "two words"), Map.entry("d", "x=y"));
        assertThat(RecordCommand.lines(null)).isEmpty();
    }
}
