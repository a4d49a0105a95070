package dev.conftekton.testkit.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConfluenceEmulatorExtensionTest {
    @RegisterExtension
    static final ConfluenceEmulatorExtension CONFLUENCE = new ConfluenceEmulatorExtension(ConfluenceEmulator.builder()
            .seed(EmulatorSeed.builder()
                    .user(EmulatorUser.of("x1", "Xavier", "x@example.com", "xt", "xp"))
                    .space(new EmulatorSeed.Space("X", "Ex").withUser("x@example.com", SpaceAccess.VIEW))
                    .build()));

    private static ConfluenceEmulator shared;

    @BeforeAll
    static void startShared(ConfluenceEmulator emulator) {
        shared = emulator;
    }

    @Test
    void injectsAFreshEmulatorPerTestBuiltFromTheRegisteredBuilder(ConfluenceEmulator emulator) {
        assertThat(emulator).isNotSameAs(shared);
        assertThat(emulator.users()).extracting(EmulatorUser::email).containsExactly("x@example.com");
        assertThat(new Api(emulator, "Bearer xp").get("/rest/api/space").results())
                .extracting(m -> m.get("key"))
                .containsExactly("X");
    }

    @Test
    void sharesTheClassLevelEmulatorFromBeforeAll() {
        assertThat(new Api(shared, "Bearer xp")
                        .get("/wiki/rest/api/user/current")
                        .str("accountId"))
                .isEqualTo("x1");
    }
}
