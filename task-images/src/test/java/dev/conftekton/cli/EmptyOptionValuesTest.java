package dev.conftekton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.cli.approval.VerifyApprovalCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Catalog tasks pass optional Tekton params, which default to "", as {@code --option=$(params.x)}:
 * such an empty value must mean "not given" for every command a task runs.
 */
class EmptyOptionValuesTest {
    private static ParseResult parse(String... args) {
        return ConftektonCommand.newCommandLine().parseArgs(args);
    }

    private static ParseResult leaf(ParseResult r) {
        while (r.hasSubcommand()) {
            r = r.subcommand();
        }
        return r;
    }

    @Test
    void emptyPublishOptionsAreNotGivenAndDefaultsApply() {
        ParseResult r = leaf(parse(
                "publish",
                "/docs",
                "--space=",
                "--root-page-id=",
                "--title-prefix=",
                "--on-conflict=",
                "--on-orphan=",
                "--dry-run=",
                "--url=",
                "--token-url=",
                "--rate-limit=",
                "--concurrency="));

        assertThat(r.hasMatchedOption("--space")).isFalse();
        assertThat(r.hasMatchedOption("--dry-run")).isFalse();
        assertThat(r.hasMatchedOption("--url")).isFalse();
        assertThat(r.hasMatchedOption("--concurrency")).isFalse();
        assertThat((String) r.commandSpec().findOption("--on-conflict").getValue())
                .isEqualTo("fail");
        assertThat((String) r.commandSpec().findOption("--on-orphan").getValue())
                .isEqualTo("report");
        assertThat(r.matchedPositionals()).hasSize(1);
    }

    @Test
    void emptyRecordOptionsAreNotGivenButAnEmptyLogCellIsAValue() {
        ParseResult r = leaf(parse(
                "publish",
                "record",
                "--template=t.md",
                "--space=",
                "--digest=",
                "--parent-page-id=",
                "--set-lines=",
                "--log-page-id=",
                "--log-cell=",
                "--log-cell=x"));

        assertThat(r.commandSpec().name()).isEqualTo("record");
        assertThat(r.hasMatchedOption("--digest")).isFalse();
        assertThat(r.hasMatchedOption("--space")).isFalse();
        assertThat(r.hasMatchedOption("--set-lines")).isFalse();
        assertThat(r.matchedOption("--log-cell").<List<String>>getValue()).containsExactly("", "x");
    }

    @Test
    void emptyVerifyApprovalOptionsAreNotGivenAndBooleansTakeTrueOrFalse() {
        ParseResult r = leaf(parse(
                "verify-approval",
                "--page-id=42",
                "--site=",
                "--required=",
                "--approver-group=",
                "--approver-account=",
                "--expect-digest=",
                "--ancestor=",
                "--timeout=",
                "--wait=true",
                "--announce=false",
                "--four-eyes=false",
                "--require-pinned-digest=",
                "--baseline-version=",
                "--policy=",
                "--content-state=",
                "--run-id="));

        assertThat(r.hasMatchedOption("--required")).isFalse();
        assertThat(r.hasMatchedOption("--approver-group")).isFalse();
        assertThat(r.hasMatchedOption("--policy")).isFalse();
        assertThat((String) r.commandSpec().findOption("--timeout").getValue()).isEqualTo("2h");
        assertThat((Boolean) r.matchedOption("--wait").getValue()).isTrue();
        assertThat((Boolean) r.matchedOption("--announce").getValue()).isFalse();
        assertThat((Boolean) r.matchedOption("--four-eyes").getValue()).isFalse();
    }

    @Test
    void commaSeparatedApproversFromOneParam() {
        ParseResult r = leaf(parse(
                "verify-approval", "--page-id=1", "--approver-group=release-managers,sre", "--approver-account=a1"));

        assertThat(r.matchedOption("--approver-group").<List<String>>getValue())
                .containsExactly("release-managers", "sre");
    }

    @Test
    void anEmptyValueForAnUnknownOptionIsStillAnError() {
        StringWriter err = new StringWriter();
        CommandLine cl = ConftektonCommand.newCommandLine();
        cl.setErr(new PrintWriter(err, true));

        int code = cl.execute("verify-approval", "--page-id=1", "--no-such-option=");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--no-such-option");
    }

    @Test
    void aPolicyDirectoryWithoutPolicyYamlIsAUsageError(@TempDir Path tmp) throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cl = ConftektonCommand.newCommandLine(new VerifyApprovalCommand());
        cl.setErr(new PrintWriter(err, true));

        int code = cl.execute("verify-approval", "--page-id=1", "--space=DEV", "--policy=" + tmp);

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("without policy.yaml");
        Files.writeString(tmp.resolve("policy.yaml"), "space: [not, a, key]\n");
        StringWriter err2 = new StringWriter();
        CommandLine cl2 = ConftektonCommand.newCommandLine(new VerifyApprovalCommand());
        cl2.setErr(new PrintWriter(err2, true));
        assertThat(cl2.execute("verify-approval", "--page-id=1", "--policy=" + tmp))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err2.toString()).contains("policy.yaml");
    }
}
