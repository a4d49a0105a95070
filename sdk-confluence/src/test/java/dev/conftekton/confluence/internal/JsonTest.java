package dev.conftekton.confluence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conftekton.core.error.DecodingException;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void keepsTheExactSourceTextOfValues() {
        Json.Node root = Json.parse("{\"value\": {\"n\": 1.50, \"big\": 12345678901234567890} , \"x\":[1,2]}", "doc");

        assertThat(root.get("value").raw()).isEqualTo("{\"n\": 1.50, \"big\": 12345678901234567890}");
        assertThat(root.get("x").items()).hasSize(2);
    }

    @Test
    void decodesEscapesIncludingSurrogatePairs() {
        Json.Node root = Json.parse("{\"s\":\"a\\\"b\\\\c\\/d\\n\\u00e9\\ud83d\\ude00\"}", "doc");

        assertThat(root.get("s").text()).isEqualTo("a\"b\\c/d\né\uD83D\uDE00");
    }

    @Test
    void quoteRoundTripsAnyString() {
        String nasty = "\"\\\n\r\t\b\f\u0000\u001f\u2028\uD800x\uD83D\uDE00";

        Json.Node back = Json.parse("{\"v\":" + Json.quote(nasty) + "}", "doc");

        assertThat(back.get("v").text()).isEqualTo(nasty);
    }

    @Test
    void missingFieldsAreNamedByPath() {
        Json.Node root = Json.parse("{\"results\":[{\"version\":{}}]}", "GET /x response");

        assertThatThrownBy(() -> root.get("results")
                        .items()
                        .get(0)
                        .get("version")
                        .get("number")
                        .intValue())
                .isInstanceOf(DecodingException.class)
                .hasMessageContaining("GET /x response has no field 'results[0].version.number'");
    }

    @Test
    void wrongTypesSayWhatWasExpected() {
        Json.Node root = Json.parse("{\"n\":\"two\"}", "doc");

        assertThatThrownBy(() -> root.get("n").intValue())
                .isInstanceOf(DecodingException.class)
                .hasMessageContaining("'n' = 'two' but expected an integer");
    }

    @Test
    void rejectsMalformedAndTrailingInputAndDeepNesting() {
        for (String bad : new String[] {"", "{", "{\"a\":}", "[1,]", "{\"a\":1} x", "01", "\"\u0001\"", "tru", "-"}) {
            assertThatThrownBy(() -> Json.parse(bad, "doc"))
                    .as(bad)
                    .isInstanceOf(DecodingException.class)
                    .hasMessageContaining("doc is not valid JSON");
        }
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> Json.parse(deep, "doc")).hasMessageContaining("nesting deeper than");
    }

    @Test
    void isValidAcceptsEveryJsonValueKind() {
        assertThat(Json.isValid("true")).isTrue();
        assertThat(Json.isValid(" \"text\" ")).isTrue();
        assertThat(Json.isValid("-1.5e+3")).isTrue();
        assertThat(Json.isValid("{\"a\":[null,{}]}")).isTrue();
        assertThat(Json.isValid("{a:1}")).isFalse();
    }

    @Test
    void pathSegmentsCannotNavigate() {
        assertThat(Paths.encode("a/b?c#d")).isEqualTo("a%2Fb%3Fc%23d");
        assertThat(Paths.encode("..")).isEqualTo("%2E%2E");
        assertThat(Paths.encode("ü")).isEqualTo("%C3%BC");
        assertThatThrownBy(() -> Paths.numericId("12a", "page id")).hasMessageContaining("page id must be a number");
    }

    @Test
    void readsConfluenceErrorMessagesInBothShapes() {
        assertThat(ConfluenceErrors.message("{\"statusCode\":403,\"message\":\"Not permitted\"}"))
                .isEqualTo("Not permitted");
        assertThat(ConfluenceErrors.message("{\"errors\":[{\"status\":403,\"title\":\"Forbidden\",\"detail\":\"needs"
                        + " write:page:confluence\"}]}"))
                .isEqualTo("Forbidden; needs write:page:confluence");
        assertThat(ConfluenceErrors.message("<html>oops</html>")).isNull();
    }
}
