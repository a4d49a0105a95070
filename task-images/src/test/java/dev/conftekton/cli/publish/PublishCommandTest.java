package dev.conftekton.cli.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.cli.ConftektonCommand;
import dev.conftekton.cli.ExitCodes;
import dev.conftekton.cli.InputFiles;
import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.auth.TokenSource;
import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.RequestBody;
import dev.conftekton.core.http.RestClient;
import dev.conftekton.core.retry.RetryPolicy;
import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import dev.conftekton.testkit.confluence.ConfluenceEmulatorExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * {@code publish DOCS --url EMULATOR --root-page-id ROOT --credentials-dir CREDS} as the robot, then
     * {@code more}.
     */
    private static String[] publishArgs(ConfluenceEmulator emulator, Path tmp, Path docs, String root, String... more)
            throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "publish",
                docs.toString(),
                "--url",
                emulator.cloudUrl(),
                "--root-page-id",
                root,
                "--credentials-dir",
                credentials(tmp).toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
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
        String[] args = publishArgs(emulator, tmp, docs, root, "--results-dir", results.toString());

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
    void aResultsDirThatIsAFileIsRefusedBeforeAnyPageIsWritten(ConfluenceEmulator emulator, @TempDir Path tmp)
            throws IOException {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("x.md"), "# Results file page\n");
        String root = emulator.createPage("robot@example.com", "DEV", "Results file root", "<p/>", null);
        Path notADir = Files.writeString(tmp.resolve("results"), "");
        int pages = emulator.pageCount();

        int code = run(Map.of(), publishArgs(emulator, tmp, docs, root, "--results-dir", notADir.toString()));

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--results-dir " + notADir + " is not a directory");
        assertThat(err.toString()).doesNotContain("unexpected");
        assertThat(emulator.pageCount()).isEqualTo(pages);
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
    void recordRefusesATemplateLargerThanAPageBeforeReadingItWhole(@TempDir Path tmp) throws IOException {
        Path template = tmp.resolve("record.md");
        Files.write(template, new byte[InputFiles.MAX_TEMPLATE_BYTES + 1]);

        int code = run(Map.of(), "publish", "record", "--space", "DEV", "--template", template.toString());

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--template " + template + " holds more than 5242880 bytes");
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

    private static final String ROBOT = "confluence:557058:robot";

    /** The audit log's events, each a JSON object. */
    private static List<Map<String, Object>> events(Path auditLog) throws IOException {
        if (!Files.exists(auditLog)) {
            return List.of();
        }
        String text = Files.readString(auditLog, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("robot-api-token").doesNotContain("Basic ");
        return text.lines()
                .map(l -> {
                    try {
                        return com.nimbusds.jose.util.JSONObjectUtils.parse(l);
                    } catch (java.text.ParseException e) {
                        throw new AssertionError("not a JSON line: " + l, e);
                    }
                })
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> correlation(Map<String, Object> event) {
        return (Map<String, Object>) event.get("correlation");
    }

    private static RestClient client(ConfluenceEmulator emulator, String email, String token) {
        return RestClient.builder()
                .baseUrl(emulator.cloudUrl())
                .tokenSource(TokenSource.of(AccessToken.basic(email, Secret.of(token))))
                .retryPolicy(RetryPolicy.none())
                .build();
    }

    /** Alice, a person, edits the page in Confluence. */
    @SuppressWarnings("unchecked")
    private static void aliceEdits(ConfluenceEmulator emulator, String pageId) {
        RestClient alice = client(emulator, "alice@example.com", "alice-api-token");
        Map<String, Object> c = alice.executeJson(
                HttpRequest.get("rest/api/content/" + pageId)
                        .newBuilder()
                        .query("expand", "version")
                        .build(),
                Map.class);
        int version = ((Number) ((Map<String, Object>) c.get("version")).get("number")).intValue();
        Map<String, Object> body = Map.of(
                "type", "page",
                "title", c.get("title"),
                "body", Map.of("storage", Map.of("value", "<p>Alice's fix</p>", "representation", "storage")),
                "version", Map.of("number", version + 1));
        alice.execute(HttpRequest.put(
                        "rest/api/content/" + pageId,
                        RequestBody.json(alice.json().toJson(body, Object.class))))
                .close();
    }

    @Test
    void publishAuditsEachPageWrittenAsTheAccountConfluenceVerified(ConfluenceEmulator emulator, @TempDir Path tmp)
            throws IOException {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("guide.md"), "# Audit guide\n\nHello.\n");
        Files.writeString(docs.resolve("ops.md"), "# Audit runbook\n");
        String root = emulator.createPage("robot@example.com", "DEV", "Audit root", "<p/>", null);
        Path audit = tmp.resolve("audit.jsonl");
        Path results = tmp.resolve("results");
        String[] args = publishArgs(
                emulator,
                tmp,
                docs,
                root,
                "--audit-log",
                audit.toString(),
                "--run-id",
                "release-run-7",
                "--results-dir",
                results.toString());

        int code = run(Map.of(), args);

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        List<Map<String, Object>> events = events(audit);
        assertThat(events).hasSize(2);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.get("actor")).isEqualTo(ROBOT);
            assertThat(e.get("action")).isEqualTo("page:write");
            assertThat(e.get("decision")).isEqualTo("SUCCESS");
            assertThat((String) e.get("resource")).matches("confluence:space/DEV/page/[0-9]+");
            assertThat((String) e.get("reason")).startsWith("create");
            assertThat(correlation(e))
                    .containsEntry("pipelineRun", "release-run-7")
                    .containsEntry("rootPage", root);
        });
        assertThat(events.stream().map(e -> correlation(e).get("title")))
                .containsExactlyInAnyOrder("Audit guide", "Audit runbook");
        Map<String, Object> guide = events.stream()
                .filter(e -> "guide.md".equals(correlation(e).get("source")))
                .findFirst()
                .orElseThrow();
        String guideId = ((String) guide.get("resource")).replaceAll(".*/", "");
        assertThat(get(emulator, "/api/v2/pages/" + guideId)).contains("Audit guide");

        int again = run(Map.of(), args);

        assertThat(again).isEqualTo(ExitCodes.OK);
        assertThat(events(audit)).as("nothing written, nothing audited").hasSize(2);
    }

    @Test
    void publishAuditsAConflictWithAPersonsEditAsDenyAndWritesNothing(ConfluenceEmulator emulator, @TempDir Path tmp)
            throws IOException {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("page.md"), "# Conflict page\n\nv1\n");
        String root = emulator.createPage("robot@example.com", "DEV", "Conflict root", "<p/>", null);
        Path audit = tmp.resolve("audit.jsonl");
        Path results = tmp.resolve("results");
        String[] args = publishArgs(
                emulator, tmp, docs, root, "--audit-log", audit.toString(), "--results-dir", results.toString());
        assertThat(run(Map.of("CONFTEKTON_RUN_ID", "run-from-env"), args)).isEqualTo(ExitCodes.OK);
        String pageId = ((String) events(audit).get(0).get("resource")).replaceAll(".*/", "");
        aliceEdits(emulator, pageId);
        Files.writeString(docs.resolve("page.md"), "# Conflict page\n\nv2\n");

        int code = run(Map.of("CONFTEKTON_RUN_ID", "run-from-env"), args);

        assertThat(code).isEqualTo(ExitCodes.CONDITION_FALSE);
        List<Map<String, Object>> events = events(audit);
        assertThat(events).hasSize(2);
        Map<String, Object> denied = events.get(1);
        assertThat(denied.get("decision")).isEqualTo("DENY");
        assertThat(denied.get("action")).isEqualTo("page:write");
        assertThat(denied.get("actor")).isEqualTo(ROBOT);
        assertThat(denied.get("resource")).isEqualTo("confluence:space/DEV/page/" + pageId);
        assertThat((String) denied.get("reason"))
                .startsWith("nothing written, the publish stopped here: ")
                .contains("edited by");
        assertThat(correlation(denied))
                .containsEntry("pipelineRun", "run-from-env")
                .containsEntry("title", "Conflict page")
                .containsEntry("source", "page.md");
        assertThat(get(emulator, "/api/v2/pages/" + pageId + "?body-format=storage"))
                .contains("Alice's fix");
    }

    @Test
    void publishAuditsOrphansDeletedAsPageDelete(ConfluenceEmulator emulator, @TempDir Path tmp) throws IOException {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("keep.md"), "# Orphan keep\n");
        Files.writeString(docs.resolve("gone.md"), "# Orphan gone\n");
        String root = emulator.createPage("robot@example.com", "DEV", "Orphan root", "<p/>", null);
        Path audit = tmp.resolve("audit.jsonl");
        String[] args =
                publishArgs(emulator, tmp, docs, root, "--audit-log", audit.toString(), "--on-orphan", "delete");
        assertThat(run(Map.of(), args)).isEqualTo(ExitCodes.OK);
        Files.delete(docs.resolve("gone.md"));

        int code = run(Map.of(), args);

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        List<Map<String, Object>> events = events(audit);
        assertThat(events).hasSize(3);
        Map<String, Object> deleted = events.get(2);
        assertThat(deleted.get("action")).isEqualTo("page:delete");
        assertThat(deleted.get("decision")).isEqualTo("SUCCESS");
        assertThat(correlation(deleted)).containsEntry("title", "Orphan gone").doesNotContainKey("pipelineRun");
    }

    @Test
    void dryRunWritesNoAuditEvent(ConfluenceEmulator emulator, @TempDir Path tmp) throws IOException {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("x.md"), "# Dry audit page\n");
        String root = emulator.createPage("robot@example.com", "DEV", "Dry audit root", "<p/>", null);
        Path audit = tmp.resolve("audit.jsonl");

        int code = run(Map.of(), publishArgs(emulator, tmp, docs, root, "--audit-log", audit.toString(), "--dry-run"));

        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(events(audit)).isEmpty();
    }

    @Test
    void actorIsUnverifiedWhenConfluenceCannotSayWhoTheCredentialsBelongTo() {
        RestClient unreachable = RestClient.builder()
                .baseUrl("http://127.0.0.1:9/wiki")
                .tokenSource(TokenSource.of(AccessToken.basic("robot@example.com", Secret.of("robot-api-token"))))
                .retryPolicy(RetryPolicy.none())
                .build();

        assertThat(PublishAudit.actor(unreachable)).isEqualTo("confluence:unverified");
    }

    @Test
    void recordAuditsTheRecordPageAndTheLogRow(ConfluenceEmulator emulator, @TempDir Path tmp) throws IOException {
        Path template = tmp.resolve("record.md");
        Files.writeString(template, "# Audited build {{run}}\n");
        String log = emulator.createPage("robot@example.com", "DEV", "Audited build log", "<p>log</p>", null);
        Path audit = tmp.resolve("audit.jsonl");
        Path results = tmp.resolve("results");
        String digest = "sha256:" + "ab".repeat(32);

        int code = run(
                Map.of("CONFTEKTON_RUN_ID", "record-run-3"),
                "publish",
                "record",
                "--url=" + emulator.cloudUrl(),
                "--credentials-dir=" + credentials(tmp),
                "--space=DEV",
                "--template=" + template,
                "--set=run=3",
                "--digest=" + digest,
                "--log-page-id=" + log,
                "--log-cell={{run}}",
                "--audit-log=" + audit,
                "--results-dir=" + results);

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        List<Map<String, Object>> events = events(audit);
        assertThat(events).hasSize(2);
        Map<String, Object> page = events.get(0);
        assertThat(page.get("actor")).isEqualTo(ROBOT);
        assertThat(page.get("action")).isEqualTo("page:write");
        assertThat(page.get("decision")).isEqualTo("SUCCESS");
        assertThat(page.get("resource")).isEqualTo("confluence:space/DEV/page/" + result(results, "page-id"));
        assertThat(correlation(page))
                .containsEntry("pipelineRun", "record-run-3")
                .containsEntry("title", "Audited build 3")
                .containsEntry("digest", digest);
        Map<String, Object> row = events.get(1);
        assertThat(row.get("resource")).isEqualTo("confluence:space/DEV/page/" + log);
        assertThat(row.get("decision")).isEqualTo("SUCCESS");
        assertThat((String) row.get("reason")).contains("log row appended");
        assertThat(correlation(row)).containsEntry("title", "Audited build log");
    }

    @Test
    void recordAuditsAFailedWriteWithItsReason(ConfluenceEmulator emulator, @TempDir Path tmp) throws IOException {
        Path audit = tmp.resolve("audit.jsonl");

        int code = run(
                Map.of(),
                "publish",
                "record",
                "--url=" + emulator.cloudUrl(),
                "--credentials-dir=" + credentials(tmp),
                "--log-page-id=999999999",
                "--log-cell=x",
                "--audit-log=" + audit);

        assertThat(code).as("a page that does not exist").isEqualTo(ExitCodes.USAGE);
        List<Map<String, Object>> events = events(audit);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("decision")).isEqualTo("FAILURE");
        assertThat(events.get(0).get("actor")).isEqualTo(ROBOT);
        assertThat(events.get(0).get("resource")).isEqualTo("confluence:page/999999999");
        assertThat((String) events.get(0).get("reason")).startsWith("log row not appended: ");
    }

    @Test
    void setLinesParsesNameValueLines() {
        assertThat(RecordCommand.lines("a=1\r\n b = two words \n#c=3\n\nd=x=y"))
                .containsExactly(Map.entry("a", "1"), Map.entry("b", "two words"), Map.entry("d", "x=y"));
        assertThat(RecordCommand.lines(null)).isEmpty();
    }
}
