package dev.conftekton.core.redact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.http.Headers;
import dev.conftekton.core.testing.LeakWitness;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private final Redactor redactor = Redactor.create();

    @Test
    void masksRegisteredSecretsInEveryEncoding() {
        String secret = LeakWitness.secret("s3cr3t+/value \"x\"");
        redactor.register(Secret.of(secret));

        String text = "raw " + secret + " url s3cr3t%2B%2Fvalue+%22x%22 json s3cr3t+/value \\\"x\\\"";
        String out = redactor.redact(text);

        assertThat(out).doesNotContain("s3cr3t");
        assertThat(out).contains("raw ██");
        assertThat(redactor.containsSecret(text)).isTrue();
        assertThat(redactor.containsSecret(out)).isFalse();
    }

    @Test
    void masksTokenLikeQueryParametersFormFieldsAndJsonFields() {
        String out = redactor.redact("GET https://h/x?a=1&access_token=abc123&Client_Secret=zz#f "
                + "grant_type=x&password=hunter2 {\"refresh_token\" : \"r-1\\\"2\", \"name\":\"ok\"}");

        assertThat(out)
                .contains(
                        "a=1",
                        "access_token=██",
                        "Client_Secret=██",
                        "password=██",
                        "\"refresh_token\" : \"██\"",
                        "\"name\":\"ok\"")
                .doesNotContain("abc123", "hunter2", "r-1");
    }

    @Test
    void masksBearerCredentialsAndJwtsInFreeText() {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl";
        String out = redactor.redact("header was Bearer abcdefgh12345678 and token " + jwt);

        assertThat(out).doesNotContain("abcdefgh12345678").doesNotContain(jwt);
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String text = "GET https://x.atlassian.net/wiki/api/v2/pages?limit=25&cursor=abc returned HTTP 404";

        assertThat(redactor.redact(text)).isEqualTo(text);
        assertThat(redactor.redact((String) null)).isNull();
    }

    @Test
    void longerSecretsAreMaskedWholeEvenWhenTheyContainShorterOnes() {
        redactor.register("abcd");
        redactor.register("xxabcdxx");

        assertThat(redactor.redact("[xxabcdxx]")).isEqualTo("[██]");
    }

    @Test
    void headersShowCredentialsMasked() {
        String token = LeakWitness.secret("hdr-token-RedactorTest-77");
        Headers h = Headers.of("Authorization", "Bearer " + token, "Cookie", "s=" + token, "Accept", "text/plain");

        String out = redactor.redact(h);

        assertThat(out).doesNotContain(token).contains("text/plain");
        LeakWitness.saw(out);
    }

    @Test
    void registrationsAreVisibleToConcurrentReaders() throws Exception {
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 500; i++) {
                redactor.register("secret-number-" + i);
            }
        });
        writer.start();
        redactor.register("fixed-secret-value");
        for (int i = 0; i < 2_000; i++) {
            assertThat(redactor.redact("a fixed-secret-value b")).isEqualTo("a ██ b");
        }
        writer.join();
    }
}
