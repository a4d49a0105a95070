package dev.conftekton.identity.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conftekton.core.auth.AccessToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFileTokenSourceTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(NOW);

    @Test
    void readsTheTokenTrimmingSurroundingWhitespace() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "  abc.def-token\n");

        AccessToken token =
                SecretFileTokenSource.builder(file).clock(clock).build().token();

        assertThat(token.authorizationHeader()).isEqualTo("Bearer abc.def-token");
        assertThat(token.expiresAt()).isNull();
    }

    @Test
    void rereadsTheFileWhenItChanges() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "first-token");
        SecretFileTokenSource source =
                SecretFileTokenSource.builder(file).clock(clock).build();
        assertThat(source.token().value().reveal()).isEqualTo("first-token");

        Files.writeString(file, "second-token-longer");

        assertThat(source.token().value().reveal()).isEqualTo("second-token-longer");
    }

    @Test
    void picksUpAKubeletStyleSymlinkSwap() throws Exception {
        // The kubelet writes a new timestamped directory and atomically repoints ..data at it.
        Path v1 = Files.createDirectory(dir.resolve("..2026_11_23_v1"));
        Files.writeString(v1.resolve("token"), "token-one");
        Path data = Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
        Path link = Files.createSymbolicLink(dir.resolve("token"), Path.of("..data/token"));
        SecretFileTokenSource source =
                SecretFileTokenSource.builder(link).clock(clock).build();
        assertThat(source.token().value().reveal()).isEqualTo("token-one");

        Path v2 = Files.createDirectory(dir.resolve("..2026_11_23_v2"));
        Files.writeString(v2.resolve("token"), "token-two");
        Path tmp = Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
        Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        assertThat(source.token().value().reveal()).isEqualTo("token-two");
    }

    @Test
    void rereadsAfterMaxAgeEvenWhenSizeAndTimeLookUnchanged() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "aaaa-token");
        FileTime time = Files.getLastModifiedTime(file);
        SecretFileTokenSource source = SecretFileTokenSource.builder(file)
                .clock(clock)
                .maxAge(Duration.ofSeconds(30))
                .build();
        assertThat(source.token().value().reveal()).isEqualTo("aaaa-token");
        Files.writeString(file, "bbbb-token");
        Files.setLastModifiedTime(file, time);

        assertThat(source.token().value().reveal())
                .as("same stat, within max age")
                .isEqualTo("aaaa-token");
        clock.advance(Duration.ofSeconds(30));
        assertThat(source.token().value().reveal()).isEqualTo("bbbb-token");
    }

    @Test
    void takesTheExpiryFromAJwtAndRefusesItOnceExpired() throws Exception {
        String jwt = TestJwts.serviceAccountToken("https://keycloak/realms/ci", NOW.plusSeconds(600));
        Path file = Files.writeString(dir.resolve("token"), jwt);
        SecretFileTokenSource source =
                SecretFileTokenSource.builder(file).clock(clock).build();

        assertThat(source.token().expiresAt()).isEqualTo(NOW.plusSeconds(600));
        clock.advance(Duration.ofSeconds(600));
        assertThatThrownBy(source::token)
                .isInstanceOf(TokenUnavailableException.class)
                .hasMessageContaining("expired at " + NOW.plusSeconds(600))
                .hasMessageNotContaining(jwt);
    }

    @Test
    void reportsAMissingFileWithWhatToDo() {
        SecretFileTokenSource source = SecretFileTokenSource.of(dir.resolve("absent"));

        assertThatThrownBy(source::token)
                .isInstanceOf(TokenUnavailableException.class)
                .hasMessageContaining("no token file at " + dir.resolve("absent"))
                .hasMessageContaining("mount");
    }

    @Test
    void refusesEmptyOversizedAndMultiTokenFiles() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), " \n");
        Path big = Files.write(dir.resolve("big"), new byte[SecretFileTokenSource.MAX_FILE_BYTES + 1]);
        Path two = Files.writeString(dir.resolve("two"), "token-a\ntoken-b");

        assertThatThrownBy(() -> SecretFileTokenSource.of(empty).token()).hasMessageContaining("is empty");
        assertThatThrownBy(() -> SecretFileTokenSource.of(big).token()).hasMessageContaining("larger than");
        assertThatThrownBy(() -> SecretFileTokenSource.of(two).token())
                .hasMessageContaining("exactly one token")
                .hasMessageNotContaining("token-a");
        assertThatThrownBy(() -> SecretFileTokenSource.of(dir).token()).hasMessageContaining("not a regular file");
    }

    @Test
    void invalidateForcesAReread() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "cccc-token");
        FileTime time = Files.getLastModifiedTime(file);
        SecretFileTokenSource source =
                SecretFileTokenSource.builder(file).clock(clock).build();
        AccessToken first = source.token();
        Files.writeString(file, "dddd-token");
        Files.setLastModifiedTime(file, time);

        source.invalidate(first);

        assertThat(source.token().value().reveal()).isEqualTo("dddd-token");
    }

    @Test
    void serviceAccountSourceChecksTheProjectedAudience() throws Exception {
        String jwt = TestJwts.serviceAccountToken("https://kubernetes.default.svc", NOW.plusSeconds(3600));
        Path file = Files.writeString(dir.resolve("token"), jwt);
        ServiceAccountTokenSource source = ServiceAccountTokenSource.builder()
                .path(file)
                .clock(clock)
                .expectAudience("https://keycloak/realms/ci")
                .build();

        assertThatThrownBy(source::token)
                .isInstanceOf(TokenUnavailableException.class)
                .hasMessageContaining("[https://kubernetes.default.svc]")
                .hasMessageContaining("serviceAccountToken projection")
                .hasMessageNotContaining(jwt);
        assertThat(source.toString()).doesNotContain(jwt);
    }

    @Test
    void serviceAccountSourceDefaultsToTheKubernetesMountPath() {
        assertThat(ServiceAccountTokenSource.fromDefaultPath().path())
                .isEqualTo(Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"));
    }
}
