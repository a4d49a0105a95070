package dev.conftekton.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.cli.ExitCodes;
import dev.conftekton.confluence.ConfluenceClient;
import dev.conftekton.confluence.Flavour;
import dev.conftekton.confluence.model.PageUpdate;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import dev.conftekton.testkit.confluence.EmulatorSeed;
import dev.conftekton.testkit.confluence.EmulatorUser;
import dev.conftekton.testkit.confluence.SpaceAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof that the catalog tasks work as shipped: each task's own step, read from its YAML, runs
 * in the built image under podman exactly as Tekton would run it (args only, the image's
 * entrypoint, uid 65532, read-only root, credentials and source as mounted workspaces, results
 * read back from {@code /tekton/results}) against the Confluence emulator on the host.
 *
 * <p>Runs when {@code -Dconftekton.image=IMAGE} names a pulled image ({@code .ci/images} builds one
 * and passes it); the catalog comes from {@code -Dconftekton.catalog.dir} (default
 * {@code tekton-catalog/task} of this checkout).
 */
@EnabledIfSystemProperty(
        named = "conftekton.image",
        matches = ".+",
        disabledReason = "needs a built task image: run .ci/images, or pass -Dconftekton.image=IMAGE (podman)")
class TaskImageProofTest {
    static final Pattern PINNED = Pattern.compile("ghcr\\.io/conftekton/conftekton-task@sha256:[0-9a-f]{64}");

    /** Every call is a second later, so each action is strictly newer than the one before. */
    static final class TickingClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T09:00:00Z");

        @Override
        public synchronized Instant instant() {
            now = now.plusSeconds(1);
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    static final Clock CLOCK = new TickingClock();
    static ConfluenceEmulator emulator;
    static String image;
    static CatalogTask verifyTask;
    static CatalogTask publishTask;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws IOException {
        image = System.getProperty("conftekton.image");
        Path catalog = Path.of(System.getProperty("conftekton.catalog.dir", "../tekton-catalog/task"));
        verifyTask = CatalogTask.load(catalog, "confluence-verify-approval", "0.1");
        publishTask = CatalogTask.load(catalog, "confluence-publish", "0.1");
        emulator = ConfluenceEmulator.builder()
                .seed(EmulatorSeed.builder()
                        .user(EmulatorUser.named("alice"))
                        .user(EmulatorUser.named("bob"))
                        .user(EmulatorUser.named("robot"))
                        .group("confluence-users", "alice@example.com", "bob@example.com", "robot@example.com")
                        .group("approvers", "bob@example.com")
                        .space(new EmulatorSeed.Space("DEV", "Development")
                                .withUser("alice@example.com", SpaceAccess.ADMIN)
                                .withUser("robot@example.com", SpaceAccess.EDIT)
                                .withGroup("confluence-users", SpaceAccess.COMMENT))
                        .build())
                .port(0)
                .clock(CLOCK)
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    static ConfluenceClient as(String name) {
        return ConfluenceClient.newBuilder()
                .siteUrl(emulator.cloudUrl())
                .flavour(Flavour.CLOUD)
                .basicAuth(name + "@example.com", Secret.of(name + "-api-token"))
                .clock(CLOCK)
                .build();
    }

    // ------------------------------------------------------------------ verify-approval

    @Test
    void verifyApprovalPassesOnceAnApproverApprovedTheLatestVersion() throws Exception {
        String page = emulator.createPage("alice@example.com", "DEV", "Release 1.0", "<p>notes</p>", null);
        as("bob").comments().create(page, "<p>/approve</p>");

        StepRun.Result r = runVerify(page, robotCredentials());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.result("approved")).isEqualTo("true");
        assertThat(r.result("page-version")).isEqualTo("1");
        assertThat(r.result("approvers")).contains("\"accountId\":\"557058:bob\"");
        assertThat(r.stdout() + r.stderr()).doesNotContain("robot-api-token");
    }

    @Test
    void verifyApprovalFailsWithoutApprovalAndTheResultsSayWhy() throws Exception {
        String page = emulator.createPage("alice@example.com", "DEV", "Release 2.0", "<p>notes</p>", null);
        as("alice").pages().updateWithRetry(page, p -> PageUpdate.body("<p>notes, edited</p>"));

        StepRun.Result r = runVerify(page, robotCredentials());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CONDITION_FALSE);
        assertThat(r.result("approved")).isEqualTo("false");
        assertThat(r.result("page-version")).isEqualTo("2");
        assertThat(r.result("approvers")).isEqualTo("[]");
        assertThat(r.result("reason")).isNotBlank().containsIgnoringCase("approv");
    }

