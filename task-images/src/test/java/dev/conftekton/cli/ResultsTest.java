package dev.conftekton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTest {
    @Test
    void anOverLongResultIsCutUnderTheLimitWithoutSplittingACharacter() {
        assertThat(Results.truncate("é".repeat(3000), 4000).getBytes(StandardCharsets.UTF_8))
                .hasSizeLessThanOrEqualTo(4000);
        assertThat(Results.truncate("é".repeat(3000), 4000)).endsWith("é...");
        assertThat(Results.truncate("short", 4000)).isEqualTo("short");
    }

    @Test
    void writesOneFilePerResultEachUnderTheLimit(@TempDir Path dir) throws Exception {
        Map<String, String> results = new LinkedHashMap<>();
        results.put("page-id", "123");
        results.put("reason", "é".repeat(3000));

        Results.write(dir.resolve("results"), results);

        assertThat(dir.resolve("results/page-id")).hasContent("123");
        String reason = Files.readString(dir.resolve("results/reason"), StandardCharsets.UTF_8);
        assertThat(reason.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(Results.MAX_BYTES);
        assertThat(reason).startsWith("éé").endsWith("...");
    }
}
