package dev.conftekton.confluence.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import dev.conftekton.testkit.confluence.ConfluenceEmulatorExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ConfluenceEmulatorExtension.class)
class BuildRecordsTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void unknownPlaceholderIsAClearErrorListingItAndTheKnownOnes() {
        assertThatThrownBy(() -> BuildRecords.fill(
                        "# Run {{pipeline_run}} {{comit}}", Map.of("pipeline_run", "r1", "commit", "c")))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("[comit]")
                .hasMessageContaining("known: [commit, pipeline_run]");
    }

    @Test
    void valuesAreInsertedAsTextNotMarkup() {
        String filled = BuildRecords.fill("Status: {{status}}", Map.of("status", "ok\n# not a heading *x* <b>"));

        assertThat(filled).isEqualTo("Status: ok # not a heading \\*x\\* \\<b\\>");
    }

    @Test
    @SuppressWarnings("unchecked")
    void recordPageIsCreatedThenUpdatedAndCarriesTheDigest(ConfluenceEmulator emulator) {
        EmulatorFixture fx = new EmulatorFixture(emulator);
        PublishTarget.Root root = fx.newRoot();
        BuildRecords records = BuildRecords.create(fx.robot, d -> {});
        String template = "# Release {{version}}\n\nImage `{{digest}}` built by {{pipeline_run}}: **{{status}}**\n";

        BuildRecords.RecordResult first = records.writePage(
                "DEV",
                root.id(),
                BuildRecords.fill(
                        template,
                        Map.of("version", "1.4.0", "digest", DIGEST, "pipeline_run", "build-7", "status", "Succeeded")),
                Optional.of(DIGEST));
        BuildRecords.RecordResult second = records.writePage(
                "DEV",
                root.id(),
                BuildRecords.fill(
                        template,
                        Map.of("version", "1.4.0", "digest", DIGEST, "pipeline_run", "build-8", "status", "Failed")),
                Optional.of(DIGEST));

        assertThat(second.pageId()).isEqualTo(first.pageId());
        assertThat(second.version()).isEqualTo(2);
        assertThat(fx.body(first.pageId())).contains("build-8").contains(DIGEST);
        Map<String, Object> prop = fx.robot.executeJson(
                HttpRequest.get("rest/api/content/" + first.pageId() + "/property/" + BuildRecords.RELEASE_PROPERTY),
                Map.class);
        assertThat((Map<String, Object>) prop.get("value")).containsEntry("digest", DIGEST);
    }

    @Test
    void writingTheSameRecordAgainMakesNoNewVersion(ConfluenceEmulator emulator) {
        EmulatorFixture fx = new EmulatorFixture(emulator);
        PublishTarget.Root root = fx.newRoot();
        BuildRecords records = BuildRecords.create(fx.robot, d -> {});
        String markdown = "# Same record " + root.id() + "\n\nStatus: Succeeded\n";

        BuildRecords.RecordResult first = records.writePage("DEV", root.id(), markdown, Optional.empty());
        BuildRecords.RecordResult again = records.writePage("DEV", root.id(), markdown, Optional.empty());
        BuildRecords.RecordResult changed =
                records.writePage("DEV", root.id(), markdown + "\nMore.\n", Optional.empty());

        assertThat(again.pageId()).isEqualTo(first.pageId());
        assertThat(again.version()).isEqualTo(1);
        assertThat(changed.version()).isEqualTo(2);
    }

    @Test
    void badDigestIsRefusedBeforeAnyWrite(ConfluenceEmulator emulator) {
        EmulatorFixture fx = new EmulatorFixture(emulator);
        BuildRecords records = BuildRecords.create(fx.robot, d -> {});

        assertThatThrownBy(() -> records.writePage("DEV", "1", "# T\n", Optional.of("sha256:xyz")))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("64 lower-case hex");
    }

    @Test
    void eightConcurrentAppendsKeepAllEightRows(ConfluenceEmulator emulator) throws Exception {
        EmulatorFixture fx = new EmulatorFixture(emulator);
        String logId = emulator.createPage(
                "robot@example.com", "DEV", "Build log " + System.nanoTime(), "<p>Builds</p>", null);
        BuildRecords records = BuildRecords.create(fx.robot, d -> Thread.sleep(d.toMillis() / 10));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<BuildRecords.RecordResult>> futures = new ArrayList<>();
        try {
            for (int i = 1; i <= 8; i++) {
                String run = "build-" + i;
                Callable<BuildRecords.RecordResult> append =
                        () -> records.appendRow(logId, List.of("Run", "Status"), List.of(run, "Succeeded"));
                futures.add(pool.submit(append));
            }
            int conflicts = 0;
            for (Future<BuildRecords.RecordResult> f : futures) {
                conflicts += f.get().attempts() - 1;
            }
            String body = fx.body(logId);
            for (int i = 1; i <= 8; i++) {
                assertThat(body).contains("<td>build-" + i + "</td>");
            }
            assertThat(body.split("<tr>", -1)).hasSize(1 + 1 + 8); // header + 8 rows
            assertThat(body).containsOnlyOnce("<table>");
            assertThat(conflicts).as("appends really raced").isPositive();
        } finally {
            pool.shutdownNow();
        }
    }
}
