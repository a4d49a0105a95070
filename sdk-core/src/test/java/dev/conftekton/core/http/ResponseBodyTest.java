package dev.conftekton.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseBodyTest {
    private static final byte[] TEXT =
            "{\"id\":\"65537\",\"title\":\"Release notes\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aBodyOfTheDeclaredLengthIsReadWhole() {
        ResponseBody body = ResponseBody.ofStream(new ByteArrayInputStream(TEXT), TEXT.length, "application/json");

        assertThat(body.bytes()).isEqualTo(TEXT);
    }

    @Test
    void aBodyLongerThanDeclaredIsStillReadWhole() {
        ResponseBody body = ResponseBody.ofStream(new ByteArrayInputStream(TEXT), 5, "application/json");

        assertThat(body.bytes()).isEqualTo(TEXT);
    }

    @Test
    void aBodyShorterThanDeclaredGivesWhatArrived() {
        ResponseBody body = ResponseBody.ofStream(new ByteArrayInputStream(TEXT), TEXT.length + 100, null);

        assertThat(body.bytes()).isEqualTo(TEXT);
    }

    @Test
    void anEmptyDeclaredBodyWithContentIsReadWhole() {
        ResponseBody body = ResponseBody.ofStream(new ByteArrayInputStream(TEXT), 0, null);

        assertThat(body.bytes()).isEqualTo(TEXT);
    }

    @Test
    void anUndeclaredLengthIsReadToTheEnd() {
        ResponseBody body = ResponseBody.ofStream(new ByteArrayInputStream(TEXT), -1, null);

        assertThat(body.string()).isEqualTo(new String(TEXT, StandardCharsets.UTF_8));
    }
}
