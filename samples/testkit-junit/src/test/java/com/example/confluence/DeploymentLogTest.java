package com.example.confluence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conftekton.confluence.ConfluenceClient;
import dev.conftekton.confluence.Flavour;
import dev.conftekton.confluence.model.Page;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.error.UnauthorizedException;
import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import dev.conftekton.testkit.confluence.ConfluenceEmulatorExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tests {@link DeploymentLog} against sdk-testkit's Confluence emulator: a real HTTP server on
 * loopback that behaves like Confluence Cloud (versions, 409 conflicts, permissions), one fresh
 * emulator per test, seeded with example users and the spaces DEV and OPS.
 */
@ExtendWith(ConfluenceEmulatorExtension.class)
class DeploymentLogTest {

    /** A client the way production code builds one, pointed at the emulator. */
    private static ConfluenceClient client(ConfluenceEmulator emulator, String email, String apiToken) {
        return ConfluenceClient.newBuilder()
                .siteUrl(emulator.cloudUrl())
                .flavour(Flavour.CLOUD) // the emulator runs on 127.0.0.1, not *.atlassian.net
                .basicAuth(email, Secret.of(apiToken))
                // several pipelines append to one page at once: allow more read-modify-write rounds
                .maxConflictAttempts(50)
                .build();
    }

    @Test
    void firstDeploymentCreatesThePageAndLaterOnesAppend(ConfluenceEmulator emulator) {
        ConfluenceClient confluence = client(emulator, "robot@example.com", "robot-api-token");
        DeploymentLog log = new DeploymentLog(confluence);

        log.record("DEV", "1.4.0 to staging");
        Page page = log.record("DEV", "1.4.0 to production");

        assertThat(page.title()).isEqualTo("Deployments");
        assertThat(page.version().number()).isEqualTo(3);
        Page stored = confluence.pages().get(page.id());
        assertThat(stored.body()).contains("<p>1.4.0 to staging</p><p>1.4.0 to production</p>");
    }

    @Test
    void concurrentDeploymentsLoseNoLine(ConfluenceEmulator emulator) throws Exception {
        ConfluenceClient confluence = client(emulator, "robot@example.com", "robot-api-token");
        DeploymentLog log = new DeploymentLog(confluence);
        String pageId = log.record("DEV", "first").id();
        ExecutorService pipelines = Executors.newFixedThreadPool(4);
        List<Future<Page>> writes = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                String line = "service-" + i + " deployed";
                writes.add(pipelines.submit(() -> log.record("DEV", line)));
            }
            for (Future<Page> w : writes) {
                w.get();
            }
        } finally {
            pipelines.shutdownNow();
        }

        String body = confluence.pages().get(pageId).body();
        for (int i = 0; i < 8; i++) {
            assertThat(body).contains("service-" + i + " deployed");
        }
        assertThat(confluence.pages().get(pageId).version().number()).isEqualTo(10);
    }

    @Test
    void linesAreTextNotMarkup(ConfluenceEmulator emulator) {
        ConfluenceClient confluence = client(emulator, "robot@example.com", "robot-api-token");

        Page page = new DeploymentLog(confluence).record("DEV", "<script>alert(1)</script> & more");

        assertThat(confluence.pages().get(page.id()).body())
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more")
                .doesNotContain("<script>");
    }

    @Test
    void wrongCredentialsFailWithTheSdksUnauthorizedException(ConfluenceEmulator emulator) {
        ConfluenceClient intruder = client(emulator, "robot@example.com", "not-the-token");

        assertThatThrownBy(() -> new DeploymentLog(intruder).record("DEV", "x"))
                .isInstanceOf(UnauthorizedException.class);
    }
}
