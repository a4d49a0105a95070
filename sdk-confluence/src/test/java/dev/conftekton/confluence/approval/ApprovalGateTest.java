package dev.conftekton.confluence.approval;

import static dev.conftekton.confluence.approval.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conftekton.confluence.approval.Finding.Reason;
import dev.conftekton.core.error.NotFoundException;
import dev.conftekton.core.error.ServerException;
import dev.conftekton.core.http.Headers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApprovalGateTest {
    private final FakeReader confluence = new FakeReader();
    private final FakeReader.MutableClock clock = new FakeReader.MutableClock(t(100));
    private final List<Duration> sleeps = new ArrayList<>();

    private ApprovalGate gate(ApprovalPolicy policy) {
        return ApprovalGate.builder()
                .reader(confluence)
                .pageId("123")
                .policy(policy)
                .clock(clock)
                .sleeper(d -> {
                    sleeps.add(d);
                    clock.advance(d);
                })
                .pollInterval(Duration.ofSeconds(10), Duration.ofSeconds(60))
                .build();
    }

    @Test
    void checkCollectsEvidenceAndDecides() {
        confluence.comment("c1", ANN, t(20), "<p>/approve</p>");
        confluence.comment("c2", DAVE, t(21), "<p>/approve</p>");
        confluence.comment("c3", GHOST, t(22), "<p>/approve</p>");

        ApprovalDecision d = gate(policy().requiredApprovals(2).build()).check();

        assertThat(d.approved()).isFalse();
        assertThat(d.approvers()).extracting(Approver::accountId).containsExactly(ANN);
        assertThat(d.findings())
                .extracting(Finding::reason)
                .contains(Reason.DEACTIVATED_USER, Reason.UNKNOWN_USER, Reason.MISSING_APPROVALS);
    }

    @Test
    void groupMembershipIsResolvedOncePerRun() {
        confluence.comment("c1", ANN, t(20), "<p>/approve</p>");
        ApprovalGate gate = gate(policy().build());

        gate.check();
        int afterFirst = confluence.groupReads.get();
        gate.check();

        assertThat(afterFirst).isPositive();
        assertThat(confluence.groupReads.get()).isEqualTo(afterFirst);
    }

    @Test
    void contentStateVersionIsRecognisedByItsUnchangedContent() {
        confluence.comment("c1", BOB, t(20), "<p>/approve</p>");
        confluence.edit(ANN, t(30), "v2 body"); // setting the state published v3 with the same body
        confluence.state = Optional.of(new EvidenceReader.State("Approved", t(30)));

        ApprovalDecision d = gate(policy().requiredApprovals(2)
                        .contentStateName("Approved")
                        .build())
                .check();

        assertThat(d.approved()).as(d.summary()).isTrue();
        assertThat(d.contentVersion()).isEqualTo(2);
        assertThat(confluence.contentReads.get()).isEqualTo(3); // v3, v2, v1: stops at the first change
    }

    @Test
    void releaseRecordIsReadFromTheContentProperty() {
        confluence.record = Optional.of(new EvidenceReader.Property(
                "conftekton-release", "{\"digest\":\"" + OTHER_DIGEST + "\",\"version\":\"1.4\"}", 1, PIPELINE, t(11)));
        confluence.comment("c1", ANN, t(20), "<p>/approve</p>");

        ApprovalDecision d = gate(policy().expectedDigest(DIGEST).build()).check();

        assertThat(d.has(Reason.RELEASE_RECORD_OTHER_DIGEST)).isTrue();
        assertThat(d.reason()).contains("names " + OTHER_DIGEST);
    }

    @Test
    void unreadableReleaseRecordBlocks() {
        confluence.record = Optional.of(new EvidenceReader.Property("conftekton-release", "[1,2", 1, PIPELINE, t(11)));

        ApprovalDecision d = gate(policy().expectedDigest(DIGEST).build()).check();

        assertThat(d.reason()).contains("cannot be read as a release record");
    }

    @Test
    void awaitReturnsAsSoonAsTheLastApprovalLands() throws InterruptedException {
        confluence.comment("c1", ANN, t(20), "<p>/approve</p>");
        ApprovalGate gate = gate(policy().requiredApprovals(2).build());
        List<String> progress = new ArrayList<>();

        ApprovalDecision d = gate.await(Duration.ofHours(2), (decision, next) -> {
            progress.add(decision.reason());
            if (progress.size() == 4) {
                confluence.comment("c2", BOB, clock.instant(), "<p>/approve</p>");
            }
        });

        assertThat(d.approved()).isTrue();
        assertThat(progress).hasSize(4).allMatch(r -> r.contains("missing 1 of 2"));
        // back-off grows by half from 10 s; the approval lands during the 4th sleep and is seen right after
        assertThat(sleeps)
                .containsExactly(
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(15),
                        Duration.ofMillis(22_500),
                        Duration.ofMillis(33_750));
    }

    @Test
    void awaitGivesUpAtTheTimeoutWithTheLastDecision() throws InterruptedException {
        ApprovalDecision d = gate(policy().build()).await(Duration.ofMinutes(5), (x, y) -> {});

        assertThat(d.approved()).isFalse();
        assertThat(d.has(Reason.MISSING_APPROVALS)).isTrue();
        assertThat(sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofMinutes(5));
        assertThat(sleeps).allMatch(s -> s.compareTo(Duration.ofSeconds(60)) <= 0);
    }

    @Test
    void awaitStopsAtOnceWhenWaitingCannotHelp() throws InterruptedException {
        confluence.spaceKey = "~mallory";

        ApprovalDecision d = gate(policy().build()).await(Duration.ofHours(2), (x, y) -> {});

        assertThat(d.has(Reason.PAGE_OUTSIDE_SPACE)).isTrue();
        assertThat(sleeps).isEmpty();
    }

    @Test
    void awaitRidesOutATransientFailure() throws InterruptedException {
        confluence.failNext = new ServerException("bad gateway", 502, null, Headers.empty(), "");
        confluence.comment("c1", ANN, t(20), "<p>/approve</p>");

        ApprovalDecision d = gate(policy().build()).await(Duration.ofHours(2), (x, y) -> {});

        assertThat(d.approved()).isTrue();
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void awaitRethrowsAConfigurationErrorAtOnce() {
        confluence.failNext = new NotFoundException("no page 123", 404, null, Headers.empty(), "");

        assertThatThrownBy(() -> gate(policy().build()).await(Duration.ofHours(2), (x, y) -> {}))
                .isInstanceOf(NotFoundException.class);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void waitingCommentIsPostedOncePerRunAndIsNotItselfACommand() {
        ApprovalGate gate = gate(policy().expectedDigest(DIGEST).build());

        Optional<String> first = gate.announceWaiting("deploy-prod-x7k2p");
        Optional<String> again = gate.announceWaiting("deploy-prod-x7k2p");

        assertThat(first).isPresent();
        assertThat(again).isEmpty();
        assertThat(confluence.posts.get()).isEqualTo(1);
        String body = confluence.comments.get(first.get()).versions().get(0).storageBody();
        assertThat(body)
                .contains("deploy-prod-x7k2p", "<code>/approve</code>", "/approve " + DIGEST, "release-managers");
        assertThat(dev.conftekton.confluence.approval.internal.CommandParser.parse(body))
                .isInstanceOf(dev.conftekton.confluence.approval.internal.CommandParser.Result.None.class);
    }

    @Test
    void waitingCommentEscapesTheRunId() {
        ApprovalGate gate = gate(policy().build());

        gate.announceWaiting("<script>x</script>");

        String body =
                confluence.comments.values().iterator().next().versions().get(0).storageBody();
        assertThat(body).doesNotContain("<script>");
    }

    @Test
    void pageIdMustBeDigits() {
        assertThatThrownBy(() -> ApprovalGate.builder().pageId("123/../../admin"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 20 digits");
        assertThatThrownBy(() -> ApprovalGate.builder().pageId("1".repeat(21)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 20 digits");
    }

    @Test
    void unknownAccountsNeverCountEvenWhenTheReaderThrowsNotFound() {
        FakeReader throwing = new FakeReader() {
            @Override
            public Optional<Account> account(String accountId) {
                if (accountId.equals(ANN)) {
                    throw new NotFoundException("no user", 404, null, Headers.empty(), "");
                }
                return super.account(accountId);
            }
        };
        throwing.comment("c1", ANN, t(20), "<p>/approve</p>");

        ApprovalDecision d = ApprovalGate.builder()
                .reader(throwing)
                .pageId("123")
                .policy(policy().build())
                .clock(clock)
                .build()
                .check();

        assertThat(d.has(Reason.UNKNOWN_USER)).isTrue();
        assertThat(Set.copyOf(d.approvers())).isEmpty();
    }
}
