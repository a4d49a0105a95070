package dev.conftekton.confluence.approval;

import dev.conftekton.confluence.approval.ApprovalEvidence.CommentVersion;
import dev.conftekton.confluence.approval.ApprovalEvidence.FooterComment;
import dev.conftekton.confluence.approval.ApprovalEvidence.PageVersion;
import dev.conftekton.confluence.approval.ApprovalEvidence.UserInfo;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** A small world for approval tests: one page, a few people, times in minutes after T0. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    static final String AUTHOR = "acc-author";
    static final String ANN = "acc-ann";
    static final String BOB = "acc-bob";
    static final String CAROL = "acc-carol";
    static final String DAVE = "acc-dave";
    static final String PIPELINE = "acc-pipeline";
    static final String BOT = "acc-bot";
    static final String GHOST = "acc-ghost";
    static final String MANAGERS = "release-managers";
    static final String DIGEST = "sha256:" + "a".repeat(64);
    static final String OTHER_DIGEST = "sha256:" + "b".repeat(64);

    private Fixtures() {}

    static Instant t(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    /** Page 123 in OPS under 100/110, v1 and v2 by the author at t0 and t10, no comments yet. */
    static ApprovalEvidence.Builder page() {
        return ApprovalEvidence.builder()
                .pageId("123")
                .title("Release 1.4")
                .spaceKey("OPS")
                .ancestorIds(List.of("100", "110"))
                .addVersion(new PageVersion(1, AUTHOR, t(0), false, "fp-1"))
                .addVersion(new PageVersion(2, AUTHOR, t(10), false, "fp-2"))
                .addUser(UserInfo.active(AUTHOR, "Alex Author", Set.of(MANAGERS, "developers")))
                .addUser(UserInfo.active(ANN, "Ann Approver", Set.of(MANAGERS)))
                .addUser(UserInfo.active(BOB, "Bob Reviewer", Set.of(MANAGERS, "developers")))
                .addUser(UserInfo.active(CAROL, "Carol Outsider", Set.of("developers")))
                .addUser(new UserInfo(DAVE, "Dave Departed", false, false, Set.of(MANAGERS), Set.of()))
                .addUser(new UserInfo(PIPELINE, "CI pipeline", true, false, Set.of(MANAGERS), Set.of()))
                .addUser(new UserInfo(BOT, "Helpful Bot", true, true, Set.of(MANAGERS), Set.of()))
                .pipelineAccountId(PIPELINE)
                .collectedAt(t(1000));
    }

    static ApprovalPolicy.Builder policy() {
        return ApprovalPolicy.builder()
                .approverGroups(Set.of(MANAGERS))
                .expectedSpaceKey("OPS")
                .expectedAncestorId("100");
    }

    static FooterComment comment(String id, String author, int minute, String body) {
        return FooterComment.of(id, new CommentVersion(1, author, t(minute), body));
    }

    static CommentVersion version(int n, String author, int minute, String body) {
        return new CommentVersion(n, author, t(minute), body);
    }

    static FooterComment approve(String id, String author, int minute) {
        return comment(id, author, minute, "<p>/approve</p>");
    }
}
