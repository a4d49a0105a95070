package dev.conftekton.confluence.approval;

import static dev.conftekton.confluence.approval.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conftekton.confluence.approval.ApprovalEvidence.ContentStateEvidence;
import dev.conftekton.confluence.approval.ApprovalEvidence.FooterComment;
import dev.conftekton.confluence.approval.ApprovalEvidence.PageVersion;
import dev.conftekton.confluence.approval.ApprovalEvidence.ReleaseRecord;
import dev.conftekton.confluence.approval.ApprovalEvidence.UserInfo;
import dev.conftekton.confluence.approval.Finding.Reason;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ApprovalEngineTest {

    private static ApprovalDecision decide(ApprovalEvidence.Builder evidence, ApprovalPolicy.Builder policy) {
        return ApprovalEngine.decide(evidence.build(), policy.build());
    }

    // ---------------------------------------------------------------- happy paths

    @Test
    void twoApprovalsFromTheRightGroupAfterTheLastEditPass() {
        ApprovalDecision d = decide(
                page().addComment(approve("c1", ANN, 20)).addComment(approve("c2", BOB, 25)),
                policy().requiredApprovals(2));

        assertThat(d.approved()).isTrue();
        assertThat(d.findings()).isEmpty();
        assertThat(d.approvers())
                .extracting(Approver::accountId, Approver::pageVersion, Approver::at)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ANN, 2, t(20)),
                        org.assertj.core.groups.Tuple.tuple(BOB, 2, t(25)));
        assertThat(d.reason()).isEqualTo("approved by Ann Approver, Bob Reviewer (2 of 2 required) on page version 2");
        assertThat(d.summary()).contains("APPROVED", "+ Ann Approver (acc-ann) approved page version 2");
    }

    @Test
    void approverNamedByAccountIdOrIdentityPolicyGroupCounts() {
        ApprovalEvidence.Builder e = page().addUser(
                        UserInfo.active(CAROL, "Carol", Set.of()).withPolicyGroups(Set.of("sre-oncall")))
                .addComment(approve("c1", CAROL, 20))
                .addComment(approve("c2", GHOST, 21))
                .addUser(UserInfo.active(GHOST, "Gus", Set.of()));

        ApprovalDecision d = decide(
                e,
                ApprovalPolicy.builder()
                        .policyGroups(Set.of("sre-oncall"))
                        .approverAccountIds(Set.of(GHOST))
                        .requiredApprovals(2));

        assertThat(d.approved()).isTrue();
        assertThat(d.approvers()).extracting(Approver::accountId).containsExactly(CAROL, GHOST);
    }

    @Test
    void rejectIsLiftedByALaterApprovalFromTheSamePerson() {
        ApprovalDecision d = decide(
                page().addComment(comment("c1", ANN, 15, "<p>/reject tests missing</p>"))
                        .addComment(approve("c2", ANN, 30)),
                policy());

        assertThat(d.approved()).isTrue();
        assertThat(d.has(Reason.REJECT_LIFTED)).isTrue();
    }

    @Test
    void rejectWithdrawnByItsAuthorEditingItAwayNoLongerBlocks() {
        FooterComment c = new FooterComment(
                "c1", List.of(version(1, BOB, 15, "<p>/reject wait</p>"), version(2, BOB, 16, "<p>ok now</p>")));

        ApprovalDecision d = decide(page().addComment(c).addComment(approve("c2", ANN, 20)), policy());

        assertThat(d.approved()).isTrue();
    }

    @Test
    void pinnedApprovalForTheExpectedDigestPassesWithTheReleaseRecord() {
        ApprovalDecision d = decide(
                page().releaseRecord(new ReleaseRecord(DIGEST, 1, PIPELINE, t(11)))
                        .addComment(comment("c1", ANN, 5, "<p>/approve " + DIGEST + "</p>")),
                policy().expectedDigest(DIGEST).requirePinnedDigest(true).expireOnEdit(false));

        assertThat(d.approved()).isTrue();
        assertThat(d.approvers().get(0).digest()).isEqualTo(DIGEST);
        assertThat(d.approvers().get(0).pageVersion()).isEqualTo(1);
    }

    @Test
    void contentStateVersionWithUnchangedContentNeitherExpiresApprovalsNorMakesItsSetterAnAuthor() {
        ApprovalEvidence.Builder e = page().addVersion(new PageVersion(3, ANN, t(40), false, "fp-2"))
                .contentState(new ContentStateEvidence("Approved", 3, ANN, t(40)))
                .addComment(approve("c1", BOB, 20));

        ApprovalDecision d = decide(e, policy().requiredApprovals(2).contentStateName("Approved"));

        assertThat(d.approved()).as(d.summary()).isTrue();
        assertThat(d.contentVersion()).isEqualTo(2);
        assertThat(d.pageVersion()).isEqualTo(3);
        assertThat(d.approvers()).extracting(Approver::accountId).containsExactly(BOB, ANN);
        assertThat(d.approvers().get(1).via()).contains("content state 'Approved'");
    }

    @Test
    void commentEditedIntoApproveByTheApproverAfterTheEditCountsFromThatVersion() {
        FooterComment c = new FooterComment(
                "c1", List.of(version(1, ANN, 5, "<p>Will look later</p>"), version(2, ANN, 20, "<p>/approve</p>")));

        ApprovalDecision d = decide(page().addComment(c), policy());

        assertThat(d.approved()).isTrue();
        assertThat(d.approvers().get(0).at()).isEqualTo(t(20));
        assertThat(d.approvers().get(0).via()).isEqualTo("comment c1 version 2");
    }

    @Test
    void fourEyesBaselineLetsAuthorsOfAlreadyApprovedVersionsApprove() {
        ApprovalEvidence.Builder e = page().versions(List.of(
                        new PageVersion(1, ANN, t(0), false, "fp-1"), new PageVersion(2, AUTHOR, t(10), false, "fp-2")))
                .addComment(approve("c1", ANN, 20));

        assertThat(decide(e, policy()).has(Reason.SELF_APPROVAL)).isTrue();
        assertThat(decide(e, policy().fourEyesBaselineVersion(1)).approved()).isTrue();
        assertThat(decide(e, policy().fourEyes(false)).approved()).isTrue();
    }

    // ---------------------------------------------------------------- the bypass matrix

    static Stream<Arguments> bypasses() {
        FooterComment staleApproveRetouched = new FooterComment(
                "c1",
                List.of(
                        version(1, ANN, 5, "<p>/approve</p>"),
                        version(2, ANN, 20, "<p>/approve<br/>(typo fixed)</p>")));
        FooterComment editedByOutsider = new FooterComment(
                "c1", List.of(version(1, ANN, 20, "<p>Looks fine</p>"), version(2, CAROL, 21, "<p>/approve</p>")));
        FooterComment editedByEligibleApprover = new FooterComment(
                "c1", List.of(version(1, CAROL, 20, "<p>Looks fine</p>"), version(2, BOB, 21, "<p>/approve</p>")));
        FooterComment editedByAuthor = new FooterComment(
                "c1", List.of(version(1, ANN, 20, "<p>Looks fine</p>"), version(2, AUTHOR, 21, "<p>/approve</p>")));
        FooterComment rejectEditedAwayByOther = new FooterComment(
                "c9",
                List.of(
                        version(1, BOB, 15, "<p>/reject no rollback plan</p>"),
                        version(2, AUTHOR, 16, "<p>fixed</p>")));
        FooterComment approveWithdrawn = new FooterComment(
                "c1", List.of(version(1, ANN, 20, "<p>/approve</p>"), version(2, ANN, 22, "<p>wait, found a bug</p>")));
        return Stream.of(
                bypass(
                        "the author approves their own change",
                        e -> e.addComment(approve("c1", AUTHOR, 20)),
                        p -> p,
                        Reason.SELF_APPROVAL),
                bypass(
                        "approval before the last edit",
                        e -> e.addComment(approve("c1", ANN, 5)),
                        p -> p,
                        Reason.APPROVAL_BEFORE_LAST_EDIT),
                bypass(
                        "approval at the very instant of the last edit",
                        e -> e.addComment(approve("c1", ANN, 10)),
                        p -> p,
                        Reason.APPROVAL_BEFORE_LAST_EDIT),
                bypass(
                        "approval from a non-member",
                        e -> e.addComment(approve("c1", CAROL, 20)),
                        p -> p,
                        Reason.NOT_ELIGIBLE),
                bypass(
                        "approval from a deactivated user",
                        e -> e.addComment(approve("c1", DAVE, 20)),
                        p -> p,
                        Reason.DEACTIVATED_USER),
                bypass(
                        "approval from an unknown account",
                        e -> e.addComment(approve("c1", GHOST, 20)),
                        p -> p,
                        Reason.UNKNOWN_USER),
                bypass(
                        "the same person approving twice is counted once",
                        e -> e.addComment(approve("c1", ANN, 20)).addComment(approve("c2", ANN, 21)),
                        p -> p.requiredApprovals(2),
                        Reason.DUPLICATE_APPROVAL),
                bypass(
                        "a pinned approval for another digest",
                        e -> e.releaseRecord(new ReleaseRecord(DIGEST, 1, PIPELINE, t(11)))
                                .addComment(comment("c1", ANN, 20, "<p>/approve " + OTHER_DIGEST + "</p>")),
                        p -> p.expectedDigest(DIGEST),
                        Reason.PINNED_OTHER_DIGEST),
                bypass(
                        "a release record naming another digest",
                        e -> e.releaseRecord(new ReleaseRecord(OTHER_DIGEST, 1, PIPELINE, t(11)))
                                .addComment(approve("c1", ANN, 20)),
                        p -> p.expectedDigest(DIGEST),
                        Reason.RELEASE_RECORD_OTHER_DIGEST),
                bypass(
                        "no release record while a digest is expected",
                        e -> e.addComment(approve("c1", ANN, 20)),
                        p -> p.expectedDigest(DIGEST),
                        Reason.RELEASE_RECORD_MISSING),
                bypass(
                        "release record rewritten after the approvals",
                        e -> e.releaseRecord(new ReleaseRecord(DIGEST, 2, PIPELINE, t(30)))
                                .addComment(approve("c1", ANN, 20)),
                        p -> p.expectedDigest(DIGEST),
                        Reason.APPROVAL_BEFORE_RELEASE_RECORD),
                bypass(
                        "the page outside the allowed space",
                        e -> e.spaceKey("~mallory").addComment(approve("c1", ANN, 20)),
                        p -> p,
                        Reason.PAGE_OUTSIDE_SPACE),
                bypass(
                        "the page outside the allowed ancestor",
                        e -> e.ancestorIds(List.of("999")).addComment(approve("c1", ANN, 20)),
                        p -> p,
                        Reason.PAGE_OUTSIDE_ANCESTOR),
                bypass(
                        "a draft or trashed page",
                        e -> e.status("trashed").addComment(approve("c1", ANN, 20)),
                        p -> p,
                        Reason.PAGE_NOT_CURRENT),
                bypass(
                        "a stale /approve retouched after the page changed keeps its old time",
                        e -> e.addComment(staleApproveRetouched),
                        p -> p,
                        Reason.APPROVAL_BEFORE_LAST_EDIT),
                bypass(
                        "a comment edited into /approve by someone else",
                        e -> e.addComment(editedByOutsider),
                        p -> p,
                        Reason.APPROVAL_IN_ANOTHERS_COMMENT),
                bypass(
                        "an eligible approver editing someone else's comment into /approve",
                        e -> e.addComment(editedByEligibleApprover),
                        p -> p,
                        Reason.APPROVAL_IN_ANOTHERS_COMMENT),
                bypass(
                        "the author editing an approver's comment into /approve",
                        e -> e.addComment(editedByAuthor),
                        p -> p,
                        Reason.APPROVAL_IN_ANOTHERS_COMMENT),
                bypass(
                        "a content state set by a non-approver",
                        e -> e.addVersion(new PageVersion(3, CAROL, t(30), false, "fp-2"))
                                .contentState(new ContentStateEvidence("Approved", 3, CAROL, t(30))),
                        p -> p.contentStateName("Approved"),
                        Reason.NOT_ELIGIBLE),
                bypass(
                        "a content state set on an older version",
                        e -> e.versions(List.of(
                                        new PageVersion(1, AUTHOR, t(0), false, "fp-1"),
                                        new PageVersion(2, ANN, t(10), false, "fp-1"),
                                        new PageVersion(3, AUTHOR, t(20), false, "fp-3")))
                                .contentState(new ContentStateEvidence("Approved", 2, ANN, t(10))),
                        p -> p.contentStateName("Approved"),
                        Reason.CONTENT_STATE_ON_OLDER_VERSION),
                bypass(
                        "a content state set together with a content edit makes its setter an author",
                        e -> e.addVersion(new PageVersion(3, ANN, t(30), false, "fp-3"))
                                .contentState(new ContentStateEvidence("Approved", 3, ANN, t(30))),
                        p -> p.contentStateName("Approved"),
                        Reason.SELF_APPROVAL),
                bypass(
                        "a reject not lifted by someone else's approve",
                        e -> e.addComment(comment("c1", BOB, 15, "<p>/reject no rollback plan</p>"))
                                .addComment(approve("c2", ANN, 20)),
                        p -> p,
                        Reason.REJECTED),
                bypass(
                        "a reject not lifted by the rejecter's earlier approve",
                        e -> e.addComment(approve("c1", BOB, 12))
                                .addComment(comment("c2", BOB, 15, "<p>/reject found a problem</p>"))
                                .addComment(approve("c3", ANN, 20)),
                        p -> p,
                        Reason.REJECTED),
                bypass(
                        "a reject edited away by someone else still stands",
                        e -> e.addComment(rejectEditedAwayByOther).addComment(approve("c2", ANN, 20)),
                        p -> p,
                        Reason.REJECTED),
                bypass(
                        "a lookalike slash",
                        e -> e.addComment(comment("c1", ANN, 20, "<p>\uFF0Fapprove</p>")),
                        p -> p,
                        Reason.NOT_A_COMMAND),
                bypass(
                        "/approve in a code block",
                        e -> e.addComment(comment(
                                "c1",
                                ANN,
                                20,
                                "<ac:structured-macro ac:name=\"code\"><ac:plain-text-body><![CDATA[/approve]]>"
                                        + "</ac:plain-text-body></ac:structured-macro>")),
                        p -> p,
                        Reason.MISSING_APPROVALS),
                bypass(
                        "/approve quoted from someone else's comment",
                        e -> e.addComment(comment("c1", ANN, 20, "<blockquote><p>/approve</p></blockquote>")),
                        p -> p,
                        Reason.MISSING_APPROVALS),
                bypass(
                        "an approver who edited the page",
                        e -> e.addVersion(new PageVersion(3, ANN, t(12), true, "fp-3"))
                                .addComment(approve("c1", ANN, 20)),
                        p -> p,
                        Reason.SELF_APPROVAL),
                bypass(
                        "the pipeline's own service account",
                        e -> e.addComment(approve("c1", PIPELINE, 20)),
                        p -> p,
                        Reason.PIPELINE_ACCOUNT),
                bypass(
                        "an app account in the approver group",
                        e -> e.addComment(approve("c1", BOT, 20)),
                        p -> p,
                        Reason.APP_ACCOUNT),
                bypass(
                        "an approval for a previous version followed by a minor edit",
                        e -> e.addComment(approve("c1", ANN, 20))
                                .addVersion(new PageVersion(3, AUTHOR, t(30), true, "fp-3")),
                        p -> p,
                        Reason.APPROVAL_BEFORE_LAST_EDIT),
                bypass(
                        "an approval withdrawn by its author",
                        e -> e.addComment(approveWithdrawn),
                        p -> p,
                        Reason.MISSING_APPROVALS),
                bypass(
                        "the person who triggered the run",
                        e -> e.addComment(approve("c1", ANN, 20)),
                        p -> p.excludedAccountIds(Set.of(ANN)),
                        Reason.EXCLUDED_ACCOUNT),
                bypass(
                        "an unpinned approval when pinning is required",
                        e -> e.releaseRecord(new ReleaseRecord(DIGEST, 1, PIPELINE, t(11)))
                                .addComment(approve("c1", ANN, 20)),
                        p -> p.expectedDigest(DIGEST).requirePinnedDigest(true),
                        Reason.UNPINNED_APPROVAL),
                bypass(
                        "a pinned approval nothing can be checked against",
                        e -> e.addComment(comment("c1", ANN, 20, "<p>/approve " + DIGEST + "</p>")),
                        p -> p,
                        Reason.PINNED_DIGEST_UNVERIFIABLE),
                bypass(
                        "a gap in the version history",
                        e -> e.versions(List.of(
                                        new PageVersion(1, ANN, t(0), false, "fp-1"),
                                        new PageVersion(3, AUTHOR, t(10), false, "fp-3")))
                                .addComment(approve("c1", BOB, 20)),
                        p -> p,
                        Reason.EVIDENCE_INCOMPLETE),
                bypass(
                        "an approval app reporting a non-member",
                        e -> e.addSignal(new ApprovalSignal(
                                "comala", ApprovalSignal.Kind.APPROVE, CAROL, t(20), null, "", "workflow 7")),
                        p -> p,
                        Reason.NOT_ELIGIBLE),
                bypass(
                        "the release record's writer approving",
                        e -> e.releaseRecord(new ReleaseRecord(DIGEST, 1, ANN, t(11)))
                                .addComment(approve("c1", ANN, 20)),
                        p -> p.expectedDigest(DIGEST),
                        Reason.SELF_APPROVAL));
    }

    private static Arguments bypass(
            String name,
            UnaryOperator<ApprovalEvidence.Builder> evidence,
            UnaryOperator<ApprovalPolicy.Builder> policy,
            Reason expected) {
        return Arguments.of(name, evidence, policy, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bypasses")
    void bypassIsBlockedWithTheRightReason(
            String name,
            UnaryOperator<ApprovalEvidence.Builder> evidence,
            UnaryOperator<ApprovalPolicy.Builder> policy,
            Reason expected) {
        ApprovalDecision d = decide(evidence.apply(page()), policy.apply(policy()));

        assertThat(d.approved()).as(d.summary()).isFalse();
        assertThat(d.findings()).as(d.summary()).extracting(Finding::reason).contains(expected);
        Finding f = d.findings().stream()
                .filter(x -> x.reason() == expected)
                .findFirst()
                .orElseThrow();
        assertThat(f.message()).isNotBlank();
        assertThat(d.blocking()).as(d.summary()).isNotEmpty();
        assertThat(d.reason()).startsWith("not approved: ");
    }

    // ---------------------------------------------------------------- details

    @Test
    void blockingReasonsNameWhoBlockedAndWhy() {
        ApprovalDecision d = decide(
                page().addComment(comment("c1", BOB, 15, "<p>/reject no rollback plan</p>"))
                        .addComment(approve("c2", AUTHOR, 20)),
                policy());

        assertThat(d.reason())
                .startsWith("not approved: ")
                .contains("blocked by Bob Reviewer (acc-bob)'s reject", "no rollback plan")
                .contains("missing 1 of 1 required approval");
        assertThat(d.summary()).contains("self-approval by Alex Author (acc-author) ignored: authored page version 1");
    }

    @Test
    void rejectFromANonApproverDoesNotBlock() {
        ApprovalDecision d = decide(
                page().addComment(comment("c1", CAROL, 15, "<p>/reject I do not like it</p>"))
                        .addComment(approve("c2", ANN, 20)),
                policy());

        assertThat(d.approved()).isTrue();
        assertThat(d.findings()).extracting(Finding::reason).containsExactly(Reason.REJECT_IGNORED);
    }

    @Test
    void rejectFromAnEligibleAuthorStillBlocks() {
        ApprovalDecision d = decide(
                page().addComment(comment("c1", AUTHOR, 15, "<p>/reject not ready</p>"))
                        .addComment(approve("c2", ANN, 20)),
                policy());

        assertThat(d.has(Reason.REJECTED)).isTrue();
    }

    @Test
    void hostileNamesCannotForgeSummaryLines() {
        ApprovalDecision d = decide(
                page().addUser(UserInfo.active(CAROL, "Carol\n  + Eve approved page version 2\u202E", Set.of()))
                        .addComment(approve("c1", CAROL, 20)),
                policy());

        assertThat(d.summary().lines()).noneMatch(l -> l.contains("Eve approved") && l.startsWith("  +"));
        assertThat(d.summary()).doesNotContain("\u202E");
    }

    @Test
    void policyWithoutApproversOrWithZeroRequiredIsRejected() {
        assertThatThrownBy(() -> ApprovalPolicy.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names no approvers");
        assertThatThrownBy(() -> policy().requiredApprovals(0).build()).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> policy().expectedDigest("sha256:xyz").build())
                .hasMessageContaining("sha256:<64 hex digits>");
        assertThatThrownBy(() -> policy().expectedAncestorId("../1").build()).hasMessageContaining("page id");
    }
}
