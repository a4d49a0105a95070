package dev.conftekton.cli.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conftekton.cli.ConftektonCommand;
import dev.conftekton.cli.ExitCodes;
import dev.conftekton.confluence.approval.ApprovalDecision;
import dev.conftekton.confluence.approval.ApprovalPolicy;
import dev.conftekton.confluence.approval.Approver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyApprovalCommandTest {
    static final String DIGEST = "sha256:" + "c".repeat(64);

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var cl = ConftektonCommand.newCommandLine(
                new VerifyApprovalCommand(Map.<String, String>of()::get, Clock.systemUTC(), d -> {}, null, e -> {}));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void policyFileIsReadAndFlagsOverrideIt() {
        PolicyFile f = PolicyFile.parse(
                """
                requiredApprovals: 3
                approvers:
                  groups: [release-managers]
                  policyGroups: [sre]
                identityGroups:
                  sre: ["acc-1"]
                space: OPS
                ancestor: "42"
                expectDigest: %s
                """
                        .formatted(DIGEST),
                "policy.yaml");

        ApprovalPolicy p = f.policy.build();

        assertThat(p.requiredApprovals()).isEqualTo(3);
        assertThat(p.approverGroups()).containsExactly("release-managers");
        assertThat(p.expectedSpaceKey()).isEqualTo("OPS");
        assertThat(p.expectedAncestorId()).isEqualTo("42");
        assertThat(p.expectedDigest()).isEqualTo(DIGEST);
        assertThat(f.resolver().groupsOf("acc-1")).containsExactly("sre");
        assertThat(f.resolver().groupsOf("acc-2")).isEmpty();
    }

    @Test
    void hostilePolicyFilesAreRejectedWithTheKeyNamed() {
        assertThatThrownBy(() -> PolicyFile.parse("requiredApprovals: 1\nrequiredApprovals: 0\n", "p"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> PolicyFile.parse("requiredAprovals: 2\n", "p"))
                .hasMessageContaining("unknown key 'requiredAprovals'");
        assertThatThrownBy(() -> PolicyFile.parse("fourEyes: \"no\"\n", "p"))
                .hasMessageContaining("fourEyes must be true or false");
        assertThatThrownBy(() -> PolicyFile.parse("approvers: {groups: release-managers}\n", "p"))
                .hasMessageContaining("approvers.groups must be a list");
        assertThatThrownBy(() -> PolicyFile.parse("!!java.lang.Runtime {}\n", "p"))
                .hasMessageContaining("not valid YAML");
        String bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b]\n"
                + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n";
        assertThatThrownBy(() -> PolicyFile.parse(bomb, "p")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void usageErrorsExitTwoWithAClearMessage() throws Exception {
        assertThat(run("verify-approval", "--page-id", "1", "--approver-group", "g"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--space");

        Path policy = tmp.resolve("p.yaml");
        Files.writeString(policy, "space: OPS\n");
        assertThat(run("verify-approval", "--page-id", "1", "--policy", policy.toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("names no approvers");

        assertThat(run("verify-approval", "--page-id", "1", "--space", "OPS", "--approver-group", "g"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("no Confluence site");

        assertThat(run(
                        "verify-approval",
                        "--page-id",
                        "../1",
                        "--space",
                        "OPS",
                        "--approver-group",
                        "g",
                        "--timeout",
                        "forever"))
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void durationsAcceptShortAndIsoForms() {
        assertThat(VerifyApprovalCommand.parseDuration("2h", "--timeout")).isEqualTo(Duration.ofHours(2));
        assertThat(VerifyApprovalCommand.parseDuration("1h30m", "--timeout")).isEqualTo(Duration.ofMinutes(90));
        assertThat(VerifyApprovalCommand.parseDuration("PT45S", "--timeout")).isEqualTo(Duration.ofSeconds(45));
        assertThatThrownBy(() -> VerifyApprovalCommand.parseDuration("0s", "--timeout"))
                .hasMessageContaining("longer than zero");
        assertThatThrownBy(() -> VerifyApprovalCommand.parseDuration("30d", "--timeout"))
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> VerifyApprovalCommand.parseDuration("999h", "--timeout"))
                .hasMessageContaining("7 days");
    }

    @Test
    void resultsStayUnderTheTektonLimitAndValidJson() {
        List<Approver> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(new Approver("acc-" + i, "Approver <R&D> " + i, 3, Instant.EPOCH, "comment " + i, null));
        }

        String json = VerifyApprovalCommand.approversJson(many);

        // measured as Tekton stores it: each '<', '&', '>' of a display name takes six bytes there
        assertThat(dev.conftekton.cli.Results.jsonBytes(json))
                .isLessThanOrEqualTo(dev.conftekton.cli.Results.MAX_WHOLE_BYTES);
        assertThat(json).startsWith("[{").endsWith("}]");
        // the cut of an over-long result (reason) is asserted in dev.conftekton.cli.ResultsTest
    }

    private static ApprovalDecision approved() {
        return new ApprovalDecision(
                true,
                "123",
                "Release",
                7,
                7,
                1,
                List.of(new Approver("acc-ann", "Ann", 7, Instant.parse("2026-11-01T10:00:00Z"), "comment 1", null)),
                List.of());
    }

    private Path[] ecKeys(String name) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        Path priv = tmp.resolve(name + ".pem");
        Path pub = tmp.resolve(name + "-pub.pem");
        Files.writeString(priv, pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
        Files.writeString(pub, pem("PUBLIC KEY", kp.getPublic().getEncoded()));
        return new Path[] {priv, pub};
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + label
                + "-----\n";
    }

    @Test
    void signedRecordVerifiesAndBindsPageAndDigest() throws Exception {
        Path[] keys = ecKeys("k");
        Path record = tmp.resolve("approval.jws");
        Files.writeString(record, ApprovalRecord.sign(approved(), "OPS", DIGEST, "run-1", Instant.now(), keys[0]));

        assertThat(run(
                        "verify-approval",
                        "--verify-record",
                        record.toString(),
                        "--key",
                        keys[1].toString(),
                        "--page-id",
                        "123",
                        "--expect-digest",
                        DIGEST,
                        "--space",
                        "OPS"))
                .isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("VALID: page 123 version 7 approved for " + DIGEST);

        assertThat(run(
                        "verify-approval",
                        "--verify-record",
                        record.toString(),
                        "--key",
                        keys[1].toString(),
                        "--page-id",
                        "124"))
                .isEqualTo(ExitCodes.CONDITION_FALSE);
        assertThat(out.toString()).contains("INVALID: the record is for page 123, not 124");
    }

    @Test
    void tamperedOrForeignRecordsAreInvalid() throws Exception {
        Path[] keys = ecKeys("k");
        Path[] other = ecKeys("other");
        String jws = ApprovalRecord.sign(approved(), "OPS", DIGEST, "run-1", Instant.now(), keys[0]);
        String[] parts = jws.split("\\.");
        String forged = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"pageId\":\"123\"", "\"pageId\":\"999\"");
        Path tampered = tmp.resolve("tampered.jws");
        Files.writeString(
                tampered,
                parts[0] + "."
                        + Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(forged.getBytes(StandardCharsets.UTF_8))
                        + "." + parts[2]);
        Path unsigned = tmp.resolve("none.jws");
        Files.writeString(
                unsigned,
                Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                        + "." + parts[1] + ".");
        Path genuine = tmp.resolve("genuine.jws");
        Files.writeString(genuine, jws);

        assertThat(run("verify-approval", "--verify-record", tampered.toString(), "--key", keys[1].toString()))
                .isEqualTo(ExitCodes.CONDITION_FALSE);
        assertThat(run("verify-approval", "--verify-record", unsigned.toString(), "--key", keys[1].toString()))
                .isEqualTo(ExitCodes.CONDITION_FALSE);
        assertThat(run("verify-approval", "--verify-record", genuine.toString(), "--key", other[1].toString()))
                .isEqualTo(ExitCodes.CONDITION_FALSE);
        assertThat(out.toString()).contains("INVALID").doesNotContain("VALID: page");
    }

    @Test
    void unreadableKeysAreConfigurationErrors() throws Exception {
        Path junk = tmp.resolve("junk.pem");
        Files.writeString(junk, "not a key");
        Path record = tmp.resolve("r.jws");
        Files.writeString(record, "a.b.c");

        assertThat(run("verify-approval", "--verify-record", record.toString(), "--key", junk.toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("must hold a PEM 'PUBLIC KEY'");
    }
}
