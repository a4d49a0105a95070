package dev.conftekton.identity.token;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {
    @Test
    void refusesAKeyFileLargerThanAnyKeyWithoutReadingItWhole(@TempDir Path dir) throws Exception {
        // a wrong path (a log, a disk image) was read whole into memory before the PEM check
        Path big = dir.resolve("big.pem");
        Files.writeString(big, "-----BEGIN PRIVATE KEY-----\n" + "A".repeat(200_000) + "\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> SigningKey.fromPemFile(big, "kid"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("private key file " + big + " is larger than 65536 bytes; it is not a private key");
        assertThatThrownBy(() -> SigningKey.fromJwkFile(big))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("JWK file " + big + " is larger than 65536 bytes; it is not a private key");
    }
}
