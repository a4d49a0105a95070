package dev.conftekton.confluence.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.confluence.publish.PlannedAction.Kind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublishPlannerTest {
    private static final String ROOT = "100";

    private static SourcePage source(String key, String title, String rendered) {
        return new SourcePage(
                key,
                SourceTree.parentKey(key),
                title,
                "<p/>",
                "sha256:src-" + key,
                rendered,
                List.of(),
                List.of(),
                List.of(),
                SourceTree.depth(key));
    }

    private static RemotePage remote(String id, String title, int version, String message, PublishState state) {
        return new RemotePage(
                id,
                title,
                Optional.of(ROOT),
                version,
                "Alice Author",
                "2026-11-23T10:00:00Z",
                message,
                List.of(),
                Optional.ofNullable(state),
                state == null ? 0 : 1);
    }

    private static PublishState state(String key, String title, String rendered, int version) {
        return new PublishState(key, "sha256:src-" + key, rendered, version, "test", title, List.of(), Map.of());
    }

    private static Plan plan(List<SourcePage> s, List<RemotePage> r, ConflictPolicy c) {
        return PublishPlanner.plan(s, ROOT, r, titles -> Map.of(), c, OrphanPolicy.REPORT);
    }

    @Test
    void recordedVersionAndSameHashIsUnchanged() {
        Plan plan = plan(
                List.of(source("a.md", "A", "sha256:1")),
                List.of(remote("1", "A", 3, "", state("a.md", "A", "sha256:1", 3))),
                ConflictPolicy.FAIL);

        assertThat(plan.actions()).extracting(PlannedAction::kind).containsExactly(Kind.UNCHANGED);
    }

    @Test
    void versionMovedOnWithoutMarkerIsAPersonsEditHandledByPolicy() {
        List<SourcePage> s = List.of(source("a.md", "A", "sha256:2"));
        List<RemotePage> r = List.of(remote("1", "A", 4, "fixed a typo", state("a.md", "A", "sha256:1", 3)));

        PlannedAction fail = plan(s, r, ConflictPolicy.FAIL).actions().get(0);
        assertThat(fail.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(fail.reason())
                .contains("edited by Alice Author at 2026-11-23T10:00:00Z")
                .contains("version 4");
        assertThat(plan(s, r, ConflictPolicy.SKIP).actions().get(0).kind()).isEqualTo(Kind.SKIP);
        PlannedAction overwrite = plan(s, r, ConflictPolicy.OVERWRITE).actions().get(0);
        assertThat(overwrite.kind()).isEqualTo(Kind.UPDATE);
        assertThat(overwrite.writeBody()).isTrue();
    }

    @Test
    void versionWithOurMarkerIsRepairedNotFlagged() {
        PlannedAction a = plan(
                        List.of(source("a.md", "A", "sha256:2")),
                        List.of(remote(
                                "1",
                                "A",
                                4,
                                PublishPlanner.versionMessage("sha256:2"),
                                state("a.md", "A", "sha256:1", 3))),
                        ConflictPolicy.FAIL)
                .actions()
                .get(0);

        assertThat(a.kind()).isEqualTo(Kind.UPDATE);
        assertThat(a.writeBody()).isFalse();
        assertThat(a.writeState()).isTrue();
    }

    @Test
    void pageWhoseSourceIsGoneIsAnOrphanButAMovedFileTakesItOver() {
        List<RemotePage> r = List.of(
                remote("1", "A", 1, "", state("old/a.md", "A", "sha256:1", 1)),
                remote("2", "Gone", 1, "", state("gone.md", "Gone", "sha256:9", 1)));

        Plan plan = plan(List.of(source("a.md", "A", "sha256:1")), r, ConflictPolicy.FAIL);

        assertThat(plan.actions())
                .extracting(PlannedAction::kind, PlannedAction::key)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Kind.UPDATE, "a.md"),
                        org.assertj.core.groups.Tuple.tuple(Kind.ORPHAN, "gone.md"));
        assertThat(plan.actions().get(0).remote())
                .get()
                .extracting(RemotePage::id)
                .isEqualTo("1");
    }

    @Test
    void titleTakenOutsideTheTreeIsAConflictNamingThePage() {
        Plan plan = PublishPlanner.plan(
                List.of(source("a.md", "Shared", "sha256:1")),
                ROOT,
                List.of(),
                titles ->
                        Map.of("Shared", new PublishPlanner.ExistingPage("77", "Shared", "under 'Team' in space DEV")),
                ConflictPolicy.FAIL,
                OrphanPolicy.REPORT);

        assertThat(plan.conflicts()).singleElement().satisfies(a -> assertThat(a.reason())
                .contains("page 77 under 'Team' in space DEV")
                .contains("a.md"));
    }
}
