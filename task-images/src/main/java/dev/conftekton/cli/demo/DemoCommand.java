package dev.conftekton.cli.demo;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.conftekton.cli.AuditLog;
import dev.conftekton.cli.ConftektonCommand;
import dev.conftekton.cli.ExitCodes;
import dev.conftekton.cli.approval.VerifyApprovalCommand;
import dev.conftekton.confluence.ConfluenceClient;
import dev.conftekton.confluence.Flavour;
import dev.conftekton.confluence.model.PageSummary;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.retry.Sleeper;
import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import dev.conftekton.testkit.confluence.EmulatorSeed;
import dev.conftekton.testkit.confluence.EmulatorUser;
import dev.conftekton.testkit.oidc.OidcIssuer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code conftekton demo}: the quickstart. It runs what a release pipeline runs, with the real
 * commands, against an in-process Confluence emulator and OIDC issuer: the pipeline proves its
 * workload identity and the identity policy allows it to write, {@code publish} writes the docs,
 * {@code publish record} records the release with its digest, and {@code verify-approval} holds
 * the release until a release manager (not the pipeline, not the page's author) approves it.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "The quickstart, end to end and offline: starts a Confluence emulator (with its web view) and an OIDC"
                    + " issuer in this process, then runs what a release pipeline runs, with the real commands:",
            "  1-2  the pipeline gets a workload token; 3  it is verified and the identity policy allows the writes;",
            "  4  'publish' writes the docs as a page tree; 5  'publish record' records the release and its digest;",
            "  6  'verify-approval' holds the release: nobody approved yet; 7  a release manager comments /approve"
                    + " through the Confluence API, and the gate passes.",
            "It prints each step with its timing, the pages' URLs in the web view and the audit trail.",
            ""
        },
        footer = {
            "%nExamples:",
            "  conftekton demo                       # publishes ./docs, or a built-in sample when there is none",
            "  conftekton demo --keep-running        # then approve a second release by hand in the browser",
            "%nExit codes:%n  0  every step did what it should%n  1  a step ran but its outcome was wrong (a gate"
                    + " that should hold passed, or the reverse)%n  2  usage or configuration error (bad --docs,"
                    + " port in use, docs that cannot be published)%n  3  unexpected failure%n"
        })
public final class DemoCommand implements Callable<Integer> {
    static final String PIPELINE = "robot@example.com";
    static final String APPROVER = "bob@example.com";
    static final String NAMESPACE = "ci";
    static final String SERVICE_ACCOUNT = "release-pipeline";
    static final String AUDIENCE = "conftekton";
    static final String RUN = "release-1-0-0";
    static final String SECOND_RUN = "release-1-0-1";
    private static final int STEPS = 7;
    private static final List<String> SAMPLE_DOCS =
            List.of("README.md", "getting-started.md", "operations/README.md", "operations/runbook.md");

    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            paramLabel = "N",
            description = "Port of the emulator and its web view; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = 0;

    @Option(
            names = "--docs",
            paramLabel = "DIR",
            description = "Markdown to publish (default: ./docs, or a built-in sample when there is none).")
    Path docs;

    @Option(
            names = "--keep-running",
            description = "Afterwards keep the web view up, record a second release and wait until someone approves"
                    + " it by hand in the browser; stop with Ctrl-C.")
    boolean keepRunning;

    /** The directory {@code ./docs} is looked up in; replaced in tests. */
    Path workingDirectory = Path.of("");

    /** Called with the running emulator after the last step, before it stops; replaced in tests. */
    Consumer<ConfluenceEmulator> beforeStop = e -> {};

    /** Called once the emulator runs; replaced in tests. */
    Consumer<ConfluenceEmulator> started = e -> {};

    /** How {@code --keep-running} waits after the hands-on part: until the process is stopped; replaced in tests. */
    Runnable awaitStop = DemoCommand::waitForever;

    /** Poll interval of the hands-on gate; shorter in tests. */
    String handsOnPollInterval = "2s";

