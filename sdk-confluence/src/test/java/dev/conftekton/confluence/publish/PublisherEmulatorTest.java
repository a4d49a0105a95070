package dev.conftekton.confluence.publish;

import static dev.conftekton.confluence.publish.EmulatorFixture.write;
import static dev.conftekton.confluence.publish.EmulatorFixture.writeBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conftekton.confluence.publish.PlannedAction.Kind;
import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import dev.conftekton.testkit.confluence.ConfluenceEmulatorExtension;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ConfluenceEmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublisherEmulatorTest {
    private EmulatorFixture fx;

    @BeforeAll
    void start(ConfluenceEmulator emulator) {
        fx = new EmulatorFixture(emulator);
    }

    private static void sampleTree(Path dir) throws IOException {
        write(dir, "intro.md", "# Introduction\n\nSee [setup](ops/setup.md).\n\n![diagram](img/d.png)\n");
        write(dir, "ops/index.md", "---\ntitle: Operations\nlabels: [ops]\n---\nThe ops section.\n");
        write(dir, "ops/setup.md", "# Setup\n\nInstall it.\n");
        write(dir, "ops/deep/runbook.md", "# Runbook\n\n- [ ] page someone\n");
        writeBytes(dir, "img/d.png", new byte[] {1, 2, 3});
    }

    @Test
    void firstPublishCreatesTheTreeParentsFirstWithLinksLabelsAndAttachments(@TempDir Path dir) throws IOException {
        sampleTree(dir);
        PublishTarget.Root root = fx.newRoot();

        PublishResult result = fx.publish(dir, root);

        assertThat(result.failures()).isEmpty();
        assertThat(result.created()).isEqualTo(5); // intro, ops, ops/setup, ops/deep, ops/deep/runbook
        Map<String, RemotePage> pages = fx.pagesByTitle(root.id());
        assertThat(pages).containsOnlyKeys("Introduction", "Operations", "Setup", "deep", "Runbook");
        assertThat(pages.get("Setup").parentId())
                .contains(pages.get("Operations").id());
        assertThat(pages.get("Runbook").parentId()).contains(pages.get("deep").id());
        assertThat(pages.get("Operations").labels()).containsExactly("ops");
        assertThat(pages.get("Setup").state())
                .get()
                .extracting(PublishState::sourcePath)
                .isEqualTo("ops/setup.md");
        assertThat(pages.get("Setup").state().get().pageVersion())
                .isEqualTo(pages.get("Setup").version());
        assertThat(fx.body(pages.get("Introduction").id()))
                .contains("Setup\"/>")
                .contains("<ri:attachment ri:filename=\"d.png\"/>");
        assertThat(fx.attachments(pages.get("Introduction").id()))
                .extracting(a -> a.get("title"))
                .containsExactly("d.png");
    }

    @Test
    void unchangedRepublishWritesNothingAndReadsTheTreeInBulk(@TempDir Path dir) throws IOException {
        sampleTree(dir);
        PublishTarget.Root root = fx.newRoot();
        fx.publish(dir, root);
        fx.emulator.requestLog().reset();

        PublishResult result = fx.publish(dir, root);

        assertThat(result.unchanged()).isEqualTo(5);
        assertThat(result.created() + result.updated()).isZero();
        assertThat(fx.emulator.requestLog().total()).isEqualTo(1); // one content/search for five pages
        assertThat(fx.emulator.requestLog().counts()).containsOnlyKeys("GET /wiki/rest/api/content/search");
    }

    @Test
    void changedFileUpdatesOnlyThatPageWithTwoWrites(@TempDir Path dir) throws IOException {
        sampleTree(dir);
        PublishTarget.Root root = fx.newRoot();
        fx.publish(dir, root);
        write(dir, "ops/setup.md", "# Setup\n\nInstall it, then configure it.\n");
        fx.emulator.requestLog().reset();

        PublishResult result = fx.publish(dir, root);

        assertThat(result.updated()).isEqualTo(1);
        assertThat(result.unchanged()).isEqualTo(4);
        assertThat(fx.emulator.requestLog().total()).isEqualTo(3); // search + page PUT + property PUT
        RemotePage setup = fx.pagesByTitle(root.id()).get("Setup");
        assertThat(fx.body(setup.id())).contains("then configure it");
        assertThat(setup.version()).isEqualTo(2);
        assertThat(setup.state().get().pageVersion()).isEqualTo(2);
    }

    @Test
    void renamedTitleAndMovedFileKeepTheirPages(@TempDir Path dir) throws IOException {
        sampleTree(dir);
        PublishTarget.Root root = fx.newRoot();
        fx.publish(dir, root);
        Map<String, RemotePage> before = fx.pagesByTitle(root.id());
        write(dir, "ops/setup.md", "# Installation\n\nInstall it.\n"); // renamed
        Files.move(dir.resolve("ops/deep/runbook.md"), dir.resolve("runbook.md")); // moved (deep/ disappears)

        PublishResult result = fx.publish(dir, root);

        assertThat(result.failures()).isEmpty();
        Map<String, RemotePage> after = fx.pagesByTitle(root.id());
        assertThat(after.get("Installation").id()).isEqualTo(before.get("Setup").id());
        assertThat(after.get("Runbook").id()).isEqualTo(before.get("Runbook").id());
        assertThat(after.get("Runbook").parentId()).contains(root.id());
        assertThat(after.get("Runbook").state().get().sourcePath()).isEqualTo("runbook.md");
        assertThat(result.orphans()).isEqualTo(1); // the 'deep' directory page, reported and kept
        assertThat(after).containsKey("deep");
    }

    @Test
    void orphansAreReportedByDefaultAndDeletedOnRequest(@TempDir Path dir) throws IOException {
        sampleTree(dir);
        PublishTarget.Root root = fx.newRoot();
        fx.publish(dir, root);
        Files.delete(dir.resolve("ops/setup.md"));
        Publisher reporting = fx.publisher(fx.target, ConflictPolicy.FAIL, OrphanPolicy.REPORT);
        Plan plan = reporting.plan(EmulatorFixture.tree(dir, root), root);
        assertThat(plan.actions())
                .filteredOn(a -> a.kind() == Kind.ORPHAN)
                .singleElement()
                .satisfies(a -> assertThat(a.reason()).contains("ops/setup.md no longer exists"));

        PublishResult result = fx.publish(dir, root, fx.target, ConflictPolicy.FAIL, OrphanPolicy.DELETE);

        assertThat(result.orphans()).isEqualTo(1);
        assertThat(fx.pagesByTitle(root.id())).doesNotContainKey("Setup");
    }

    @Test
    void writtenReportsEveryWriteAndEveryFailureWithItsReason(@TempDir Path dir) throws IOException {
        sampleTree(dir);
        PublishTarget.Root root = fx.newRoot();
        // Creating the Operations page fails: its children are then not written either.
        PublishTarget failing = (PublishTarget) Proxy.newProxyInstance(
                PublishTarget.class.getClassLoader(), new Class<?>[] {PublishTarget.class}, (proxy, method, args) -> {
                    if (method.getName().equals("createPage") && ((String) args[2]).endsWith("Operations")) {
                        throw new PublishException("Confluence said no");
                    }
                    try {
                        return method.invoke(fx.target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Map<String, String> outcomes = new ConcurrentHashMap<>();
        PublishProgress progress = new PublishProgress() {
            @Override
            public void pageDone(int done, int total, long elapsedNanos) {}

            @Override
            public void written(PlannedAction action, String pageId, String failure) {
                outcomes.put(action.key(), failure == null ? "ok " + pageId : "failed " + pageId + ": " + failure);
            }
        };
        Publisher p = fx.publisher(failing, ConflictPolicy.FAIL, OrphanPolicy.REPORT);

        PublishResult result = p.execute(p.plan(EmulatorFixture.tree(dir, root), root), root, progress);

        assertThat(result.failures()).isNotEmpty();
        String introId = result.pageIds().get("intro.md");
        assertThat(outcomes)
                .containsEntry("intro.md", "ok " + introId)
                .containsEntry("ops/", "failed null: Confluence said no")
                .containsEntry("ops/setup.md", "failed null: not written because its parent page ops/ failed")
                .containsEntry(
                        "ops/deep/runbook.md", "failed null: not written because its parent page ops/deep/ failed")
                .hasSize(result.created() + result.failures().size());
    }

    @Test
    void pageEditedByAPersonFailsByDefaultNamingPageEditorAndTime(@TempDir Path dir) throws IOException {
        sampleTree(dir);
        PublishTarget.Root root = fx.newRoot();
        fx.publish(dir, root);
        String setupId = fx.pagesByTitle(root.id()).get("Setup").id();
        fx.aliceEdits(setupId, "<p>Alice's fix</p>");
        write(dir, "ops/setup.md", "# Setup\n\nNew text.\n");
        fx.emulator.requestLog().reset();

        assertThatThrownBy(() -> fx.publish(dir, root))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("Setup")
                .hasMessageContaining(setupId)
                .hasMessageContaining("Alice Author")
                .hasMessageContaining("version 2");
        assertThat(fx.emulator.requestLog().counts().keySet()).allMatch(k -> k.startsWith("GET "));
        assertThat(fx.body(setupId)).contains("Alice's fix");

        PublishResult skipped = fx.publish(dir, root, fx.target, ConflictPolicy.SKIP, OrphanPolicy.REPORT);
        assertThat(skipped.skipped()).isEqualTo(1);
        assertThat(fx.body(setupId)).contains("Alice's fix");

        PublishResult overwritten = fx.publish(dir, root, fx.target, ConflictPolicy.OVERWRITE, OrphanPolicy.REPORT);
        assertThat(overwritten.updated()).isEqualTo(1);
        assertThat(fx.body(setupId)).contains("New text.");
        assertThat(fx.publish(dir, root).unchanged()).isEqualTo(5);
    }

    @Test
    void attachmentIsUploadedOnlyWhenItsContentChanged(@TempDir Path dir) throws IOException {
        sampleTree(dir);
        PublishTarget.Root root = fx.newRoot();
        fx.publish(dir, root);
        String introId = fx.pagesByTitle(root.id()).get("Introduction").id();
        fx.emulator.requestLog().reset();
        fx.publish(dir, root);
        assertThat(fx.emulator.requestLog().count("PUT /wiki/rest/api/content/{id}/child/attachment"))
                .isZero();

        writeBytes(dir, "img/d.png", new byte[] {9, 9, 9, 9});
        PublishResult result = fx.publish(dir, root);

        assertThat(result.updated()).isEqualTo(1);
        assertThat(fx.emulator.requestLog().count("PUT /wiki/rest/api/content/{id}/child/attachment"))
                .isEqualTo(1);
        assertThat(fx.emulator.requestLog().count("PUT /wiki/rest/api/content/{id}"))
                .isZero(); // body unchanged
        List<Map<String, Object>> atts = fx.attachments(introId);
        assertThat(atts).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> version = (Map<String, Object>) atts.get(0).get("version");
        assertThat(((Number) version.get("number")).intValue()).isEqualTo(2);
    }

    @Test
    void dryRunPlansButWritesNothing(@TempDir Path dir) throws IOException {
        sampleTree(dir);
        PublishTarget.Root root = fx.newRoot();
        fx.emulator.requestLog().reset();
        Publisher p = fx.publisher(fx.target, ConflictPolicy.FAIL, OrphanPolicy.REPORT);

        Plan plan = p.plan(EmulatorFixture.tree(dir, root), root);
        PublishResult result = p.dryRun(plan, root);

        assertThat(plan.describe()).contains("create").contains("ops/setup.md").contains("plan: create=5");
        assertThat(result.dryRun()).isTrue();
        assertThat(result.created()).isEqualTo(5);
        assertThat(fx.emulator.requestLog().counts().keySet()).allMatch(k -> k.startsWith("GET "));
        assertThat(fx.pagesByTitle(root.id())).isEmpty();
    }

    @Test
    void titleUsedElsewhereInTheSpaceIsAClearErrorNamingBothPages(@TempDir Path dir) throws IOException {
        write(dir, "a.md", "# Release procedure\n\nClash with the seeded page.\n");
        PublishTarget.Root root = fx.newRoot();

        Publisher publisher = fx.publisher(fx.target, ConflictPolicy.FAIL, OrphanPolicy.REPORT);

        assertThatThrownBy(() ->
                        publisher.execute(publisher.plan(SourceTree.read(dir, ""), root), root, PublishProgress.NONE))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("a.md")
                .hasMessageContaining("'Release procedure' is already used by page")
                .hasMessageContaining("title prefix");
        assertThat(fx.pagesByTitle(root.id())).isEmpty();
    }
}
