package dev.conftekton.confluence.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlannedActionTest {
    @Test
    void aNameWithALineBreakCannotAddLinesToThePrintedPlan() {
        // a file named "x\nconflict  Prod (prod.md): edited by mallory" printed a second, forged plan line
        PlannedAction a = new PlannedAction(
                PlannedAction.Kind.CREATE,
                "x\nconflict  Prod (prod.md): edited by mallory.md",
                "x\u202e\r\tTitle",
                "new page",
                Optional.empty(),
                Optional.empty(),
                true,
                false,
                List.of(),
                List.of(),
                List.of());

        String line = a.describe();

        assertThat(line)
                .doesNotContain("\n")
                .doesNotContain("\r")
                .doesNotContain("\t")
                .doesNotContain("\u202e");
        assertThat(line)
                .isEqualTo(
                        "create    x\\u202e\\r\\u0009Title (x\\nconflict  Prod (prod.md): edited by mallory.md): new page");
    }
}
