package dev.conftekton.cli.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.cli.ConftektonCommand;
import dev.conftekton.cli.ExitCodes;
import dev.conftekton.confluence.ConfluenceClient;
import dev.conftekton.confluence.Flavour;
import dev.conftekton.confluence.model.PageUpdate;
import dev.conftekton.core.audit.AuditEvent;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.RequestBody;
import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import dev.conftekton.testkit.confluence.EmulatorSeed;
import dev.conftekton.testkit.confluence.EmulatorUser;
import dev.conftekton.testkit.confluence.SpaceAccess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code conftekton verify-approval} end to end: real HTTP against the Confluence emulator, people
 * acting through their own credentials, the CLI reading as the pipeline's account.
 */
class VerifyApprovalEmulatorTest {
    static final String DIGEST = "sha256:" + "a".repeat(64);
    static final String OTHER = "sha256:" + "b".repeat(64);

    /** The emulator's and the gate's clock: every action happens a minute after the previous one. */
    static final class TestClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-01T10:00:00Z");

        void tick() {
            now = now.plusSeconds(60);
        }

        @Override
        public Instant instant() {
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

    static final TestClock CLOCK = new TestClock();
    static ConfluenceEmulator emulator;
    static String releasesId;
    static String elsewhereId;
    static final AtomicInteger PAGES = new AtomicInteger();

    @TempDir
    Path tmp;

    String pageId;
    final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeAll
    static void startEmulator() {
        EmulatorSeed seed = EmulatorSeed.builder()
                .user(EmulatorUser.named("alex"))
                .user(EmulatorUser.named("ann"))
                .user(EmulatorUser.named("bob"))
                .user(EmulatorUser.named("carol"))
                .user(EmulatorUser.named("robot"))
                .user(EmulatorUser.named("dave"))
                .group(
                        "confluence-users",
                        "alex@example.com",
                        "ann@example.com",
                        "bob@example.com",
                        "carol@example.com",
                        "robot@example.com",
                        "dave@example.com")
                .group(
                        "release-managers",
                        "ann@example.com",
                        "bob@example.com",
                        "robot@example.com",
                        "dave@example.com")
                .space(new EmulatorSeed.Space("OPS", "Operations")
                        .withGroup("confluence-users", SpaceAccess.COMMENT)
                        .withUser("alex@example.com", SpaceAccess.EDIT)
                        .withUser("ann@example.com", SpaceAccess.EDIT)
                        .withUser("bob@example.com", SpaceAccess.ADMIN)
                        .withUser("carol@example.com", SpaceAccess.EDIT)
                        .withUser("robot@example.com", SpaceAccess.EDIT)
                        .withPage(EmulatorSeed.Page.of("Releases", "<p>releases</p>", "alex@example.com"))
                        .withPage(EmulatorSeed.Page.of("Elsewhere", "<p>not releases</p>", "alex@example.com")))
                .space(new EmulatorSeed.Space("ALEX", "Alex's space")
                        .withGroup("confluence-users", SpaceAccess.COMMENT)
                        .withUser("alex@example.com", SpaceAccess.ADMIN)
                        .withUser("robot@example.com", SpaceAccess.EDIT))
                .build();
        emulator = ConfluenceEmulator.builder()
                .seed(seed)
                .port(0)
                .clock(CLOCK)
                .build()
                .start();
        releasesId =
                as("alex").pages().findByTitle("OPS", "Releases").orElseThrow().id();
        elsewhereId =
                as("alex").pages().findByTitle("OPS", "Elsewhere").orElseThrow().id();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    static ConfluenceClient as(String name) {
        return ConfluenceClient.newBuilder()
                .siteUrl(emulator.cloudUrl())
                .flavour(Flavour.CLOUD)
                .basicAuth(name + "@example.com", Secret.of(name + "-api-token"))
                .clock(CLOCK)
                .build();
    }

    /** Alex writes release notes for each test: version 1, then version 2. */
    @BeforeEach
    void releaseNotes() throws IOException {
        pageId = newPage("OPS", releasesId);
    }

    String newPage(String space, String parent) throws IOException {
        CLOCK.tick();
        String id = emulator.createPage(
                "alex@example.com", space, "Release 1." + PAGES.incrementAndGet(), "<p>notes</p>", parent);
        pageId = id;
        edit("alex", "<p>notes, reviewed</p>");
        return id;
    }

    void edit(String who, String body) throws IOException {
        editPage(who, body, false);
    }

    void editPage(String who, String body, boolean minor) throws IOException {
        CLOCK.tick();
        ConfluenceClient c = as(who);
        if (!minor) {
            c.pages().updateWithRetry(pageId, p -> PageUpdate.body(body));
            return;
        }
        var current = c.pages().get(pageId);
        String json = "{\"type\":\"page\",\"title\":" + c.restClient().json().toJson(current.title())
                + ",\"version\":{\"number\":" + (current.version().number() + 1) + ",\"minorEdit\":true},"
                + "\"body\":{\"storage\":{\"value\":" + c.restClient().json().toJson(body)
                + ",\"representation\":\"storage\"}}}";
        c.restClient()
                .execute(HttpRequest.put("/rest/api/content/" + pageId, RequestBody.json(json)))
                .close();
    }

    String comment(String who, String body) {
        CLOCK.tick();
        return as(who).comments().create(pageId, body).id();
    }

    void editComment(String who, String commentId, int newVersion, String body) throws IOException {
        CLOCK.tick();
        ConfluenceClient c = as(who);
        String json = "{\"type\":\"comment\",\"version\":{\"number\":" + newVersion + "},\"body\":{\"storage\":"
                + "{\"value\":" + c.restClient().json().toJson(body) + ",\"representation\":\"storage\"}}}";
        c.restClient()
                .execute(HttpRequest.put("/rest/api/content/" + commentId, RequestBody.json(json)))
                .close();
    }

    /** Edits a footer comment through REST v2 ({@code PUT /footer-comments/{id}} with the next version). */
    void editCommentV2(String who, String commentId, int newVersion, String body) throws IOException {
        CLOCK.tick();
        ConfluenceClient c = as(who);
        String json = "{\"version\":{\"number\":" + newVersion + "},\"body\":{\"representation\":\"storage\","
                + "\"value\":" + c.restClient().json().toJson(body) + "}}";
        c.restClient()
                .execute(HttpRequest.put("/api/v2/footer-comments/" + commentId, RequestBody.json(json)))
                .close();
    }

    /** Sets a content state as {@code who}; Confluence publishes a page version for it. */
    void contentState(String who, String name) throws IOException {
        CLOCK.tick();
        as(who).restClient()
                .execute(HttpRequest.put(
                        "/rest/api/content/" + pageId + "/state?status=current",
                        RequestBody.json("{\"name\":\"" + name + "\",\"color\":\"#00875a\"}")))
                .close();
    }

    /** Dave, a release manager, approves; then a site admin deactivates him. */
    void approvalByDeactivatedDave() {
        emulator.reactivate("dave@example.com"); // the emulator is shared by the class
        comment("dave", "<p>/approve</p>");
        emulator.deactivate("dave@example.com");
    }

    void releaseRecord(String digest) {
        releaseRecord("robot", digest);
    }

    void releaseRecord(String who, String digest) {
        CLOCK.tick();
        as(who).properties().create(pageId, "conftekton-release", "{\"digest\":\"" + digest + "\"}");
    }

    int verify(String... extra) {
        return verify(d -> {}, extra);
    }

    int verify(Consumer<Duration> onSleep, String... extra) {
        return verify(false, onSleep, extra);
    }

    /** The same gate against the emulator's Data Center flavour, with the robot's personal access token. */
    int verifyDataCenter(String... extra) {
        return verify(true, d -> {}, extra);
    }

    int verify(boolean dataCenter, Consumer<Duration> onSleep, String... extra) {
        Map<String, String> env = new HashMap<>();
        if (dataCenter) {
            env.put("CONFTEKTON_CONFLUENCE_URL", emulator.baseUrl());
            env.put("CONFTEKTON_CONFLUENCE_TOKEN", "robot-pat");
        } else {
            env.put("CONFTEKTON_CONFLUENCE_URL", emulator.cloudUrl());
            env.put("CONFTEKTON_CONFLUENCE_EMAIL", "robot@example.com");
            env.put("CONFTEKTON_CONFLUENCE_API_TOKEN", "robot-api-token");
        }
        VerifyApprovalCommand command = new VerifyApprovalCommand(
                env::get,
                CLOCK,
                d -> {
                    CLOCK.now = CLOCK.now.plus(d);
                    onSleep.accept(d);
                },
                null,
                audit::add);
        var cl = ConftektonCommand.newCommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of(
                "verify-approval",
                "--flavour",
                dataCenter ? "data-center" : "cloud",
                "--page-id",
                pageId,
                "--space",
                "OPS",
                "--ancestor",
                releasesId,
                "--approver-group",
                "release-managers",
                "--results-dir",
                tmp.resolve("results").toString()));
        args.addAll(List.of(extra));
        CLOCK.tick();
        return cl.execute(args.toArray(String[]::new));
    }

    String result(String name) throws IOException {
        return Files.readString(tmp.resolve("results").resolve(name));
    }

    // ---------------------------------------------------------------- happy paths

    @Test
    void twoApprovalsFromTheRightGroupAfterTheLastEditPass() throws IOException {
        comment("ann", "<p>/approve</p>");
        comment("bob", "<p>/approve<br/>Rollback plan looks fine.</p>");

        int code = verify("--required", "2");

        assertThat(code).as(out + "\n" + err).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("APPROVED", "Ann (557058:ann) approved page version 2");
        assertThat(result("approved")).isEqualTo("true");
        assertThat(result("page-version")).isEqualTo("2");
        assertThat(result("approvers")).contains("\"accountId\":\"557058:ann\"", "\"accountId\":\"557058:bob\"");
        assertThat(result("reason")).startsWith("approved by Ann, Bob");
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.decision()).isEqualTo(AuditEvent.Decision.ALLOW);
            assertThat(e.action()).isEqualTo("approval:verify");
            assertThat(e.actor()).isEqualTo("confluence:557058:robot");
        });
    }

    @Test
    void pinnedApprovalWithTheMatchingReleaseRecordPasses() {
        releaseRecord(DIGEST);
        comment("ann", "<p>/approve " + DIGEST + "</p>");

        assertThat(verify("--expect-digest", DIGEST, "--require-pinned-digest"))
                .as(out.toString())
                .isZero();
    }

    @Test
    void waitReturnsAsSoonAsTheLastApprovalLandsAndAnnouncesItselfOnce() throws IOException {
        comment("ann", "<p>/approve</p>");
        List<Duration> sleeps = new ArrayList<>();

        int code = verify(
                d -> {
                    sleeps.add(d);
                    if (sleeps.size() == 3) {
                        comment("bob", "<p>/approve</p>");
                    }
                },
                "--required",
                "2",
                "--wait",
                "--timeout",
                "2h",
                "--announce",
                "--run-id",
                "deploy-prod-x7k2p");

        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(sleeps).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofMillis(22_500));
        List<String> bodies = new ArrayList<>();
        as("robot").comments().list(pageId).forEach(c -> bodies.add(c.body()));
        assertThat(bodies.stream().filter(b -> b.contains("deploy-prod-x7k2p"))).hasSize(1);
        assertThat(err.toString()).contains("waiting 10s: not approved: missing 1 of 2");
    }

    @Test
    void contentStateOnTheCurrentVersionByAnApproverPasses() throws IOException {
        contentState("ann", "Approved");

        int code = verify("--content-state", "Approved");

        assertThat(code).as(out + "\n" + err).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .contains("Ann (557058:ann) approved page version 3")
                .contains("content state 'Approved' set on page version 3");
        assertThat(result("page-version")).isEqualTo("3");
    }

    @Test
    void aDeactivatedApproverNeverCountsOnDataCenterEither() throws IOException {
        comment("ann", "<p>/approve</p>");
        approvalByDeactivatedDave();

        int code = verifyDataCenter("--required", "2");

        assertThat(code).as(out + "\n" + err).isEqualTo(ExitCodes.CONDITION_FALSE);
        assertThat(out.toString())
                .contains("Ann (557058:ann) approved")
                .contains("Dave (557058:dave) ignored: the account is not active")
                .contains("missing 1 of 2 required approvals");
    }

    @Test
    void waitTimesOutNotApproved() throws IOException {
        int code = verify("--wait", "--timeout", "10m");

        assertThat(code).isEqualTo(ExitCodes.CONDITION_FALSE);
        assertThat(result("approved")).isEqualTo("false");
        assertThat(result("reason")).contains("missing 1 of 1 required approval");
    }

    // ---------------------------------------------------------------- the bypass matrix

    interface Setup {
        void apply(VerifyApprovalEmulatorTest t) throws Exception;
    }

    static Stream<Arguments> bypasses() {
        return Stream.of(
                bypass(
                        "the author approves their own change",
                        t -> {
                            t.editPage("ann", "<p>ann's tweak</p>", false);
                            t.comment("ann", "<p>/approve</p>");
                        },
                        List.of(),
                        "self-approval by Ann (557058:ann) ignored: authored page version 3"),
                bypass(
                        "approval before the last edit",
                        t -> {
                            t.comment("ann", "<p>/approve</p>");
                            t.edit("alex", "<p>sneaky change</p>");
                        },
                        List.of(),
                        "is older than the last edit (page version 3"),
                bypass(
                        "approval before a minor edit",
                        t -> {
                            t.comment("ann", "<p>/approve</p>");
                            t.editPage("alex", "<p>quiet change</p>", true);
                        },
                        List.of(),
                        "is older than the last edit (page version 3"),
                bypass(
                        "approval from a non-member",
                        t -> t.comment("carol", "<p>/approve</p>"),
                        List.of(),
                        "Carol (557058:carol) ignored: not an eligible approver"),
                bypass(
                        "the same person approving twice is counted once",
                        t -> {
                            t.comment("ann", "<p>/approve</p>");
                            t.comment("ann", "<p>/approve</p>");
                        },
                        List.of("--required", "2"),
                        "counted once"),
                bypass(
                        "a pinned approval for another digest",
                        t -> {
                            t.releaseRecord(DIGEST);
                            t.comment("ann", "<p>/approve " + OTHER + "</p>");
                        },
                        List.of("--expect-digest", DIGEST),
                        "is pinned to " + OTHER + ", not " + DIGEST),
                bypass(
                        "a release record naming another digest",
                        t -> {
                            t.releaseRecord(OTHER);
                            t.comment("ann", "<p>/approve</p>");
                        },
                        List.of("--expect-digest", DIGEST),
                        "the release record names " + OTHER),
                bypass(
                        "no release record",
                        t -> t.comment("ann", "<p>/approve</p>"),
                        List.of("--expect-digest", DIGEST),
                        "has no release record"),
                bypass(
                        "release record written after the approval",
                        t -> {
                            t.comment("ann", "<p>/approve</p>");
                            t.releaseRecord(DIGEST);
                        },
                        List.of("--expect-digest", DIGEST),
                        "is older than the release record"),
                bypass(
                        "the page outside the allowed space",
                        t -> {
                            t.pageId = t.newPage("ALEX", null);
                            t.comment("ann", "<p>/approve</p>");
                        },
                        List.of(),
                        "not in the expected space OPS"),
                bypass(
                        "the page outside the allowed ancestor",
                        t -> {
                            t.pageId = t.newPage("OPS", elsewhereId);
                            t.comment("ann", "<p>/approve</p>");
                        },
                        List.of(),
                        "is not under the expected ancestor page"),
                bypass(
                        "a stale /approve retouched after the page changed",
                        t -> {
                            String c = t.comment("ann", "<p>/approve</p>");
                            t.edit("alex", "<p>changed</p>");
                            t.editComment("ann", c, 2, "<p>/approve<br/>(typo)</p>");
                        },
                        List.of(),
                        "is older than the last edit"),
                bypass(
                        "a reject not lifted by someone else's approve",
                        t -> {
                            t.comment("bob", "<p>/reject no rollback plan</p>");
                            t.comment("ann", "<p>/approve</p>");
                        },
                        List.of(),
                        "blocked by Bob (557058:bob)'s reject"),
                bypass(
                        "a lookalike slash",
                        t -> t.comment("ann", "<p>\uFF0Fapprove</p>"),
                        List.of(),
                        "is not a command: starts with a character that only looks like '/'"),
                bypass(
                        "/approve in a code block",
                        t -> t.comment(
                                "ann",
                                "<ac:structured-macro ac:name=\"code\"><ac:plain-text-body><![CDATA[/approve]]>"
                                        + "</ac:plain-text-body></ac:structured-macro>"),
                        List.of(),
                        "missing 1 of 1 required approval"),
                bypass(
                        "/approve in a quote",
                        t -> t.comment("ann", "<blockquote><p>/approve</p></blockquote>"),
                        List.of(),
                        "missing 1 of 1 required approval"),
                bypass(
                        "the pipeline's own service account",
                        t -> t.comment("robot", "<p>/approve</p>"),
                        List.of(),
                        "that is the pipeline's own account"),
                bypass(
                        "an approver deactivated after approving",
                        t -> t.approvalByDeactivatedDave(),
                        List.of(),
                        "Dave (557058:dave) ignored: the account is not active"),
                bypass(
                        "an approver (space admin) editing someone else's comment into /approve",
                        t -> {
                            String c = t.comment("carol", "<p>Looks fine to me</p>");
                            t.editCommentV2("bob", c, 2, "<p>/approve</p>");
                        },
                        List.of(),
                        "Bob (557058:bob) edited it into a comment by Carol (557058:carol)"),
                bypass(
                        "a content state set by a non-approver",
                        t -> t.contentState("carol", "Approved"),
                        List.of("--content-state", "Approved"),
                        "Carol (557058:carol) ignored: not an eligible approver"),
                bypass(
                        "a content state set on an older version",
                        t -> {
                            t.contentState("ann", "Approved");
                            t.edit("alex", "<p>changed after the state was set</p>");
                        },
                        List.of("--content-state", "Approved"),
                        "was set on page version 3; the content changed in version 4"),
                bypass(
                        "the release record's writer approving",
                        t -> {
                            t.releaseRecord("ann", DIGEST);
                            t.comment("ann", "<p>/approve</p>");
                        },
                        List.of("--expect-digest", DIGEST),
                        "self-approval by Ann (557058:ann) ignored: wrote the release record"),
                bypass(
                        "the person who triggered the run",
                        t -> t.comment("ann", "<p>/approve</p>"),
                        List.of("--exclude-account", "557058:ann"),
                        "the policy excludes this account"));
    }

    private static Arguments bypass(String name, Setup setup, List<String> flags, String expected) {
        return Arguments.of(name, setup, flags, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bypasses")
    void bypassIsBlockedWithTheRightReason(String name, Setup setup, List<String> flags, String expected)
            throws Exception {
        setup.apply(this);

        int code = verify(flags.toArray(String[]::new));

        assertThat(code).as(out + "\n" + err).isEqualTo(ExitCodes.CONDITION_FALSE);
        assertThat(out.toString()).as(err.toString()).contains("NOT APPROVED").contains(expected);
        assertThat(result("approved")).isEqualTo("false");
        assertThat(audit).singleElement().extracting(AuditEvent::decision).isEqualTo(AuditEvent.Decision.DENY);
    }

    // ---------------------------------------------------------------- errors

    @Test
    void missingPageIsAConfigurationError() {
        pageId = "999999999";

        assertThat(verify()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void wrongCredentialsAreAConfigurationErrorAndStayOutOfTheOutput() {
        Map<String, String> env = Map.of(
                "CONFTEKTON_CONFLUENCE_URL", emulator.cloudUrl(),
                "CONFTEKTON_CONFLUENCE_EMAIL", "robot@example.com",
                "CONFTEKTON_CONFLUENCE_API_TOKEN", "wrong-secret-value");
        var cl = ConftektonCommand.newCommandLine(new VerifyApprovalCommand(env::get, CLOCK, d -> {}, null, e -> {}));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));

        int code = cl.execute(
                "verify-approval",
                "--flavour",
                "cloud",
                "--page-id",
                pageId,
                "--space",
                "OPS",
                "--approver-group",
                "release-managers");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(out + err.toString()).doesNotContain("wrong-secret-value");
    }

    @Test
    void unreachableConfluenceExitsThree() {
        Map<String, String> env = Map.of(
                "CONFTEKTON_CONFLUENCE_URL", "http://127.0.0.1:1/wiki",
                "CONFTEKTON_CONFLUENCE_TOKEN", "t");
        var cl = ConftektonCommand.newCommandLine(
                new VerifyApprovalCommand(env::get, Clock.systemUTC(), d -> {}, null, e -> {}));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));

        int code = cl.execute(
                "verify-approval", "--flavour", "cloud", "--page-id", "1", "--space", "OPS", "--approver-group", "g");

        assertThat(code).isEqualTo(ExitCodes.REMOTE_FAILURE);
    }
}
