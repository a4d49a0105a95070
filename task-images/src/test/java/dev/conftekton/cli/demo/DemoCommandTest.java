package dev.conftekton.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.cli.ConftektonCommand;
import dev.conftekton.cli.ExitCodes;
import dev.conftekton.confluence.ConfluenceClient;
import dev.conftekton.confluence.Flavour;
import dev.conftekton.confluence.model.ContentProperty;
import dev.conftekton.confluence.model.FooterComment;
import dev.conftekton.confluence.model.Page;
import dev.conftekton.confluence.model.PageSummary;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import dev.conftekton.testkit.confluence.EmulatorUser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code conftekton demo} end to end, in-process, on free ports. */
class DemoCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    /** What the emulator held just before the demo stopped it. */
    record Snapshot(
            List<String> docsTitles,
            Page record,
            List<FooterComment> comments,
            String releaseProperty,
            String webViewRecordPage) {}

    private int run(Consumer<DemoCommand> configure, String... args) {
        CommandLine cl = ConftektonCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        DemoCommand demo = (DemoCommand) cl.getSubcommands().get("demo").getCommand();
        demo.workingDirectory = dir;
        configure.accept(demo);
        return cl.execute(args);
    }

    private static ConfluenceClient as(ConfluenceEmulator emulator, String email) {
        EmulatorUser u = emulator.user(email);
        return ConfluenceClient.newBuilder()
                .siteUrl(emulator.cloudUrl())
                .flavour(Flavour.CLOUD)
                .basicAuth(u.email(), Secret.of(u.apiToken()))
                .build();
    }

    private static Snapshot snapshot(ConfluenceEmulator emulator, String releaseTitle) throws Exception {
        ConfluenceClient robot = as(emulator, "robot@example.com");
        List<String> titles = new ArrayList<>();
        collect(robot, robot.pages().findByTitle("DOCS", "Documentation Home").map(Page::id), titles);
        Page record = robot.pages().findByTitle("REL", releaseTitle).orElseThrow();
        List<FooterComment> comments =
                robot.comments().list(record.id()).stream().toList();
        String property = robot.properties()
                .get(record.id(), "conftekton-release")
                .map(ContentProperty::value)
                .orElse("");
        String html = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/wiki/spaces/REL/pages/" + record.id()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return new Snapshot(titles, record, comments, property, html);
    }

    private static void collect(ConfluenceClient c, Optional<String> home, List<String> titles) {
        for (PageSummary p : c.pages().children(home.orElseThrow())) {
            titles.add(p.title());
            collect(c, Optional.of(p.id()), titles);
        }
    }

    @Test
    void runsThePipelineEndToEndOnTheBuiltInSampleDocs() {
        AtomicReference<Snapshot> seen = new AtomicReference<>();

        int code = run(d -> d.beforeStop = e -> seen.set(uncheck(() -> snapshot(e, "Release 1.0.0"))), "demo");

        String text = out.toString();
        assertThat(code).as(text + err).isEqualTo(ExitCodes.OK);
        for (int i = 1; i <= 7; i++) {
            assertThat(text).contains("[" + i + "/7] ");
        }
        assertThat(text)
                .contains("built-in sample docs")
                .contains("verified identity: system:serviceaccount:ci:release-pipeline")
                .contains("policy: ALLOW page:write on confluence:space/DOCS")
                .contains("policy: ALLOW page:write on confluence:space/REL")
                .contains("$ conftekton publish ", "$ conftekton publish record ", "$ conftekton verify-approval ");
        // the gate first holds the release and says why, then passes on Bob's approval, in that order
        int held = text.indexOf("NOT APPROVED (0 of 1 required approvals)");
        int missing = text.indexOf("! missing 1 of 1 required approval");
        int passed = text.indexOf("APPROVED (1 of 1 required approvals)");
        assertThat(held).isPositive();
        assertThat(missing).isGreaterThan(held);
        assertThat(passed).isGreaterThan(missing);
        assertThat(text.substring(passed)).contains("Bob Approver (557058:bob) approved page version 1");

        Snapshot s = seen.get();
        assertThat(s).isNotNull();
        assertThat(s.docsTitles()).contains("Example service", "Getting started with the example service", "Runbook");
        assertThat(s.record().authorId()).isEqualTo("557058:robot");
        assertThat(s.comments()).singleElement().satisfies(c -> {
            assertThat(c.body()).contains("/approve");
            assertThat(c.version().authorId()).isEqualTo("557058:bob");
        });
        Matcher digest =
                Pattern.compile("digest (sha256:[0-9a-f]{64}) = sha256").matcher(text);
        assertThat(digest.find()).as(text).isTrue();
        assertThat(s.releaseProperty()).contains(digest.group(1));
        assertThat(s.webViewRecordPage()).contains("Release 1.0.0", "Bob Approver");
        assertThat(text).contains("/wiki/spaces/REL/pages/" + s.record().id());

        // 2 policy decisions, 4 docs pages written, the record page, 2 gate verdicts
        assertThat(text).contains("Audit trail (9 events");
        String audit = text.substring(text.indexOf("Audit trail"));
        assertThat(Pattern.compile(
                                "SUCCESS page:write      confluence:space/DOCS/page/[0-9]+ +by confluence:557058:robot")
                        .matcher(audit)
                        .results()
                        .count())
                .as(audit)
                .isEqualTo(4);
        assertThat(audit)
                .contains("SUCCESS page:write      confluence:space/REL/page/"
                        + s.record().id())
                .contains("ALLOW   page:write      confluence:space/DOCS")
                .contains("#system:serviceaccount:ci:release-pipeline")
                .contains("DENY    approval:verify confluence:space/REL/page/"
                        + s.record().id())
                .contains("ALLOW   approval:verify confluence:space/REL/page/"
                        + s.record().id())
                .contains("pipelineRun=release-1-0-0");
        assertThat(text).doesNotContain("robot-api-token", "eyJ"); // no credentials or tokens in the output

        Matcher work = Pattern.compile("DEMO_DIR=(\\S+)").matcher(text);
        assertThat(work.find()).isTrue();
        assertThat(Path.of(work.group(1))).doesNotExist();
    }

    @Test
    void publishesTheDocsDirectoryOfTheWorkingDirectory() throws Exception {
        Files.createDirectories(dir.resolve("docs/guides"));
        Files.writeString(dir.resolve("docs/README.md"), "# Team handbook\n\nHello.\n");
        Files.writeString(dir.resolve("docs/guides/deploy.md"), "# Deploying\n\nCarefully.\n");
        AtomicReference<Snapshot> seen = new AtomicReference<>();

        int code = run(d -> d.beforeStop = e -> seen.set(uncheck(() -> snapshot(e, "Release 1.0.0"))), "demo");

        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("(2 Markdown files)").doesNotContain("built-in sample");
        assertThat(seen.get().docsTitles()).contains("Team handbook", "Deploying");
    }

    @Test
    void keepRunningWaitsForAnApprovalMadeByHandInTheWebView() {
        AtomicReference<CompletableFuture<Void>> person = new AtomicReference<>();
        AtomicReference<Snapshot> seen = new AtomicReference<>();
        List<String> waited = new ArrayList<>();

        int code = run(
                d -> {
                    d.handsOnPollInterval = "1s";
                    d.started = e -> person.set(CompletableFuture.runAsync(() -> approveByHand(e)));
                    d.beforeStop = e -> seen.set(uncheck(() -> snapshot(e, "Release 1.0.1")));
                    d.awaitStop = () -> waited.add("stopped");
                },
                "demo",
                "--keep-running");

        String text = out.toString();
        assertThat(code).as(text + err).isZero();
        person.get().join();
        assertThat(text)
                .contains("--keep-running: your turn")
                .contains("Carol Reader (557058:carol) ignored")
                .contains("Approved by hand: the gate passed.")
                .contains("until you press Ctrl-C");
        assertThat(seen.get().comments())
                .extracting(c -> c.version().authorId())
                .contains("557058:carol", "557058:bob", "557058:robot"); // robot: the gate's announcement
        assertThat(waited).containsExactly("stopped");
    }

    /** A person in the browser: waits for Release 1.0.1, comments as Carol, then approves as Bob, through the form. */
    private static void approveByHand(ConfluenceEmulator emulator) {
        ConfluenceClient robot = as(emulator, "robot@example.com");
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try {
            Optional<Page> page = Optional.empty();
            while (page.isEmpty()
                    || robot.comments().list(page.get().id()).stream().findAny().isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Release 1.0.1 and its announcement never appeared");
                }
                Thread.sleep(100);
                page = robot.pages().findByTitle("REL", "Release 1.0.1");
            }
            String url =
                    emulator.baseUrl() + "/wiki/spaces/REL/pages/" + page.get().id();
            comment(http, url, "557058:carol", "/approve");
            Thread.sleep(1500); // let the gate see Carol's comment first
            comment(http, url, "557058:bob", "/approve");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void comment(HttpClient http, String pageUrl, String author, String body)
            throws java.io.IOException, InterruptedException {
        String html = http.send(
                        HttpRequest.newBuilder(URI.create(pageUrl)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher token = Pattern.compile("name=\"token\" value=\"([0-9a-f]+)\"").matcher(html);
        assertThat(token.find()).as(html).isTrue();
        String form = "token=" + token.group(1) + "&author=" + URLEncoder.encode(author, StandardCharsets.UTF_8)
                + "&body=" + URLEncoder.encode(body, StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(pageUrl + "/comments"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    }

    @Test
    void helpNamesTheStepsOptionsAndExitCodes() {
        int code = run(d -> {}, "demo", "--help");

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("--port", "--docs", "--keep-running")
                .contains("verify-approval", "/approve")
                .contains("Exit codes:");
    }

    @Test
    void aMissingDocsDirectoryIsAUsageErrorBeforeAnythingStarts() {
        AtomicReference<ConfluenceEmulator> started = new AtomicReference<>();

        int code = run(
                d -> d.started = started::set,
                "demo",
                "--docs",
                dir.resolve("nope").toString());

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--docs", "nope", "no such directory");
        assertThat(started.get()).isNull();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aDocsDirectoryWithoutMarkdownIsAUsageError() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        int code = run(d -> {}, "demo", "--docs", empty.toString());

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("holds no Markdown files");
    }

    @Test
    void docsThatCannotBePublishedFailTheDemoWithTheReason() throws Exception {
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("arch.md"), "# Architecture\n\n![diagram](missing.png)\n");

        int code = run(d -> {}, "demo", "--docs", broken.toString());

        assertThat(code).as(out + "\n" + err).isEqualTo(ExitCodes.USAGE);
        assertThat(out.toString()).contains("[4/7] Publish the docs", "FAILED", "missing.png");
        assertThat(out.toString()).doesNotContain("[5/7]");
        assertThat(err.toString()).contains("conftekton demo: publishing " + broken);
    }

    interface Check<T> {
        T get() throws Exception;
    }

    private static <T> T uncheck(Check<T> c) {
        try {
            return c.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
