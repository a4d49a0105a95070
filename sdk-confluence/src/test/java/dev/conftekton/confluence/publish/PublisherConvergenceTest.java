package dev.conftekton.confluence.publish;

import static dev.conftekton.confluence.publish.EmulatorFixture.write;
import static dev.conftekton.confluence.publish.EmulatorFixture.writeBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import dev.conftekton.testkit.confluence.ConfluenceEmulatorExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed after any number of writes, then run again, ends in the same state as an
 * uninterrupted run: every page at its new body, publish records current, no page flagged as a
 * person's edit, and a third run finds nothing to do.
 */
@ExtendWith(ConfluenceEmulatorExtension.class)
class PublisherConvergenceTest {

    private static void version1(Path dir) throws IOException {
        write(dir, "a.md", "# A\n\nfirst ![i](i.png)\n");
        write(dir, "d/index.md", "---\ntitle: D\nlabels: [one]\n---\nDir\n");
        write(dir, "d/b.md", "# B\n\nfirst\n");
        write(dir, "d/c.md", "# C\n\nfirst\n");
        writeBytes(dir, "i.png", new byte[] {1});
    }

    private static void version2(Path dir) throws IOException {
        write(dir, "a.md", "# A\n\nsecond ![i](i.png)\n");
        write(dir, "d/index.md", "---\ntitle: D\nlabels: [two]\n---\nDir v2\n");
        write(dir, "d/b.md", "# B2\n\nsecond\n");
        writeBytes(dir, "i.png", new byte[] {2});
    }

    @Test
    void runKilledAfterAnyWriteConvergesOnRerun(ConfluenceEmulator emulator, @TempDir Path tmp) throws IOException {
        EmulatorFixture fx = new EmulatorFixture(emulator);
        for (int budget = 0; budget <= 14; budget++) {
            Path dir = tmp.resolve("run" + budget);
            PublishTarget.Root root = fx.newRoot();
            version1(dir);
            killedThenRerun(fx, dir, root, budget, 4);
            version2(dir);
            killedThenRerun(fx, dir, root, budget, 4);

            Map<String, RemotePage> pages = fx.pagesByTitle(root.id());
            assertThat(pages).containsOnlyKeys("A", "D", "B2", "C");
            assertThat(fx.body(pages.get("A").id())).contains("second");
            assertThat(fx.body(pages.get("B2").id())).contains("second");
            assertThat(pages.get("D").labels()).containsExactly("two");
            for (RemotePage p : pages.values()) {
                assertThat(p.state()).as("budget %d, %s", budget, p.title()).isPresent();
                assertThat(p.state().get().pageVersion())
                        .as("budget %d, %s", budget, p.title())
                        .isEqualTo(p.version());
            }
        }
    }

    private static void killedThenRerun(EmulatorFixture fx, Path dir, PublishTarget.Root root, int budget, int pages) {
        try {
            fx.publish(dir, root, new KillingTarget(fx.target, budget), ConflictPolicy.FAIL, OrphanPolicy.REPORT);
        } catch (KillingTarget.Killed expected) {
            // the process "died" part-way
        }
        PublishResult rerun = fx.publish(dir, root);
        assertThat(rerun.failures()).as("budget %d", budget).isEmpty();
        PublishResult third = fx.publish(dir, root);
        assertThat(third.unchanged()).as("budget %d: third run", budget).isEqualTo(pages);
    }

    @Test
    void stateWrittenBeforeACrashIsRepairedWithoutRewritingTheBody(ConfluenceEmulator emulator, @TempDir Path dir)
            throws IOException {
        EmulatorFixture fx = new EmulatorFixture(emulator);
        PublishTarget.Root root = fx.newRoot();
        write(dir, "a.md", "# A\n\nfirst\n");
        fx.publish(dir, root);
        write(dir, "a.md", "# A\n\nsecond\n");
        // budget 1: the body update goes through, the property write "dies"
        assertThatThrownBy(() -> fx.publish(
                        dir, root, new KillingTarget(fx.target, 1), ConflictPolicy.FAIL, OrphanPolicy.REPORT))
                .isInstanceOf(KillingTarget.Killed.class);
        RemotePage half = fx.pagesByTitle(root.id()).get("A");
        assertThat(half.version()).isEqualTo(2);
        assertThat(half.state().get().pageVersion()).isEqualTo(1);

        Publisher p = fx.publisher(fx.target, ConflictPolicy.FAIL, OrphanPolicy.REPORT);
        Plan plan = p.plan(EmulatorFixture.tree(dir, root), root);

        assertThat(plan.actions()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(PlannedAction.Kind.UPDATE);
            assertThat(a.writeBody()).isFalse();
            assertThat(a.writeState()).isTrue();
            assertThat(a.reason()).contains("repairs the publish record");
        });
        p.execute(plan, root, PublishProgress.NONE);
        RemotePage repaired = fx.pagesByTitle(root.id()).get("A");
        assertThat(repaired.version()).isEqualTo(2);
        assertThat(repaired.state().get().pageVersion()).isEqualTo(2);
    }
}
