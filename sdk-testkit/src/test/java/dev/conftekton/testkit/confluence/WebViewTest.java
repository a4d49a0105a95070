package dev.conftekton.testkit.confluence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebViewTest {
    private static final String BODY = "<h2>Steps</h2><ul><li>Build</li><li>Ship</li></ul>"
            + "<table><tbody><tr><th>Env</th><th>Owner</th></tr><tr><td>prod</td><td>ops</td></tr></tbody></table>"
            + "<ac:structured-macro ac:name=\"code\"><ac:parameter ac:name=\"language\">bash</ac:parameter>"
            + "<ac:plain-text-body><![CDATA[echo \"<deploy>\" && exit 0]]></ac:plain-text-body></ac:structured-macro>"
            + "<ac:structured-macro ac:name=\"warning\"><ac:rich-text-body><p>Freeze on Fridays</p></ac:rich-text-body>"
            + "</ac:structured-macro><ac:image><ri:url ri:value=\"https://example.com/logo.png\" /></ac:image>"
            + "<script>alert(1)</script><p onclick=\"evil()\">click</p><a href=\"javascript:alert(2)\">js</a>";

    private static final HttpClient NO_REDIRECTS = HttpClient.newHttpClient();

    private static EmulatorSeed seed() {
        return EmulatorSeed.builder()
                .user(EmulatorUser.of("a1", "Alice <Admin>", "alice@example.com", "t1", "p1"))
                .user(EmulatorUser.of("b1", "Bob", "bob@example.com", "t2", "p2"))
                .user(EmulatorUser.of("c1", "Carol", "carol@example.com", "t3", "p3"))
                .space(new EmulatorSeed.Space("DEV", "Dev <b>space</b>")
                        .withUser("alice@example.com", SpaceAccess.ADMIN)
                        .withUser("bob@example.com", SpaceAccess.COMMENT)
                        .withPage(EmulatorSeed.Page.of("Release <script>", BODY, "alice@example.com")))
                .build();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String pageUrl(ConfluenceEmulator emulator) throws Exception {
        String home = get(emulator.baseUrl() + "/wiki/spaces/DEV").body();
        Matcher m = Pattern.compile("href=\"(/wiki/spaces/DEV/pages/\\d+)\">Release &lt;script&gt;")
                .matcher(home);
        assertThat(m.find()).as(home).isTrue();
        return emulator.baseUrl() + m.group(1);
    }

    @Test
    void rendersStorageFormatReadablyAndEscapesEverything() throws Exception {
        try (ConfluenceEmulator emulator =
                ConfluenceEmulator.builder().seed(seed()).build().start()) {
            String home = get(emulator.baseUrl() + "/").body();
            HttpResponse<String> page = get(pageUrl(emulator));
            String html = page.body();

            assertThat(home).contains("Dev &lt;b&gt;space&lt;/b&gt;").doesNotContain("<b>space</b>");
            assertThat(page.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(v -> assertThat(v).contains("default-src 'none'"));
            assertThat(html).contains("<h1 id=\"title\">Release &lt;script&gt;</h1>");
            assertThat(html).contains("<h2>Steps</h2><ul><li>Build</li><li>Ship</li></ul>");
            assertThat(html).contains("<th>Env</th>").contains("<td>prod</td>");
            assertThat(html)
                    .contains(
                            "<pre class=\"code\" data-language=\"bash\"><code>echo &quot;&lt;deploy&gt;&quot; &amp;&amp; exit 0</code></pre>");
            assertThat(html).contains("class=\"macro macro-warning\"").contains("Freeze on Fridays");
            assertThat(html).contains("<img src=\"https://example.com/logo.png\"");
            assertThat(html)
                    .doesNotContain("<script>")
                    .doesNotContain("onclick")
                    .doesNotContain("javascript:");
            assertThat(html).contains("Alice &lt;Admin&gt;");
            assertThat(html).contains("<table id=\"history\">");
        }
    }

    @Test
    void commentFormAddsACommentAsTheChosenUserWithinTheirPermissions() throws Exception {
        try (ConfluenceEmulator emulator =
                ConfluenceEmulator.builder().seed(seed()).build().start()) {
            String url = pageUrl(emulator);
            String html = get(url).body();
            Matcher token =
                    Pattern.compile("name=\"token\" value=\"([0-9a-f]+)\"").matcher(html);
            assertThat(token.find()).isTrue();

            HttpResponse<String> posted = postForm(
                    url + "/comments",
                    "token=" + token.group(1) + "&author=b1&body="
                            + URLEncoder.encode("/approve <b>now</b>", StandardCharsets.UTF_8));
            HttpResponse<String> asCarol =
                    postForm(url + "/comments", "token=" + token.group(1) + "&author=c1&body=hi");
            HttpResponse<String> forged = postForm(url + "/comments", "token=bad&author=b1&body=hi");

            assertThat(posted.statusCode()).isEqualTo(303);
            assertThat(asCarol.statusCode()).isEqualTo(403); // Carol may not view the space
            assertThat(asCarol.body()).contains("cannot see space DEV");
            assertThat(forged.statusCode()).isEqualTo(403);
            String after = get(url).body();
            assertThat(after).contains("/approve &lt;b&gt;now&lt;/b&gt;").contains("Bob");
            String id = url.substring(url.lastIndexOf('/') + 1);
            Api.Res comments = Api.as(emulator, "alice@example.com")
                    .get("/wiki/api/v2/pages/" + id + "/footer-comments?body-format=storage");
            assertThat(comments.results()).hasSize(1);
            assertThat(((java.util.Map<?, ?>) comments.results().get(0).get("version")).get("authorId"))
                    .isEqualTo("b1");
        }
    }

    private static HttpResponse<String> postForm(String url, String form) throws Exception {
        return NO_REDIRECTS.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Debian's {@code chromium} package; the test is skipped where it is not installed. */
    private static Path chromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    @Test
    void aRealHeadlessChromiumRendersThePageAndTakesAScreenshot(@TempDir Path dir) throws Exception {
        Path chromium = chromium();
        assumeTrue(chromium != null, "chromium is not installed (apt-get install -y chromium)");
        try (ConfluenceEmulator emulator =
                ConfluenceEmulator.builder().seed(seed()).build().start()) {
            String url = pageUrl(emulator);
            Path shot = dir.resolve("page.png");

            String dom = runChromium(chromium, dir, "--dump-dom", url);
            runChromium(chromium, dir, "--screenshot=" + shot, "--window-size=1200,1000", url);

            assertThat(dom)
                    .contains("Release &lt;script&gt;")
                    .contains("Freeze on Fridays")
                    .contains("<td>prod</td>");
            assertThat(shot).exists();
            byte[] png = Files.readAllBytes(shot);
            assertThat(png.length).isGreaterThan(5_000);
            assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
            Path keep = Path.of("target", "web-view-screenshot.png");
            Files.createDirectories(keep.getParent());
            Files.copy(shot, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String runChromium(Path chromium, Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + dir.resolve("profile")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectError(dir.resolve("chromium.log").toFile())
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s");
        }
        assertThat(p.exitValue())
                .as(Files.readString(dir.resolve("chromium.log")))
                .isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
