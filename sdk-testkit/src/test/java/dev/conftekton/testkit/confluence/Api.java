package dev.conftekton.testkit.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A small HTTP client for the emulator's tests: every response is checked against Atlassian's OpenAPI files.
 */
final class Api {
    static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Moshi MOSHI = new Moshi.Builder().build();

    private final String base;
    private final String authorization;

    Api(ConfluenceEmulator emulator, String authorization) {
        this.base = emulator.baseUrl();
        this.authorization = authorization;
    }

    static Api as(ConfluenceEmulator emulator, String email) {
        return new Api(emulator, emulator.user(email).basicAuthorization());
    }

    static Api anonymous(ConfluenceEmulator emulator) {
        return new Api(emulator, null);
    }

    record Res(int status, String body, HttpHeaders headers) {
        Map<String, Object> json() {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> m =
                        (Map<String, Object>) MOSHI.adapter(Object.class).fromJson(body);
                return m;
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + body, e);
            }
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results() {
            return (List<Map<String, Object>>) json().get("results");
        }

        String str(String key) {
            Object v = json().get(key);
            return v == null ? null : v.toString();
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    Res get(String path) {
        return send("GET", path, null, null);
    }

    Res delete(String path) {
        return send("DELETE", path, null, null);
    }

    Res post(String path, String json) {
        return send("POST", path, json, "application/json");
    }

    Res put(String path, String json) {
        return send("PUT", path, json, "application/json");
    }

    Res send(String method, String path, String body, String contentType, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(b.build(), method, path);
    }

    Res sendBytes(String method, String path, byte[] body, String contentType, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        b.header("Content-Type", contentType);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        b.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        return send(b.build(), method, path);
    }

    private static Res send(HttpRequest request, String method, String path) {
        HttpResponse<String> r;
        try {
            r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("Request failed: " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        String rawPath = URI.create("http://x" + path).getRawPath();
        List<String> problems = OpenApiContract.problems(
                method, rawPath, r.statusCode(), r.headers().map(), r.body());
        assertThat(problems)
                .as(
                        "%s %s -> %d does not match Atlassian's OpenAPI description; body: %s",
                        method, path, r.statusCode(), r.body())
                .isEmpty();
        return new Res(r.statusCode(), r.body(), r.headers());
    }
}