    private PrintWriter out;
    private Path work;
    private ConfluenceEmulator emulator;
    private OidcIssuer issuer;
    private CompletableFuture<OidcIssuer> issuerStarting;
    private Path auditFile;
    private int step;
    private Step current;
    private String digest;
    private String docsUrl;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, got " + port);
        }
        Path source = docs;
        if (source != null && !Files.isDirectory(source)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--docs " + source + ": " + (Files.exists(source) ? "not a directory" : "no such directory")
                            + "; give a directory of Markdown files, or leave --docs out to use ./docs or the"
                            + " built-in sample");
        }
        if (source != null && markdownCount(source) == 0) {
            throw new ParameterException(
                    spec.commandLine(), "--docs " + source + " holds no Markdown files (*.md); nothing to publish");
        }
        long started = System.nanoTime();
        work = Files.createTempDirectory("conftekton-demo-");
        Thread hook = keepRunning ? new Thread(this::close, "demo-shutdown") : null;
        if (hook != null) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            boolean sample = false;
            if (source == null) {
                Path local = workingDirectory.resolve("docs");
                if (Files.isDirectory(local) && markdownCount(local) > 0) {
                    source = local;
                } else {
                    source = extractSampleDocs(work.resolve("sample-docs"));
                    sample = true;
                }
            }
            auditFile = work.resolve("audit.jsonl");
            out.println("conftekton demo: a release pipeline, end to end, against a Confluence emulator and an OIDC"
                    + " issuer in this process (nothing leaves this machine).");
            out.println("Working files: DEMO_DIR=" + work + " (deleted at exit)");
            out.println(
                    sample
                            ? "Docs: no Markdown in ./docs here, so the built-in sample docs are published (give"
                                    + " yours with --docs DIR)."
                            : "Docs: " + source + " (" + markdownCount(source) + " Markdown files)");
            out.println();
            out.flush();
            int code;
            try {
                code = run(source);
            } catch (IOException | RuntimeException e) {
                if (current != null && !current.printed) {
                    current.print(current.title + "  FAILED"); // what the step did before it failed
                }
                throw e;
            }
            if (code == ExitCodes.OK) {
                out.printf(
                        Locale.ROOT,
                        "%nDemo finished in %.1f s: identity verified, docs published, release recorded, gate held"
                                + " until Bob Approver approved.%n",
                        (System.nanoTime() - started) / 1e9);
                if (keepRunning) {
                    code = handsOn();
                } else {
                    out.println("Next: docs/getting-started.md; 'conftekton demo --keep-running' keeps the web view up"
                            + " and lets you approve a release by hand.");
                }
                out.flush();
            }
            return code;
        } finally {
            close();
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or has run
                }
            }
        }
    }

    /** The seven steps; returns the exit code. */
    private int run(Path source) throws IOException {
        EmulatorSeed seed = EmulatorSeed.parse(resource("seed.yaml"), "the demo seed");
        // The issuer generates its keys meanwhile: the demo is quicker, the steps stay in order.
        issuerStarting =
                CompletableFuture.supplyAsync(() -> OidcIssuer.builder().build().start());
        Step s = begin("Start the Confluence emulator and its web view");
        try {
            emulator =
                    ConfluenceEmulator.builder().seed(seed).port(port).build().start();
        } catch (RuntimeException e) {
            return s.fail(ExitCodes.USAGE, "cannot start the emulator on port " + port + ": " + e.getMessage());
        }
        started.accept(emulator);
        s.line("web view:   " + emulator.baseUrl() + "/");
        s.line("Cloud REST: " + emulator.cloudUrl() + "  (spaces DOCS Documentation, REL Releases)");
        s.line("people:     Release Robot (robot@example.com), the pipeline's Confluence account;");
        s.line("            Bob Approver (bob@example.com), in release-managers; Carol Reader (carol@example.com)");
        s.done();

        s = begin("Start the OIDC issuer (alongside the emulator) and give the pipeline its workload token");
        try {
            issuer = issuerStarting.join();
        } catch (CompletionException e) {
            return s.fail(
                    ExitCodes.REMOTE_FAILURE,
                    "cannot start the OIDC issuer: " + e.getCause().getMessage());
        }
        Path tokenFile = secretFile(
                "pipeline-token", issuer.kubernetesServiceAccountToken(NAMESPACE, SERVICE_ACCOUNT, AUDIENCE));
        Path credentials = work.resolve("pipeline-credentials");
        Files.createDirectories(credentials);
        EmulatorUser robot = emulator.user(PIPELINE);
        secretFile("pipeline-credentials/email", robot.email());
        secretFile("pipeline-credentials/api-token", robot.apiToken());
        s.line("issuer:     " + issuer.issuerUrl() + "  (stands in for the cluster's service-account issuer)");
        s.line("token:      a Kubernetes service-account token for " + NAMESPACE + "/" + SERVICE_ACCOUNT + ", audience "
                + AUDIENCE + ", in " + label(tokenFile) + " (in a cluster: the pod's projected token)");
        s.line("Confluence: the pipeline's credentials in " + label(credentials) + " (a mounted secret in a cluster)");
        s.done();

        s = begin("Verify the workload identity; ask the identity policy before writing");
        Path policy = work.resolve("identity-policy.yaml");
        Files.writeString(policy, resource("identity-policy.yaml").replace("{{issuer}}", issuer.issuerUrl()));
        boolean first = true;
        for (String space : List.of("DOCS", "REL")) {
            Result r = conftekton(
                    s,
                    false,
                    "token",
                    "verify",
                    "--issuer",
                    issuer.issuerUrl(),
                    "--audience",
                    AUDIENCE,
                    "--policy",
                    policy.toString(),
                    "--action",
                    "page:write",
                    "--resource",
                    "confluence:space/" + space,
                    "--audit-log",
                    auditFile.toString(),
                    "--correlation",
                    "pipelineRun=" + RUN,
                    "@" + tokenFile);
            if (r.code() != ExitCodes.OK) {
                return s.fail(r.code(), "token verify refused the pipeline's token or the policy denied the write");
            }
            Map<String, Object> json = parse(r.out());
            @SuppressWarnings("unchecked")
            Map<String, Object> identity = (Map<String, Object>) json.get("identity");
            @SuppressWarnings("unchecked")
            Map<String, Object> decision = (Map<String, Object>) json.get("decision");
            if (first) {
                s.line("verified identity: " + identity.get("subject"));
                s.line("  issuer " + identity.get("issuer") + ", namespace " + identity.get("kubernetesNamespace")
                        + ", service account " + identity.get("kubernetesServiceAccount") + ", expires "
                        + identity.get("expiresAt"));
                first = false;
            }
            s.line("policy: " + (Boolean.TRUE.equals(decision.get("allowed")) ? "ALLOW" : "DENY") + " page:write on "
                    + decision.get("resource") + " (" + decision.get("reason") + ")");
        }
        s.done();

        s = begin("Publish the docs as a page tree: conftekton publish");
        Path publishResults = work.resolve("publish-results");
        Result published = conftekton(
                s,
                "publish",
                source.toString(),
                "--url",
                emulator.cloudUrl(),
                "--credentials-dir",
                credentials.toString(),
                "--space",
                "DOCS",
                "--audit-log",
                auditFile.toString(),
                "--run-id",
                RUN,
                "--results-dir",
                publishResults.toString());
        if (published.code() != ExitCodes.OK) {
            return s.fail(
                    published.code() == ExitCodes.REMOTE_FAILURE ? ExitCodes.REMOTE_FAILURE : ExitCodes.USAGE,
                    "publishing " + source + " failed; the lines above say why (use --docs DIR for another"
                            + " directory)");
        }
        ConfluenceClient asRobot = client(robot);
        String home = read(publishResults, "page-id");
        List<String> tree = new ArrayList<>();
        if (!tree(asRobot, home, "", tree)) {
            return s.fail(ExitCodes.CONDITION_FALSE, "publish reported success but DOCS holds no pages");
        }
        s.line(tree.size() + " pages in the web view:");
        tree.forEach(s::line);
        docsUrl = emulator.baseUrl() + "/wiki/spaces/DOCS";
        s.done();

        s = begin("Record the release and its digest: conftekton publish record");
        digest = digest(source);
        Path template = work.resolve("release-record.md");
        Files.writeString(template, resource("release-record.md"));
        Path recordResults = work.resolve("record-results");
        String pageId = record(s, template, credentials, recordResults, "1.0.0", RUN, digest, docsUrl);
        if (pageId == null) {
            return s.fail(ExitCodes.USAGE, "publish record failed; the lines above say why");
        }
        s.line("digest " + digest + " = sha256 of the published files (stands in for an image digest)");
        s.line("release record: " + pageUrl("REL", pageId));
        s.done();

        List<String> gate = gateArguments(pageId, digest, credentials, RUN);
        s = begin("Approval gate, before anyone approved: conftekton verify-approval");
        Result before = conftekton(s, gate.toArray(String[]::new));
        if (before.code() != ExitCodes.CONDITION_FALSE || !before.out().contains("NOT APPROVED")) {
            return s.fail(
                    before.code() == ExitCodes.OK ? ExitCodes.CONDITION_FALSE : before.code(),
                    "the gate should have held the release (exit 1, NOT APPROVED) but exited " + before.code());
        }
        s.line("exit 1: NOT APPROVED, so a pipeline stops here until a release manager approves");
        s.done();

        s = begin("Bob Approver comments /approve through the Confluence API; the gate runs again");
        EmulatorUser bob = emulator.user(APPROVER);
        String commentId =
                client(bob).comments().create(pageId, "<p>/approve</p>").id();
        s.line("comment " + commentId + " by " + bob.displayName() + " (" + bob.accountId() + ", release-managers) on "
                + pageUrl("REL", pageId));
        s.line("four eyes: the page's author is Release Robot, the pipeline; Bob did not write it");
        Result after = conftekton(s, gate.toArray(String[]::new));
        if (after.code() != ExitCodes.OK || !after.out().contains("APPROVED")) {
            return s.fail(
                    after.code() == ExitCodes.CONDITION_FALSE ? ExitCodes.CONDITION_FALSE : after.code(),
                    "the gate should have passed after Bob's approval but exited " + after.code());
        }
        s.line("exit 0: APPROVED, the deployment may go ahead");
        s.done();

        printAuditTrail();
        if (!keepRunning) {
            beforeStop.accept(emulator);
        }
        return ExitCodes.OK;
    }

    /**
     * {@code --keep-running}: a second release waits for a person. The gate polls until someone
     * approves in the browser, then the web view stays up until the process is stopped.
     */
    private int handsOn() throws IOException {
        out.println();
        out.println("--keep-running: your turn. The web view stays up at " + emulator.baseUrl() + "/");
        Path credentials = work.resolve("pipeline-credentials");
        Step s = new Step("A second build: the pipeline records Release 1.0.1", out);
        String pageId = record(
                s,
                work.resolve("release-record.md"),
                credentials,
                work.resolve("record-2"),
                "1.0.1",
                SECOND_RUN,
                digest,
                docsUrl);
        if (pageId == null) {
            return s.fail(ExitCodes.USAGE, "publish record failed for the second release");
        }
        s.done();
        out.println("Its gate now waits for an approval. Approve it yourself:");
        out.println("  1. open " + pageUrl("REL", pageId));
        out.println("  2. under 'Add a comment' choose Bob Approver, write /approve, press Comment");
        out.println("     (comments by Carol Reader or Release Robot do not count; the gate's verdict says why)");
        out.println("The gate polls every few seconds; each new reason is printed once.");
        out.flush();
        List<String> args = new ArrayList<>(gateArguments(pageId, digest, credentials, SECOND_RUN));
        args.addAll(List.of(
                "--wait",
                "--announce",
                "--timeout",
                "12h",
                "--poll-interval",
                handsOnPollInterval,
                "--max-poll-interval",
                handsOnPollInterval));
        CommandLine cl = ConftektonCommand.newCommandLine(verifyApproval());
        cl.setOut(out);
        cl.setErr(new PrintWriter(new ChangedLinesWriter(out), true));
        int code = cl.execute(args.toArray(String[]::new));
        out.println(code == ExitCodes.OK ? "Approved by hand: the gate passed." : "The gate gave up: exit " + code);
        printAuditTrail();
        out.println();
        out.println("The web view stays up at " + emulator.baseUrl() + "/ until you press Ctrl-C.");
        out.flush();
        beforeStop.accept(emulator);
        awaitStop.run();
        return code;
    }

    private String record(
            Step s,
            Path template,
            Path credentials,
            Path results,
            String version,
            String run,
            String digest,
            String docsUrl)
            throws IOException {
        Result r = conftekton(
                s,
                "publish",
                "record",
                "--url",
                emulator.cloudUrl(),
                "--credentials-dir",
                credentials.toString(),
                "--template",
                template.toString(),
                "--space",
                "REL",
                "--set",
                "version=" + version,
                "--set",
                "run=" + run,
                "--set",
                "docs=" + docsUrl,
                "--set",
                "digest=" + digest,
                "--digest",
                digest,
                "--audit-log",
                auditFile.toString(),
                "--run-id",
                run,
                "--results-dir",
                results.toString());
        return r.code() == ExitCodes.OK ? read(results, "page-id") : null;
    }

    private List<String> gateArguments(String pageId, String digest, Path credentials, String run) {
        return List.of(
                "verify-approval",
                "--site",
                emulator.cloudUrl(),
                "--flavour",
                "cloud",
                "--credentials-dir",
                credentials.toString(),
                "--page-id",
                pageId,
                "--space",
                "REL",
                "--approver-group",
                "release-managers",
                "--expect-digest",
                digest,
                "--run-id",
                run);
    }

    /** A verify-approval that audits into the demo's trail and ignores this process's CONFTEKTON_* variables. */
    private VerifyApprovalCommand verifyApproval() {
        return new VerifyApprovalCommand(
                name -> null, Clock.systemUTC(), Sleeper.system(), null, AuditLog.to(auditFile));
    }

    private record Result(int code, String out, String err) {}

    /** Runs a {@code conftekton} command in this process, as a pipeline step would run it; shows it and its output. */
    private Result conftekton(Step s, String... args) {
        return conftekton(s, true, args);
    }

    /** As {@link #conftekton(Step, String...)}; {@code showOutput} false shows the output only when it fails. */
    private Result conftekton(Step s, boolean showOutput, String... args) {
        s.line("$ conftekton "
                + String.join(" ", Stream.of(args).map(this::label).toList()));
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cl = ConftektonCommand.newCommandLine(verifyApproval());
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        int code = cl.execute(args);
        if (showOutput || code != ExitCodes.OK) {
            o.toString().lines().forEach(l -> s.line("  " + l));
            e.toString().lines().forEach(l -> s.line("  " + l));
        }
        return new Result(code, o.toString(), e.toString());
    }

    /** Appends "title  url" lines for the pages under {@code parentId}, indented by depth; false when none. */
    private boolean tree(ConfluenceClient client, String parentId, String indent, List<String> lines) {
        boolean any = false;
        for (PageSummary p : client.pages().children(parentId)) {
            any = true;
            String title = indent + p.title();
            String shown = title.length() > 44 ? title.substring(0, 43) + "~" : title;
            lines.add("  " + shown + " ".repeat(46 - shown.length()) + pageUrl("DOCS", p.id()));
            tree(client, p.id(), indent + "  ", lines);
        }
        return any;
    }

    private void printAuditTrail() throws IOException {
        List<String> lines = Files.exists(auditFile) ? Files.readAllLines(auditFile) : List.of();
        out.println();
        out.println("Audit trail (" + lines.size() + " events, as JSON lines in " + label(auditFile) + "):");
        for (String line : lines) {
            Map<String, Object> e = parse(line);
            out.printf(
                    Locale.ROOT,
                    "  %s %-7s %-15s %-34s by %s%n      %s%s%n",
                    time(e.get("time")),
                    e.get("decision"),
                    e.get("action"),
                    e.get("resource"),
                    e.get("actor"),
                    e.get("reason"),
                    e.get("correlation") instanceof Map<?, ?> c && !c.isEmpty() ? "  " + c : "");
        }
        out.flush();
    }

    private static String time(Object iso) {
        try {
            return Instant.parse(String.valueOf(iso))
                    .truncatedTo(ChronoUnit.MILLIS)
                    .toString();
        } catch (DateTimeParseException e) {
            return String.valueOf(iso);
        }
    }

    private String pageUrl(String space, String pageId) {
        return emulator.baseUrl() + "/wiki/spaces/" + space + "/pages/" + pageId;
    }

    private ConfluenceClient client(EmulatorUser user) {
        return ConfluenceClient.newBuilder()
                .siteUrl(emulator.cloudUrl())
                .flavour(Flavour.CLOUD)
                .basicAuth(user.email(), Secret.of(user.apiToken()))
                .build();
    }

    private Path secretFile(String name, String value) throws IOException {
        Path file = work.resolve(name);
        Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // the temporary directory is private to the user already
        }
        return file;
    }

    private String label(String s) {
        return s.replace(work.toString(), "$DEMO_DIR");
    }

    private String label(Path p) {
        return label(p.toString());
    }

    private static String read(Path results, String name) throws IOException {
        return Files.readString(results.resolve(name), StandardCharsets.UTF_8).strip();
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSONObjectUtils.parse(json.strip());
        } catch (ParseException e) {
            throw new IllegalStateException("unexpected output, not JSON: " + e.getMessage(), e);
        }
    }

    /** The sha256 of a docs tree: every regular, non-hidden file's relative path and bytes, in path order. */
    static String digest(Path dir) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> !dir.relativize(p).toString().startsWith(".")
                            && !dir.relativize(p).toString().contains("/."))
                    .sorted(Comparator.comparing(p -> dir.relativize(p).toString()))
                    .toList();
        }
        for (Path f : files) {
            sha.update(dir.relativize(f).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Files.readAllBytes(f));
            sha.update((byte) 0);
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    private static long markdownCount(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> {
                        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                        return n.endsWith(".md") || n.endsWith(".markdown");
                    })
                    .count();
        }
    }

    private static Path extractSampleDocs(Path target) throws IOException {
        for (String name : SAMPLE_DOCS) {
            Path file = target.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, resource("sample-docs/" + name), StandardCharsets.UTF_8);
        }
        return target;
    }

    static String resource(String name) {
        try (InputStream in = DemoCommand.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the conftekton jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the servers and deletes the working files; safe to call twice (the shutdown hook and the finally). */
    private synchronized void close() {
        if (emulator != null) {
            emulator.close();
        }
        if (issuerStarting != null) {
            issuerStarting.thenAccept(OidcIssuer::close); // now, or as soon as it has started
        }
        if (work != null && Files.exists(work)) {
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // best effort: a temporary directory
            }
        }
    }

    private static void waitForever() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Step begin(String title) {
        step++;
        current = new Step(String.format(Locale.ROOT, "[%d/%d] %s", step, STEPS, title), out);
        return current;
    }

    /** One numbered step: its lines are printed under its title once its time is known. */
    private final class Step {
        private final String title;
        private final PrintWriter target;
        private final List<String> lines = new ArrayList<>();
        private final long start = System.nanoTime();
        private boolean printed;

        Step(String title, PrintWriter target) {
            this.title = title;
            this.target = target;
        }

        void line(String text) {
            lines.add(text);
        }

        void done() {
            print(String.format(Locale.ROOT, "%s  (%d ms)", title, (System.nanoTime() - start) / 1_000_000));
        }

        int fail(int code, String message) {
            print(title + "  FAILED");
            PrintWriter err = spec.commandLine().getErr();
            err.println("conftekton demo: " + message);
            err.flush();
            return code;
        }

        private void print(String heading) {
            printed = true;
            target.println(heading);
            lines.forEach(l -> target.println("      " + l));
            target.flush();
        }
    }

    /**
     * Passes on the gate's "waiting Ns: reason" lines only when the reason changes, so a person
     * sees each new state once instead of a line every few seconds.
     */
    private static final class ChangedLinesWriter extends Writer {
        private final PrintWriter target;
        private final StringBuilder line = new StringBuilder();
        private String last;

        ChangedLinesWriter(PrintWriter target) {
            this.target = target;
        }

        @Override
        public void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                char c = buf[i];
                if (c == '\n') {
                    String text = line.toString().stripTrailing();
                    line.setLength(0);
                    String key = text.replaceFirst("^waiting \\d+s: ", "");
                    if (!key.equals(last)) {
                        last = key;
                        target.println("  gate: " + key);
                        target.flush();
                    }
                } else {
                    line.append(c);
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
