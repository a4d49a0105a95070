package dev.conftekton.testkit.confluence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ConfluenceEmulatorExtension.class)
class ConfluenceEmulatorCoreTest {

    @Test
    void injectsAStartedEmulatorOnALoopbackPort(ConfluenceEmulator emulator) {
        assertThat(emulator.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(emulator.cloudUrl()).isEqualTo(emulator.baseUrl() + "/wiki");
        assertThat(emulator.port()).isPositive();
    }

    @Test
    void acceptsBasicEmailAndApiTokenAndBearerPersonalAccessToken(ConfluenceEmulator emulator) {
        EmulatorUser alice = emulator.user("alice@example.com");

        Api.Res basic = new Api(emulator, alice.basicAuthorization()).get("/wiki/rest/api/user/current");
        Api.Res bearer = new Api(emulator, alice.bearerAuthorization()).get("/rest/api/user/current");

        assertThat(basic.status()).isEqualTo(200);
        assertThat(basic.str("accountId")).isEqualTo("557058:alice");
        assertThat(bearer.status()).isEqualTo(200);
        assertThat(bearer.str("accountId")).isEqualTo("557058:alice");
    }

    @Test
    void namedUserFollowsTheSeedConventionAndRefusesNamesThatBreakIt() {
        EmulatorUser carol = EmulatorUser.named("carol");

        assertThat(carol)
                .isEqualTo(new EmulatorUser(
                        "557058:carol", "Carol", "carol@example.com", "carol-api-token", "carol-pat", true));
        assertThatThrownBy(() -> EmulatorUser.named("carol@example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'@'");
        assertThatThrownBy(() -> EmulatorUser.named(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMissingWrongAndInactiveCredentialsWith401(ConfluenceEmulator ignored) {
        EmulatorSeed seed = EmulatorSeed.builder()
                .user(EmulatorUser.of("1", "One", "one@example.com", "tok1", "pat1"))
                .user(new EmulatorUser("2", "Gone", "gone@example.com", "tok2", "pat2", false))
                .build();
        try (ConfluenceEmulator emulator =
                ConfluenceEmulator.builder().seed(seed).build().start()) {
            String wrong = "Basic "
                    + Base64.getEncoder().encodeToString("one@example.com:nope".getBytes(StandardCharsets.UTF_8));

            Api.Res none = Api.anonymous(emulator).get("/wiki/api/v2/spaces");
            Api.Res bad = new Api(emulator, wrong).get("/wiki/api/v2/spaces");
            Api.Res inactive = new Api(
                            emulator, emulator.user("gone@example.com").basicAuthorization())
                    .get("/wiki/api/v2/spaces");
            Api.Res inactiveBearer = new Api(emulator, "Bearer pat2").get("/rest/api/space");
            Api.Res garbage = new Api(emulator, "Basic %%%").get("/wiki/rest/api/space");

            assertThat(List.of(
                            none.status(), bad.status(), inactive.status(), inactiveBearer.status(), garbage.status()))
                    .containsOnly(401);
            assertThat(none.header("WWW-Authenticate")).startsWith("Basic");
            assertThat(bad.body()).doesNotContain("nope");
            assertThat(new Api(emulator, "Bearer pat1").get("/rest/api/space").status())
                    .isEqualTo(200);
        }
    }

    @Test
    void countsRequestsPerEndpointAndResets(ConfluenceEmulator emulator) {
        Api api = Api.as(emulator, "alice@example.com");
        emulator.requestLog().reset();

        api.get("/wiki/api/v2/spaces");
        api.get("/wiki/api/v2/spaces");
        String homeId = api.get("/wiki/api/v2/spaces?keys=DEV")
                .results()
                .get(0)
                .get("homepageId")
                .toString();
        api.get("/wiki/api/v2/pages/" + homeId);
        api.get("/wiki/api/v2/nothing-here");

        RequestLog log = emulator.requestLog();
        assertThat(log.count("GET /wiki/api/v2/spaces")).isEqualTo(3);
        assertThat(log.count("GET /wiki/api/v2/pages/{id}")).isEqualTo(1);
        assertThat(log.count("GET <unmatched>")).isEqualTo(1);
        assertThat(log.total()).isEqualTo(5);
        assertThat(log.recent()).last().satisfies(e -> assertThat(e.status()).isEqualTo(404));
        assertThat(log.recent().get(0).accountId()).isEqualTo("557058:alice");

        log.reset();
        assertThat(log.total()).isZero();
        assertThat(log.counts()).isEmpty();
    }

    @Test
    void readsTheDocumentedSeedExampleAndExposesCredentials() {
        EmulatorSeed seed = EmulatorSeed.parse(ConfluenceEmulator.seedExample(), "example");

        assertThat(seed.users()).extracting(EmulatorUser::email).contains("alice@example.com", "bob@example.com");
        assertThat(seed.spaces()).extracting(EmulatorSeed.Space::key).containsExactly("DEV", "OPS");
        assertThat(seed.spaces().get(0).pages().get(0).children()).hasSize(1);
        assertThat(seed.users().get(0).toString())
                .doesNotContain("alice-api-token")
                .doesNotContain("alice-pat");
    }

    @Test
    void startsFromASeedFileInJson(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("seed.json");
        Files.writeString(
                file,
                """
                {"users":[{"accountId":"a1","displayName":"A","email":"a@x.io","apiToken":"t","personalAccessToken":"p"}],
                 "spaces":[{"key":"K","name":"Kay","permissions":{"users":{"a@x.io":["view"]}},
                            "pages":[{"title":"Hello","body":"<p>hi</p>"}]}]}
                """);
        try (ConfluenceEmulator emulator = ConfluenceEmulator.startFromSeedFile(file, 0)) {
            Api.Res pages = new Api(emulator, "Bearer p").get("/wiki/api/v2/pages?title=Hello");

            assertThat(pages.results()).extracting(m -> m.get("title")).containsExactly("Hello");
            assertThat(pages.results().get(0).get("authorId")).isEqualTo("a1");
        }
    }

    @Test
    void rejectsSeedsWithBrokenReferencesNamingTheProblem() {
        assertThatThrownBy(() -> EmulatorSeed.parse(
                        """
                users: [{accountId: a, email: a@x.io}]
                spaces: [{key: K, permissions: {users: {nobody@x.io: [view]}}}]
                """,
                        "test.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test.yaml")
                .hasMessageContaining("nobody@x.io");
        assertThatThrownBy(() -> EmulatorSeed.parse("users: [{accountId: a, email: a@x.io, tokn: x}]", "s"))
                .hasMessageContaining("unknown field 'tokn'");
        assertThatThrownBy(() -> EmulatorSeed.parse("users: [", "broken.yaml"))
                .hasMessageContaining("broken.yaml")
                .hasMessageContaining("line");
        assertThatThrownBy(() -> EmulatorSeed.parse(
                        """
                users: [{accountId: a, email: a@x.io}]
                spaces: [{key: K, permissions: {users: {a: [root]}}}]
                """,
                        "s"))
                .hasMessageContaining("root");
    }

    @Test
    void refusesHostileSeedFilesQuicklyWithAClearMessage(@TempDir Path dir) throws Exception {
        Path huge = dir.resolve("huge.yaml");
        try (var out = Files.newOutputStream(huge)) {
            out.write("users:\n  - accountId: x\n    displayName: ".getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "A".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 8; i++) {
                out.write(chunk);
            }
        }
        Path latin1 =
                Files.write(dir.resolve("latin1.yaml"), new byte[] {'u', 's', 'e', 'r', 's', ':', ' ', (byte) 0xE9});
        Path recursive = Files.writeString(
                dir.resolve("recursive.yaml"),
                "users: [{accountId: a, email: a@x.io}]\n"
                        + "spaces: [{key: K, pages: [&p {title: Loop, children: [*p]}]}]\n");

        long start = System.nanoTime();
        assertThatThrownBy(() -> EmulatorSeed.fromFile(huge))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Seed file " + huge + " is larger than 3145728 bytes; that is not a seed");
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
        assertThatThrownBy(() -> EmulatorSeed.fromFile(latin1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Seed file " + latin1 + " is not UTF-8 text");
        assertThatThrownBy(() -> EmulatorSeed.fromFile(dir.resolve("missing.yaml")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("missing.yaml: no such file");
        assertThatThrownBy(() -> EmulatorSeed.fromFile(recursive))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("recursive.yaml")
                .hasMessageContaining("pages nest deeper than 30 levels");
    }

    @Test
    void answersUnknownEndpointsAndMethodsInTheApisErrorShape(ConfluenceEmulator emulator) {
        Api api = Api.as(emulator, "alice@example.com");

        Api.Res v2 = api.get("/wiki/api/v2/unknown");
        Api.Res v1 = api.get("/wiki/rest/api/unknown");
        Api.Res method = api.send("PATCH", "/wiki/api/v2/spaces", "{}", "application/json");

        assertThat(v2.status()).isEqualTo(404);
        assertThat(v2.json()).containsKey("errors");
        assertThat(v1.status()).isEqualTo(404);
        assertThat(v1.json()).containsEntry("statusCode", 404.0);
        assertThat(method.status()).isEqualTo(405);
    }

    @Test
    void describesUrlsAndUsersForTheCommandLine(ConfluenceEmulator emulator) {
        String text = emulator.describe();

        assertThat(text)
                .contains(emulator.cloudUrl())
                .contains("alice@example.com")
                .contains("alice-api-token");
        assertThat(emulator.toString()).contains(emulator.baseUrl()).doesNotContain("token");
    }

    @Test
    void describesOnlyTheCredentialsASeededUserHas() {
        EmulatorSeed seed = EmulatorSeed.parse(
                """
                users:
                  - {accountId: "1:basic", displayName: Basic, email: basic@example.com, apiToken: basic-token}
                  - {accountId: "1:bearer", displayName: Bearer, email: bearer@example.com, personalAccessToken: pat-1}
                spaces: []
                """,
                "test seed");
        try (ConfluenceEmulator emulator =
                ConfluenceEmulator.builder().seed(seed).build().start()) {
            String text = emulator.describe();

            assertThat(text)
                    .contains("apiToken=basic-token")
                    .contains("pat=pat-1")
                    .doesNotContain("null");
        }
    }

    @Test
    void keepsStateConsistentUnderConcurrentWrites(ConfluenceEmulator emulator) throws Exception {
        Api api = Api.as(emulator, "alice@example.com");
        String spaceId = api.get("/wiki/api/v2/spaces?keys=DEV")
                .results()
                .get(0)
                .get("id")
                .toString();
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<Integer> statuses =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                for (int j = 0; j < 5; j++) {
                    // every thread tries the same 5 titles: exactly one creation per title may win
                    statuses.add(api.post(
                                    "/wiki/api/v2/pages",
                                    "{\"spaceId\":\"" + spaceId + "\",\"title\":\"Race " + j
                                            + "\",\"body\":{\"representation\":\"storage\",\"value\":\"<p>x</p>\"}}")
                            .status());
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(5);
        assertThat(statuses.stream().filter(s -> s == 400).count()).isEqualTo(35);
        Map<String, Object> page =
                api.get("/wiki/api/v2/pages?title=Race%203").results().get(0);
        assertThat(page.get("title")).isEqualTo("Race 3");
    }
}
