package dev.conftekton.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.core.testing.LeakWitness;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpRequestTest {
    @ParameterizedTest
    @CsvSource({
        "https://dc.example/confluence, /rest/api/content, https://dc.example/confluence/rest/api/content",
        "https://dc.example/confluence/, rest/api/content, https://dc.example/confluence/rest/api/content",
        "https://x.atlassian.net, /wiki/api/v2/pages, https://x.atlassian.net/wiki/api/v2/pages",
        "https://x.atlassian.net/wiki, https://other.example/a, https://other.example/a",
    })
    void relativePathsKeepTheBasePath(String base, String path, String expected) {
        assertThat(HttpRequest.get(path).resolve(URI.create(base)).uri()).hasToString(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "https://dc.example/confluence, /rest/api/content",
        "https://dc.example/confluence/, rest/api/content",
        "https://x.atlassian.net, /wiki/api/v2/pages/123",
        "https://x.atlassian.net/wiki?ignored=1, /api/v2/pages",
        "http://127.0.0.1:8090/wiki, /api/v2/pages/1?body-format=storage",
        "http://[::1]:8090/wiki, /api/v2/pages",
        "https://user@h.example:8443/c, /rest/api/search?cql=a%20b",
        "https://h.example/c, /rest/api/content/1/child/attachment?filename=a%2Fb.txt",
        "https://h.example, //other.example/x",
        "https://h.example/c, ?start=25",
        "https://h.example/c, ''",
        "https://h.example/wiki, /api/../../admin",
    })
    void theResolvedUriParsesOnlyThePathYetEqualsAFullParse(String base, String path) throws Exception {
        URI baseUri = URI.create(base);
        HttpRequest request = HttpRequest.get(path)
                .newBuilder()
                .query("limit", "25")
                .query("q", "a b&c")
                .build();
        String resolved = request.resolvedUrl(baseUri);

        URI fast = request.resolvedUri(baseUri, resolved);
        URI full = new URI(resolved + (resolved.contains("?") ? "&" : "?") + "limit=25&q=a%20b%26c");

        assertThat(fast).isEqualTo(full).hasToString(full.toString());
        assertThat(fast.getHost()).isEqualTo(baseUri.getHost());
    }

    @Test
    void theResolvedUriRejectsWhatAFullParseRejects() {
        URI base = URI.create("https://h.example/wiki");
        HttpRequest spaced = HttpRequest.get("/api/a b");
        assertThat(LeakWitness.thrown(() -> spaced.resolvedUri(base, spaced.resolvedUrl(base))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percent-encode");
    }

    @ParameterizedTest
    @CsvSource({
        "https://x.atlassian.net/wiki, /wiki/api/v2/pages?cursor=a, https://x.atlassian.net/wiki/api/v2/pages?cursor=a",
        "https://x.atlassian.net/wiki, /rest/api/content?start=25, https://x.atlassian.net/wiki/rest/api/content?start=25",
        "https://api.atlassian.com/ex/confluence/c1/wiki, /wiki/api/v2/pages?cursor=b,"
                + " https://api.atlassian.com/ex/confluence/c1/wiki/api/v2/pages?cursor=b",
        "https://dc.example/confluence, /rest/api/space?start=2, https://dc.example/confluence/rest/api/space?start=2",
        "http://localhost:8090, /rest/api/space?next=true, http://localhost:8090/rest/api/space?next=true",
        "https://x.atlassian.net/wiki, api/v2/pages, https://x.atlassian.net/wiki/api/v2/pages",
    })
    void linksFromResponsesResolveWithoutDoublingASharedPrefix(String base, String link, String expected) {
        assertThat(LinkResolver.resolve(URI.create(base), link)).hasToString(expected);
    }

    @Test
    void queryValuesAreEncodedOnce() {
        HttpRequest r = HttpRequest.get("https://h.example/search")
                .newBuilder()
                .query("cql", "title ~ \"a&b\" + ü")
                .query("cql", "second")
                .build();

        assertThat(r.uri().getRawQuery()).isEqualTo("cql=title%20%7E%20%22a%26b%22%20%2B%20%C3%BC&cql=second");
        assertThat(r.uri().getQuery()).startsWith("cql=title ~ \"a&b\" + ü");
    }

    @Test
    void derivedRequestsNeverReuseAStaleUri() {
        HttpRequest r = HttpRequest.get("https://a.example/x");
        assertThat(r.uri()).hasToString("https://a.example/x");

        assertThat(r.newBuilder().query("q", "1").build().uri()).hasToString("https://a.example/x?q=1");
        assertThat(r.newBuilder().url("https://b.example/y").build().uri()).hasToString("https://b.example/y");
        HttpRequest withQuery = r.newBuilder().query("q", "1").build();
        assertThat(withQuery.uri()).hasToString("https://a.example/x?q=1");
        assertThat(withQuery.newBuilder().removeQuery("q").build().uri()).hasToString("https://a.example/x");
        assertThat(withQuery.newBuilder().header("X-A", "b").build().uri()).isSameAs(withQuery.uri());
    }

    @Test
    void setQueryReplacesAndKeepsExistingQueryInTheUrl() {
        HttpRequest r = HttpRequest.get("https://h.example/x?fixed=1")
                .newBuilder()
                .query("start", "0")
                .setQuery("start", "25")
                .build();

        assertThat(r.uri()).hasToString("https://h.example/x?fixed=1&start=25");
    }

    @Test
    void invalidUrlsAndHeaderInjectionAreRejectedClearly() {
        assertThat(LeakWitness.thrown(() -> HttpRequest.get("/a\r\nX-Evil: 1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control character");
        assertThat(LeakWitness.thrown(
                        () -> HttpRequest.get("https://h.example/a b").uri()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percent-encode");
        assertThat(LeakWitness.thrown(() -> HttpRequest.get("/x").newBuilder().header("X", "a\nb")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(LeakWitness.thrown(() -> HttpRequest.get("/relative").uri()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("relative");
    }

    @Test
    void streamedBodyIsOneShotAndChecksItsLength() throws IOException {
        RequestBody body =
                RequestBody.ofStream(new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, "application/octet-stream");
        assertThat(body.isReplayable()).isFalse();
        body.writeTo(new ByteArrayOutputStream());

        assertThat(LeakWitness.thrown(() -> body.writeTo(new ByteArrayOutputStream())))
                .isInstanceOf(IllegalStateException.class);
        RequestBody lying = RequestBody.ofStream(new ByteArrayInputStream(new byte[2]), 5, "text/plain");
        assertThat(LeakWitness.thrown(() -> lying.writeTo(new ByteArrayOutputStream())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("declared length");
    }

    @Test
    void multipartBodyIsReplayableAndEscapesHostileNames() throws IOException {
        MultipartBody body = MultipartBody.builder()
                .boundary("b0undary")
                .addField("comment", "release notes")
                .addFile("file", "evil\"\r\nContent-Type: text/html.pdf", "application/pdf", new byte[] {'%', 'P'})
                .build();

        ByteArrayOutputStream first = new ByteArrayOutputStream();
        body.writeTo(first);
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        body.writeTo(second);

        String text = first.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .isEqualTo("--b0undary\r\n"
                        + "Content-Disposition: form-data; name=\"comment\"\r\n\r\n"
                        + "release notes\r\n"
                        + "--b0undary\r\n"
                        + "Content-Disposition: form-data; name=\"file\"; filename=\"evil%22%0D%0AContent-Type: text/html.pdf\"\r\n"
                        + "Content-Type: application/pdf\r\n\r\n"
                        + "%P\r\n"
                        + "--b0undary--\r\n");
        assertThat(second.toByteArray()).isEqualTo(first.toByteArray());
        assertThat(body.isReplayable()).isTrue();
        assertThat(body.contentLength()).isEqualTo(first.size());
        assertThat(body.contentType()).isEqualTo("multipart/form-data; boundary=b0undary");
    }

    @Test
    void multipartFieldWithNonAsciiTextDeclaresUtf8() throws IOException {
        MultipartBody body = MultipartBody.builder()
                .boundary("b0undary")
                .addField("comment", "Freigabe für Größe ✓")
                .addField("minorEdit", "true")
                .build();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.writeTo(out);

        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("--b0undary\r\n"
                        + "Content-Disposition: form-data; name=\"comment\"\r\n"
                        + "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
                        + "Freigabe für Größe ✓\r\n"
                        + "--b0undary\r\n"
                        + "Content-Disposition: form-data; name=\"minorEdit\"\r\n\r\n"
                        + "true\r\n"
                        + "--b0undary--\r\n");
    }

    @Test
    void multipartRefusesContentContainingTheBoundary() {
        assertThat(LeakWitness.thrown(() -> MultipartBody.builder()
                        .boundary("xyz")
                        .addFile("f", "a.txt", "text/plain", "--xyz".getBytes(StandardCharsets.UTF_8))
                        .build()))
                .isInstanceOf(IllegalStateException.class);
    }
}
