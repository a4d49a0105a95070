package dev.conftekton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(Results.truncate("😀".repeat(3000), 4001)).endsWith("😀...");
        assertThat(Results.truncate("short", 4000)).isEqualTo("short");
    }

    @Test
    void writesOneFilePerResultAndCutsALongOne(@TempDir Path dir) throws Exception {
        Map<String, String> results = new LinkedHashMap<>();
        results.put("page-id", "123");
        results.put("reason", "é".repeat(3000));

        Results.write(dir.resolve("results"), results);

        assertThat(dir.resolve("results/page-id")).hasContent("123");
        String reason = Files.readString(dir.resolve("results/reason"), StandardCharsets.UTF_8);
        assertThat(reason.getBytes(StandardCharsets.UTF_8)).hasSizeLessThan(Results.MAX_STEP_BYTES);
        assertThat(reason).startsWith("éé").endsWith("...");
    }

    @Test
    void allResultsOfAStepFitTektonsTerminationMessageTogether(@TempDir Path dir) throws Exception {
        // Tekton puts every result of the step into one termination message of at most 4096 bytes, as JSON in which
        // '<', '>' and '&' take six bytes each and a newline two; four results of 4000 bytes each failed the TaskRun.
        Map<String, String> results = new LinkedHashMap<>();
        results.put("approved", "false");
        results.put("reason", "<a & b>\n".repeat(500));
        results.put("approvers", "[" + "{\"accountId\":\"557058:x\"},".repeat(200) + "]");
        results.put("page-version", "7");
        results.put("notes", "ü".repeat(2000));

        Results.write(dir, results);

        StringBuilder message = new StringBuilder("[");
        for (String key : results.keySet()) {
            String value = Files.readString(dir.resolve(key), StandardCharsets.UTF_8);
            message.append("{\"key\":\"")
                    .append(key)
                    .append("\",\"value\":\"")
                    .append(goJson(value))
                    .append("\",\"type\":1},");
        }
        message.append("{\"key\":\"StartedAt\",\"value\":\"2026-12-02T21:30:55.123Z\",\"type\":3}]");
        assertThat(message.toString().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(4096);
        assertThat(dir.resolve("approved")).hasContent("false");
        assertThat(dir.resolve("page-version")).hasContent("7");
        assertThat(Files.readString(dir.resolve("reason"), StandardCharsets.UTF_8))
                .startsWith("<a & b>\n")
                .endsWith("...");
    }

    @Test
    void aResultThatMustStayWholeIsNotCutAndTheOthersShareWhatIsLeft(@TempDir Path dir) throws Exception {
        String approvers = "[" + "{\"accountId\":\"557058:x\"},".repeat(60) + "{}]";
        Map<String, String> results = new LinkedHashMap<>();
        results.put("reason", "r".repeat(5000));
        results.put("approvers", approvers);

        Results.write(dir, results, java.util.Set.of("approvers"));

        assertThat(dir.resolve("approvers")).hasContent(approvers);
        int reason = Files.readString(dir.resolve("reason")).length();
        assertThat(reason + Results.jsonBytes(approvers)).isBetween(3500, 4096 - Results.RESERVED_BYTES);
    }

    @Test
    void aResultsDirThatIsAFileIsAUsageErrorNamingIt(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("results"), "");

        assertThatThrownBy(() -> Results.requireWritable(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--results-dir " + file + " is not a directory");
        assertThatThrownBy(() -> Results.write(file.resolve("sub"), Map.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--results-dir " + file.resolve("sub") + " cannot be created");
    }

    /** Go's encoding/json string escaping, as Tekton writes the termination message. */
    private static String goJson(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (cp < 0x20 || cp == '<' || cp == '>' || cp == '&' || cp == 0x2028 || cp == 0x2029) {
                        b.append(String.format("\\u%04x", cp));
                    } else {
                        b.appendCodePoint(cp);
                    }
                }
            }
        });
        return b.toString();
    }
}
