package dev.conftekton.confluence.publish;

import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.auth.TokenSource;
import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.RequestBody;
import dev.conftekton.core.http.RestClient;
import dev.conftekton.core.retry.RetryPolicy;
import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** An emulator plus clients for the publishing robot and for a person (Alice). */
final class EmulatorFixture {
    private static final AtomicInteger ROOTS = new AtomicInteger();

    final ConfluenceEmulator emulator;
    final RestClient robot;
    final RestClient alice;
    final ConfluencePublishTarget target;

    EmulatorFixture(ConfluenceEmulator emulator) {
        this.emulator = emulator;
        this.robot = client(emulator, "robot@example.com", "robot-api-token");
        this.alice = client(emulator, "alice@example.com", "alice-api-token");
        this.target = new ConfluencePublishTarget(robot);
    }

    static RestClient client(ConfluenceEmulator emulator, String email, String token) {
        return RestClient.builder()
                .baseUrl(emulator.cloudUrl())
                .tokenSource(TokenSource.of(AccessToken.basic(email, Secret.of(token))))
                .retryPolicy(RetryPolicy.none())
                .build();
    }

    /** A fresh root page in space DEV. */
    PublishTarget.Root newRoot() {
        String title = "Docs root " + ROOTS.incrementAndGet();
        String id = emulator.createPage("robot@example.com", "DEV", title, "<p>root</p>", null);
        return new PublishTarget.Root(id, title, "DEV");
    }

    Publisher publisher(PublishTarget target, ConflictPolicy conflicts, OrphanPolicy orphans) {
        return Publisher.builder(target)
                .concurrency(4)
                .onConflict(conflicts)
                .onOrphan(orphans)
                .toolVersion("test")
                .build();
    }

    PublishResult publish(Path dir, PublishTarget.Root root) {
        return publish(dir, root, target, ConflictPolicy.FAIL, OrphanPolicy.REPORT);
    }

    PublishResult publish(Path dir, PublishTarget.Root root, PublishTarget t, ConflictPolicy c, OrphanPolicy o) {
        Publisher p = publisher(t, c, o);
        return p.execute(p.plan(tree(dir, root), root), root, PublishProgress.NONE);
    }

    /** Titles are unique per space and tests share one emulator: each root gets its own title prefix. */
    static String prefix(PublishTarget.Root root) {
        return "R" + root.id() + " ";
    }

    static SourceTree tree(Path dir, PublishTarget.Root root) {
        return SourceTree.read(dir, prefix(root));
    }

    /** Pages under the root as the robot sees them. */
    Map<String, RemotePage> pagesByTitle(String rootId) {
        Map<String, RemotePage> out = new LinkedHashMap<>();
        for (RemotePage p : target.readTree(rootId)) {
            out.put(p.title().substring(p.title().startsWith("R" + rootId + " ") ? rootId.length() + 2 : 0), p);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    String body(String pageId) {
        Map<String, Object> c = robot.executeJson(
                HttpRequest.get("rest/api/content/" + pageId)
                        .newBuilder()
                        .query("expand", "body.storage")
                        .build(),
                Map.class);
        return (String) ((Map<String, Object>) ((Map<String, Object>) c.get("body")).get("storage")).get("value");
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> attachments(String pageId) {
        Map<String, Object> c = robot.executeJson(
                HttpRequest.get("rest/api/content/" + pageId + "/child/attachment")
                        .newBuilder()
                        .query("expand", "version")
                        .build(),
                Map.class);
        return (List<Map<String, Object>>) c.get("results");
    }

    /** Alice edits the page in the browser: a new version by her. */
    @SuppressWarnings("unchecked")
    void aliceEdits(String pageId, String newBody) {
        Map<String, Object> c = alice.executeJson(
                HttpRequest.get("rest/api/content/" + pageId)
                        .newBuilder()
                        .query("expand", "version")
                        .build(),
                Map.class);
        int version = ((Number) ((Map<String, Object>) c.get("version")).get("number")).intValue();
        Map<String, Object> body = Map.of(
                "type", "page",
                "title", c.get("title"),
                "body", Map.of("storage", Map.of("value", newBody, "representation", "storage")),
                "version", Map.of("number", version + 1));
        alice.execute(HttpRequest.put(
                        "rest/api/content/" + pageId,
                        RequestBody.json(alice.json().toJson(body, Object.class))))
                .close();
    }

    static void write(Path root, String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    static void writeBytes(Path root, String relative, byte[] bytes) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}
