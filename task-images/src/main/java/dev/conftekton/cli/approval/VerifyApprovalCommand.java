package dev.conftekton.cli.approval;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.conftekton.cli.ConfluenceCredentials;
import dev.conftekton.cli.EmptyOptionValues;
import dev.conftekton.cli.ExitCodes;
import dev.conftekton.cli.Results;
import dev.conftekton.confluence.ConfluenceClient;
import dev.conftekton.confluence.Flavour;
import dev.conftekton.confluence.approval.ApprovalDecision;
import dev.conftekton.confluence.approval.ApprovalGate;
import dev.conftekton.confluence.approval.ApprovalPolicy;
import dev.conftekton.confluence.approval.Approver;
import dev.conftekton.confluence.approval.ConfluenceEvidenceReader;
import dev.conftekton.confluence.approval.EvidenceCollector;
import dev.conftekton.confluence.approval.EvidenceReader;
import dev.conftekton.confluence.approval.Finding;
import dev.conftekton.core.audit.AuditEvent;
import dev.conftekton.core.audit.AuditSink;
import dev.conftekton.core.audit.Slf4jAuditSink;
import dev.conftekton.core.json.JsonCodec;
import dev.conftekton.core.retry.Sleeper;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code conftekton verify-approval}: the deployment gate. Exit 0 approved, 1 not approved, 2
 * usage or configuration error, 3 Confluence unreachable after retries.
 */
@Command(
        name = "verify-approval",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Deployment gate: pass only when the right people approved the right version of a Confluence page.",
            "",
            "Approvers add a footer comment whose first line is exactly '/approve' (or '/approve sha256:<digest>');"
                    + " '/reject <reason>' blocks until the same person approves again. See docs/approvals.md.",
            ""
        },
        footer = {
            "%nCredentials (never arguments): files in --credentials-dir ('token', 'email' + 'api-token',"
                    + " 'client-id' + 'client-secret', or 'client-id' + 'service-account-token') or"
                    + " CONFTEKTON_CONFLUENCE_* variables; the site from --url (alias --site) or"
                    + " CONFTEKTON_CONFLUENCE_URL. See docs/cli.md#credentials.",
            "%nExit codes:%n  0  approved (or --verify-record: the record is valid)%n  1  not approved (or the record"
                    + " is invalid)%n  2  usage or configuration error%n  3  Confluence failed or was unreachable after"
                    + " retries%n"
        },
        preprocessor = EmptyOptionValues.class)
