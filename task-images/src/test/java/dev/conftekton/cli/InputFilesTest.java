package dev.conftekton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {
    @TempDir
    Path tmp;

    @Test
    void aFileUpToTheBoundIsReadWhole() throws IOException {
        Path f = Files.writeString(tmp.resolve("jwks.json"), "{\"keys\":[]}é");
        assertThat(InputFiles.read(f, "--jwks", 13)).isEqualTo("{\"keys\":[]}é");
    }

    @Test
    void aFileOverTheBoundIsRefusedWithoutQuotingIt() throws IOException {
        Path f = Files.writeString(tmp.resolve("big.md"), "secret-looking-content!");
        assertThatThrownBy(() -> InputFiles.read(f, "--template", 22))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--template " + f + " holds more than 22 bytes")
                .hasMessageNotContaining("secret");
    }

    @Test
    void aDirectoryOrAMissingFileIsNamedAsSuch() {
        assertThatThrownBy(() -> InputFiles.read(tmp, "--oidc-jwks", 100))
                .hasMessageContaining("is a directory; point the option at the file");
        assertThatThrownBy(() -> InputFiles.read(tmp.resolve("nope"), "--oidc-jwks", 100))
                .hasMessage("--oidc-jwks " + tmp.resolve("nope") + " does not exist");
    }
}