    StepRun.Result runVerify(String page, Path credentials) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(
                verifyTask.paramFor("--url").orElseGet(() -> verifyTask.requireParamFor("--site")),
                siteFor(verifyTask));
        params.put(verifyTask.requireParamFor("--page-id"), page);
        params.put(verifyTask.requireParamFor("--space"), "DEV");
        verifyTask.paramFor("--approver-group").ifPresent(p -> params.put(p, "approvers"));
        // 127.0.0.1 does not look like Cloud; say so when the task lets us (Cloud: email + API token).
        verifyTask.paramFor("--flavour").ifPresent(p -> params.put(p, "cloud"));
        return new StepRun(image, tmp)
                .workspace("confluence-credentials", credentials, true)
                .scratch(verifyTask.scratchMounts)
                .run(verifyTask.resolveArgs(params));
    }

    // ------------------------------------------------------------------ publish

    @Test
    void publishWritesTheTreeIntoTheSpaceAndReportsIt() throws Exception {
        Path source = source(Map.of("guide.md", "# Image guide\n\nHello.\n", "faq.md", "# Image FAQ\n\nWhy?\n"));

        StepRun.Result r = runPublish(source, robotCredentials());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.result("created")).isEqualTo("2");
        assertThat(r.result("updated")).isEqualTo("0");
        String home = as("robot")
                .pages()
                .findByTitle("DEV", "Development Home")
                .orElseThrow()
                .id();
        assertThat(r.result("page-id")).isEqualTo(home);
        assertThat(r.result("page-url")).contains(r.result("page-id"));
        assertThat(as("robot").pages().findByTitle("DEV", "Image guide")).isPresent();
        assertThat(as("robot").pages().findByTitle("DEV", "Image FAQ")).isPresent();
    }

    @Test
    void publishStopsWhenAPersonEditedAPublishedPageAndWritesNothing() throws Exception {
        Path source = source(Map.of("runbook.md", "# Image runbook\n\nStep one.\n"));
        StepRun.Result first = runPublish(source, robotCredentials());
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(ExitCodes.OK);
        String id = as("robot")
                .pages()
                .findByTitle("DEV", "Image runbook")
                .orElseThrow()
                .id();
        as("alice").pages().updateWithRetry(id, p -> PageUpdate.body("<p>Alice fixed this by hand.</p>"));
        Files.writeString(source.resolve("docs/runbook.md"), "# Image runbook\n\nStep one, then two.\n");

        StepRun.Result second = runPublish(source, robotCredentials());

        assertThat(second.exitCode()).as(second.toString()).isEqualTo(ExitCodes.CONDITION_FALSE);
        assertThat(second.stdout() + second.stderr()).containsIgnoringCase("conflict");
        assertThat(as("robot").pages().get(id).body()).contains("Alice fixed this by hand.");
    }

    @Test
    void publishWithRejectedCredentialsIsAConfigurationErrorAndLeaksNothing() throws Exception {
        Path source = source(Map.of("x.md", "# Image rejected\n"));
        Path credentials = credentials(Map.of("email", "robot@example.com", "api-token", "wrong-secret-value"));

        StepRun.Result r = runPublish(source, credentials);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stdout() + r.stderr()).doesNotContain("wrong-secret-value");
        assertThat(as("robot").pages().findByTitle("DEV", "Image rejected")).isEmpty();
    }

    StepRun.Result runPublish(Path source, Path credentials) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(publishTask.requireParamFor("--url"), siteFor(publishTask));
        params.put(publishTask.requireParamFor("--space"), "DEV");
        // The source directory inside the workspace: whatever param the step appends is "docs".
        String path = "$(" + "workspaces.source.path)";
        for (String a : publishTask.args) {
            if (a.contains(path)) {
                Matcher m =
                        Pattern.compile("\\$\\(params\\.([A-Za-z0-9_-]+)\\)").matcher(a);
                while (m.find()) {
                    params.put(m.group(1), "docs");
                }
            }
        }
        return new StepRun(image, tmp)
                .workspace("source", source, true)
                .workspace("confluence-credentials", credentials, true)
                .scratch(publishTask.scratchMounts)
                .run(publishTask.resolveArgs(params));
    }

    // ------------------------------------------------------------------ fixtures

    /** The emulator's Cloud site URL (it serves REST v2 and v1 under {@code /wiki}). */
    static String siteFor(CatalogTask task) {
        return emulator.cloudUrl();
    }

    Path robotCredentials() throws IOException {
        return credentials(Map.of("email", "robot@example.com", "api-token", "robot-api-token"));
    }

    Path credentials(Map<String, String> files) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("credentials-" + System.nanoTime()));
        for (var e : files.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
        }
        return readableByTheStep(dir);
    }

    /** A source workspace with {@code docs/} holding the given Markdown files. */
    Path source(Map<String, String> files) throws IOException {
        Path ws = Files.createDirectories(tmp.resolve("source-" + System.nanoTime()));
        Path docs = Files.createDirectories(ws.resolve("docs"));
        for (var e : files.entrySet()) {
            Files.writeString(docs.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
        }
        return readableByTheStep(ws);
    }

    /** The step runs as uid 65532; a mounted workspace must be readable by it, as a Secret volume is. */
    static Path readableByTheStep(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(
                        p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return dir;
    }

    @Test
    void catalogStepsPinTheSharedImageByDigest() {
        for (CatalogTask t : List.of(verifyTask, publishTask)) {
            assertThat(t.image).as(t.toString()).matches(PINNED);
            assertThat(t.args).as(t.toString()).contains("--results-dir=" + CatalogTask.RESULTS);
            assertThat(t.workspaces).as(t.toString()).contains("confluence-credentials");
        }
        assertThat(verifyTask.stepName).isEqualTo("verify");
        assertThat(publishTask.stepName).isEqualTo("publish");
    }
}