public final class VerifyApprovalCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandSpec spec;

    @CommandLine.Mixin
    ConfluenceCredentials credentials = new ConfluenceCredentials();

    @Option(names = "--flavour", paramLabel = "cloud|data-center", description = "Default: guessed from the URL.")
    String flavour;

    @Option(names = "--page-id", paramLabel = "ID", description = "The page that carries the approvals.")
    String pageId;

    @Option(
            names = "--policy",
            paramLabel = "FILE",
            description = "Approval policy (YAML), or a directory holding policy.yaml (a Tekton workspace);"
                    + " flags below override it.")
    Path policyFile;

    @Option(names = "--required", paramLabel = "N", description = "Distinct approvers required (default 1).")
    Integer required;

    @Option(
            names = "--approver-group",
            paramLabel = "GROUP",
            split = ",",
            description = "Confluence group whose members may approve (repeatable or comma-separated).")
    List<String> approverGroups = new ArrayList<>();

    @Option(
            names = "--approver-account",
            paramLabel = "ID",
            split = ",",
            description = "Account id that may approve (repeatable or comma-separated).")
    List<String> approverAccounts = new ArrayList<>();

    @Option(
            names = "--policy-group",
            paramLabel = "GROUP",
            split = ",",
            description =
                    "Identity-policy group that may approve (repeatable or comma-separated; members from the policy file's identityGroups).")
    List<String> policyGroups = new ArrayList<>();

    @Option(
            names = "--four-eyes",
            negatable = true,
            arity = "0..1",
            description = "Authors of the change cannot approve it (default on).")
    Boolean fourEyes;

    @Option(
            names = "--baseline-version",
            paramLabel = "N",
            description =
                    "Last page version already approved: four-eyes looks at authors after it (default 0: whole history).")
    Integer baselineVersion;

    @Option(
            names = "--expire-on-edit",
            negatable = true,
            arity = "0..1",
            description = "Only approvals newer than the current page content count (default on).")
    Boolean expireOnEdit;

    @Option(
            names = "--expect-digest",
            paramLabel = "sha256:HEX",
            description =
                    "Artifact digest being deployed: the release record must name it and pinned approvals must match.")
    String expectDigest;

    @Option(
            names = "--require-pinned-digest",
            arity = "0..1",
            description = "Count only approvals that name the expected digest.")
    Boolean requirePinned;

    @Option(
            names = "--space",
            paramLabel = "KEY",
            description = "The space the page must be in (required, here or in the policy file).")
    String space;

    @Option(names = "--ancestor", paramLabel = "ID", description = "A page the checked page must sit under.")
    String ancestor;

    @Option(
            names = "--content-state",
            paramLabel = "NAME",
            description = "A content state (e.g. Approved) that counts as its setter's approval.")
    String contentState;

    @Option(
            names = "--exclude-account",
            paramLabel = "ID",
            split = ",",
            description = "Account that never counts, e.g. whoever triggered the run (repeatable or comma-separated).")
    List<String> excludeAccounts = new ArrayList<>();

    @Option(
            names = "--release-record-key",
            paramLabel = "KEY",
            description = "Content property holding the release record (default conftekton-release).")
    String releaseRecordKey;

    @Option(names = "--wait", arity = "0..1", description = "Poll until approved or --timeout.")
    boolean waitForApproval;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "2h",
            description = "How long --wait waits (e.g. 90s, 30m, 2h, 1h30m; default 2h).")
    String timeout;

    @Option(
            names = "--poll-interval",
            paramLabel = "DURATION",
            defaultValue = "10s",
            description = "First poll interval; it grows by half up to --max-poll-interval (default 10s).")
    String pollInterval;

    @Option(names = "--max-poll-interval", paramLabel = "DURATION", defaultValue = "2m", description = "Default 2m.")
    String maxPollInterval;

    @Option(
            names = "--announce",
            arity = "0..1",
            description = "Post one comment on the page saying this run waits and how to approve.")
    boolean announce;

    @Option(
            names = "--run-id",
            paramLabel = "ID",
            description = "The pipeline run (shown in the comment, results and audit); default: $CONFTEKTON_RUN_ID.")
    String runId;

    @Option(
            names = "--results-dir",
            paramLabel = "DIR",
            description = "Write Tekton results approved, approvers, page-version, reason here.")
    Path resultsDir;

    @Option(
            names = "--sign-record",
            paramLabel = "FILE",
            description = "When approved, write a signed approval record (JWS) here.")
    Path signRecord;

    @Option(
            names = "--signing-key",
            paramLabel = "FILE",
            description = "Private key for --sign-record (PEM PKCS#8 or JWK; EC P-256/P-384 or RSA).")
    Path signingKey;

    @Option(
            names = "--verify-record",
            paramLabel = "FILE",
            description = "Verify a signed approval record instead of asking Confluence.")
    Path verifyRecord;

    @Option(names = "--key", paramLabel = "FILE", description = "Public key for --verify-record (PEM or JWK).")
    Path publicKey;

    private final Function<String, String> env;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Function<VerifyApprovalCommand, EvidenceReader> readers;
    private final AuditSink audit;

    public VerifyApprovalCommand() {
        this(System::getenv, Clock.systemUTC(), Sleeper.system(), null, Slf4jAuditSink.create());
    }

    /** For tests and embedding: environment, clock, sleeper, reader factory (null: Confluence) and audit. */
    public VerifyApprovalCommand(
            Function<String, String> env,
            Clock clock,
            Sleeper sleeper,
            Function<VerifyApprovalCommand, EvidenceReader> readers,
            AuditSink audit) {
        this.env = Objects.requireNonNull(env, "env");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.readers = readers;
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Results.requireWritable(resultsDir); // before a comment is posted or a record signed
        if (verifyRecord != null) {
            return verifyRecordFile(out);
        }
        if (pageId == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--page-id=ID'");
        }
        Path policyPath =
                policyFile != null && Files.isDirectory(policyFile) ? policyFile.resolve("policy.yaml") : policyFile;
        if (policyPath != policyFile && !Files.isRegularFile(policyPath)) {
            throw new IllegalArgumentException("--policy " + policyFile + " is a directory without policy.yaml");
        }
        PolicyFile file = policyPath == null ? PolicyFile.empty() : PolicyFile.load(policyPath);
        ApprovalPolicy policy = policy(file);
        if (policy.expectedSpaceKey() == null) {
            throw new IllegalArgumentException("the page's space must be pinned: give --space KEY (or 'space:' in the"
                    + " policy file), so the gate cannot be pointed at a page elsewhere");
        }
        if ((signRecord == null) != (signingKey == null)) {
            throw new IllegalArgumentException("--sign-record and --signing-key go together");
        }
        if (signingKey != null) {
            ApprovalRecord.readKey(signingKey, true); // fail before waiting two hours, not after
        }
        String run = runId != null ? runId : env.apply("CONFTEKTON_RUN_ID");
        if (announce && (run == null || run.isBlank())) {
            throw new IllegalArgumentException("--announce needs --run-id (or $CONFTEKTON_RUN_ID) to name the run");
        }
        Duration wait = parseDuration(timeout, "--timeout");
        Duration first = parseDuration(pollInterval, "--poll-interval");
        Duration max = parseDuration(maxPollInterval, "--max-poll-interval");
        EvidenceReader reader = readers != null ? readers.apply(this) : confluenceReader();
        ApprovalGate gate = ApprovalGate.builder()
                .reader(reader)
                .pageId(pageId)
                .policy(policy)
                .policyGroups(file.resolver())
                .releaseRecordKey(
                        releaseRecordKey != null
                                ? releaseRecordKey
                                : file.releaseRecordKey != null
                                        ? file.releaseRecordKey
                                        : EvidenceCollector.DEFAULT_RELEASE_RECORD_KEY)
                .clock(clock)
                .sleeper(sleeper)
                .pollInterval(first, max.compareTo(first) < 0 ? first : max)
                .build();

        ApprovalDecision decision;
        if (waitForApproval) {
            decision = gate.check();
            if (!decision.approved() && announce) {
                gate.announceWaiting(run).ifPresent(id -> spec.commandLine()
                        .getErr()
                        .println("conftekton verify-approval: posted comment " + id + " asking for approval"));
            }
            if (!decision.approved()) {
                PrintWriter err = spec.commandLine().getErr();
                decision = gate.await(wait, (d, next) -> {
                    err.println("waiting " + next.toSeconds() + "s: " + d.reason());
                    err.flush();
                });
            }
        } else {
            decision = gate.check();
            if (!decision.approved() && announce) {
                gate.announceWaiting(run);
            }
        }

        out.print(decision.summary());
        out.flush();
        writeResults(decision);
        audit.record(new AuditEvent(
                clock.instant(),
                "confluence:" + safe(gateAccount(reader)),
                "approval:verify",
                "confluence:space/" + policy.expectedSpaceKey() + "/page/" + pageId,
                decision.approved() ? AuditEvent.Decision.ALLOW : AuditEvent.Decision.DENY,
                decision.reason(),
                correlation(run, decision, policy)));
        if (decision.approved() && signRecord != null) {
            String jws = ApprovalRecord.sign(
                    decision, policy.expectedSpaceKey(), policy.expectedDigest(), run, clock.instant(), signingKey);
            Files.writeString(signRecord, jws + "\n", StandardCharsets.US_ASCII);
        }
        return decision.approved() ? ExitCodes.OK : ExitCodes.CONDITION_FALSE;
    }

    private static String gateAccount(EvidenceReader reader) {
        try {
            return reader.currentAccountId();
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private static Map<String, String> correlation(String run, ApprovalDecision d, ApprovalPolicy policy) {
        Map<String, String> c = new LinkedHashMap<>();
        if (run != null) {
            c.put("pipelineRun", run);
        }
        c.put("pageVersion", Integer.toString(d.pageVersion()));
        c.put(
                "approvers",
                String.join(",", d.approvers().stream().map(Approver::accountId).toList()));
        if (policy.expectedDigest() != null) {
            c.put("digest", policy.expectedDigest());
        }
        return c;
    }

    ApprovalPolicy policy(PolicyFile file) {
        ApprovalPolicy.Builder b = file.policy;
        if (required != null) {
            b.requiredApprovals(required);
        }
        b.approverGroups(java.util.Set.copyOf(approverGroups));
        b.approverAccountIds(java.util.Set.copyOf(approverAccounts));
        b.policyGroups(java.util.Set.copyOf(policyGroups));
        if (fourEyes != null) {
            b.fourEyes(fourEyes);
        }
        if (baselineVersion != null) {
            b.fourEyesBaselineVersion(baselineVersion);
        }
        if (expireOnEdit != null) {
            b.expireOnEdit(expireOnEdit);
        }
        if (expectDigest != null) {
            b.expectedDigest(expectDigest);
        }
        if (requirePinned != null) {
            b.requirePinnedDigest(requirePinned);
        }
        if (space != null) {
            b.expectedSpaceKey(space);
        }
        if (ancestor != null) {
            b.expectedAncestorId(ancestor);
        }
        if (contentState != null) {
            b.contentStateName(contentState);
        }
        b.excludedAccountIds(java.util.Set.copyOf(excludeAccounts));
        return b.build();
    }

    private EvidenceReader confluenceReader() {
        ConfluenceClient.Builder b = ConfluenceClient.newBuilder().siteUrl(credentials.siteUrl(env));
        if (flavour != null) {
            b.flavour(
                    switch (flavour.toLowerCase(Locale.ROOT)) {
                        case "cloud" -> Flavour.CLOUD;
                        case "data-center", "datacenter", "dc" -> Flavour.DATA_CENTER;
                        default ->
                            throw new IllegalArgumentException(
                                    "--flavour must be cloud or data-center, not '" + flavour + "'");
                    });
        }
        b.tokenSource(credentials.tokenSource(env));
        return new ConfluenceEvidenceReader(b.build());
    }

    private void writeResults(ApprovalDecision d) {
        Map<String, String> results = new LinkedHashMap<>();
        results.put("approved", Boolean.toString(d.approved()));
        results.put("page-version", Integer.toString(d.pageVersion()));
        results.put("reason", d.reason());
        results.put("approvers", approversJson(d.approvers()));
        Results.write(resultsDir, results, java.util.Set.of("approvers"));
    }

    /** One entry of the {@code approvers} result. */
    public record ApproverResult(String accountId, String displayName, int pageVersion, String at, String digest) {}

    static String approversJson(List<Approver> approvers) {
        JsonCodec json = JsonCodec.defaults();
        java.lang.reflect.Type type = dev.conftekton.core.json.Types.listOf(ApproverResult.class);
        List<ApproverResult> list = new ArrayList<>();
        for (Approver a : approvers) {
            list.add(
                    new ApproverResult(a.accountId(), a.displayName(), a.pageVersion(), a.at().toString(), a.digest()));
            if (Results.jsonBytes(json.toJson(list, type)) > Results.MAX_WHOLE_BYTES) {
                list.remove(list.size() - 1); // keep the result valid JSON and within its share of the step's limit
                break;
            }
        }
        return json.toJson(list, type);
    }

    private int verifyRecordFile(PrintWriter out) {
        if (publicKey == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--verify-record needs --key FILE (a public key)");
        }
        JWTClaimsSet claims;
        try {
            claims = ApprovalRecord.verify(verifyRecord, publicKey);
        } catch (IllegalStateException e) {
            out.println("INVALID: " + e.getMessage());
            out.flush();
            return ExitCodes.CONDITION_FALSE;
        }
        List<String> problems = new ArrayList<>();
        if (!Boolean.TRUE.equals(claims.getClaim("approved"))) {
            problems.add("the record says the page was not approved");
        }
        if (pageId != null && !pageId.equals(claims.getClaim("pageId"))) {
            problems.add("the record is for page " + claims.getClaim("pageId") + ", not " + pageId);
        }
        if (expectDigest != null) {
            String want = ApprovalPolicy.normaliseDigest(expectDigest);
            if (!want.equals(claims.getClaim("digest"))) {
                problems.add("the record is for digest " + claims.getClaim("digest") + ", not " + want);
            }
        }
        if (space != null && !space.equals(claims.getClaim("space"))) {
            problems.add("the record is for space " + claims.getClaim("space") + ", not " + space);
        }
        if (!problems.isEmpty()) {
            out.println("INVALID: " + String.join("; ", problems));
            out.flush();
            return ExitCodes.CONDITION_FALSE;
        }
        out.println("VALID: page " + claims.getClaim("pageId") + " version " + claims.getClaim("pageVersion")
                + " approved" + (claims.getClaim("digest") == null ? "" : " for " + claims.getClaim("digest"))
                + ", signed " + claims.getIssueTime().toInstant());
        out.flush();
        return ExitCodes.OK;
    }

    private static final Pattern DURATION = Pattern.compile("(?:(\\d{1,5})h)?(?:(\\d{1,6})m)?(?:(\\d{1,8})s)?");

    static Duration parseDuration(String text, String option) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("pt")) {
            try {
                return positive(Duration.parse(t), text, option);
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException(option + ": '" + text + "' is not a duration (e.g. 90s, 30m, 2h)");
            }
        }
        Matcher m = DURATION.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException(option + ": '" + safe(text) + "' is not a duration (e.g. 90s, 30m, 2h)");
        }
        Duration d = Duration.ZERO;
        if (m.group(1) != null) {
            d = d.plusHours(Long.parseLong(m.group(1)));
        }
        if (m.group(2) != null) {
            d = d.plusMinutes(Long.parseLong(m.group(2)));
        }
        if (m.group(3) != null) {
            d = d.plusSeconds(Long.parseLong(m.group(3)));
        }
        return positive(d, text, option);
    }

    private static Duration positive(Duration d, String text, String option) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(option + ": '" + safe(text) + "' must be longer than zero");
        }
        if (d.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException(option + ": '" + safe(text) + "' is longer than 7 days");
        }
        return d;
    }

    private static String safe(String s) {
        return s == null ? "" : s.replaceAll("[^\\x20-\\x7E]", "?");
    }

    /** Names of findings, for tests and messages. */
    static List<Finding.Reason> reasons(ApprovalDecision d) {
        return d.findings().stream().map(Finding::reason).toList();
    }
}
