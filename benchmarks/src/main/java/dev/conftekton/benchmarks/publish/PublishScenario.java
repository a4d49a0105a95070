package dev.conftekton.benchmarks.publish;

import dev.conftekton.benchmarks.Figures;
import dev.conftekton.benchmarks.Run;
import dev.conftekton.benchmarks.Scenario;
import dev.conftekton.confluence.publish.ConfluencePublishTarget;
import dev.conftekton.confluence.publish.PublishProgress;
import dev.conftekton.confluence.publish.PublishResult;
import dev.conftekton.confluence.publish.PublishTarget;
import dev.conftekton.confluence.publish.Publisher;
import dev.conftekton.confluence.publish.SourceTree;
import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.auth.TokenSource;
import dev.conftekton.core.flow.FlowControl;
import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.HttpResponse;
import dev.conftekton.core.http.HttpTransport;
import dev.conftekton.core.http.RestClient;
import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code publish}: the publishing engine against the emulator with 20 ms latency per request, on a
 * generated tree of 1,000 pages in three levels (10 sections x 9 chapters x 10 pages, index pages
 * included) with an image on every 50th page. Measures the first publish at concurrency 1 and 8,
 * an unchanged republish and a republish with 10 pages changed, then a first publish of a
 * 100-page tree with the emulator limited to 50 requests/s.
 *
 * <p>Options: {@code --pages-per-chapter N} (default 10), {@code --latency-ms N} (default 20).
 */
public final class PublishScenario implements Scenario {
    @Override
    public String name() {
        return "publish";
    }

    @Override
    public String description() {
        return "Markdown tree publish on the emulator (20 ms latency, 1,000 pages): goals unchanged_requests <= 12,"
                + " changed10_requests <= 42, speedup_c8_vs_c1 >= 6, failed_requests_rate_limited = 0";
    }

    @Override
    public void run(Run run, Figures figures) throws Exception {
        PrintStream out = run.out();
        int perChapter = run.intOption("pages-per-chapter", 10);
        int latencyMs = run.intOption("latency-ms", 20);
        Path dir = Files.createTempDirectory("conftekton-publish-bench");
        try {
            generate(dir.resolve("tree"), 10, 9, perChapter);
            try (ConfluenceEmulator emulator = ConfluenceEmulator.builder()
                    .latency(Duration.ofMillis(latencyMs))
                    .threads(32)
                    .build()
                    .start()) {
                Counting transport = new Counting(HttpTransport.okHttp());
                RestClient rest =
                        client(emulator, transport, FlowControl.builder().build());
                PublishTarget target = new ConfluencePublishTarget(rest);
                int pages = SourceTree.read(dir.resolve("tree"), "").pages().size();
                out.printf("tree: %d pages, latency %d ms%n", pages, latencyMs);
                figures.put("pages", pages);

                PublishTarget.Root root1 = root(emulator, "Bench c1");
                long c1 = timed(
                        out,
                        "first publish, concurrency 1",
                        emulator,
                        () -> publish(target, dir.resolve("tree"), "C1 ", root1, 1));
                figures.put("first_publish_ms_c1", c1);
                figures.put("first_publish_requests_c1", emulator.requestLog().total());

                PublishTarget.Root root8 = root(emulator, "Bench c8");
                long c8 = timed(
                        out,
                        "first publish, concurrency 8",
                        emulator,
                        () -> publish(target, dir.resolve("tree"), "C8 ", root8, 8));
                figures.put("first_publish_ms_c8", c8);
                figures.put("first_publish_requests_c8", emulator.requestLog().total());
                figures.put("speedup_c8_vs_c1", (double) c1 / Math.max(1, c8));

                long unchanged = timed(
                        out,
                        "unchanged republish",
                        emulator,
                        () -> publish(target, dir.resolve("tree"), "C8 ", root8, 8));
                figures.put("unchanged_ms", unchanged);
                figures.put("unchanged_requests", emulator.requestLog().total());

                changeTen(dir.resolve("tree"));
                long changed = timed(
                        out,
                        "republish with 10 pages changed",
                        emulator,
                        () -> publish(target, dir.resolve("tree"), "C8 ", root8, 8));
                figures.put("changed10_ms", changed);
                figures.put("changed10_requests", emulator.requestLog().total());
                transport.close();
            }

            // Rate limited: the emulator refuses more than 50 requests/s; the client keeps under it.
            generate(dir.resolve("small"), 2, 4, 12);
            try (ConfluenceEmulator limited = ConfluenceEmulator.builder()
                    .latency(Duration.ofMillis(latencyMs))
                    .rateLimit(10, 50)
                    .threads(16)
                    .build()
                    .start()) {
                Counting transport = new Counting(HttpTransport.okHttp());
                RestClient rest = client(
                        limited,
                        transport,
                        FlowControl.builder().requestsPerSecond(45).burst(5).build());
                PublishTarget target = new ConfluencePublishTarget(rest);
                PublishTarget.Root root = root(limited, "Bench limited");
                long ms = timed(
                        out,
                        "first publish, emulator limited to 50 req/s",
                        limited,
                        () -> publish(target, dir.resolve("small"), "L ", root, 8));
                figures.put(
                        "rate_limited_pages",
                        SourceTree.read(dir.resolve("small"), "").pages().size());
                figures.put("rate_limited_ms", ms);
                figures.put("rate_limited_requests", limited.requestLog().total());
                figures.put("failed_requests_rate_limited", transport.failed.get());
                transport.close();
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private interface Action {
        PublishResult run();
    }

    private static long timed(PrintStream out, String what, ConfluenceEmulator emulator, Action action) {
        emulator.requestLog().reset();
        long start = System.nanoTime();
        PublishResult result = action.run();
        long ms = (System.nanoTime() - start) / 1_000_000;
        out.printf(
                "%-45s %7d ms %6d requests  %s%n",
                what, ms, emulator.requestLog().total(), result.summary());
        if (!result.succeeded()) {
            throw new IllegalStateException(what + " failed: " + result.failures());
        }
        return ms;
    }

    private static PublishResult publish(
            PublishTarget target, Path tree, String prefix, PublishTarget.Root root, int c) {
        Publisher p =
                Publisher.builder(target).concurrency(c).toolVersion("bench").build();
        return p.execute(p.plan(SourceTree.read(tree, prefix), root), root, PublishProgress.NONE);
    }

    private static PublishTarget.Root root(ConfluenceEmulator emulator, String title) {
        String id = emulator.createPage("robot@example.com", "DEV", title, "<p>benchmark root</p>", null);
        return new PublishTarget.Root(id, title, "DEV");
    }

    private static RestClient client(ConfluenceEmulator emulator, HttpTransport transport, FlowControl flow) {
        return RestClient.builder()
                .baseUrl(emulator.cloudUrl())
                .transport(transport)
                .flowControl(flow)
                .tokenSource(TokenSource.of(AccessToken.basic("robot@example.com", Secret.of("robot-api-token"))))
                .build();
    }

    /** sections x chapters x pages: each section and chapter is a directory with an index.md. */
    static void generate(Path root, int sections, int chapters, int pagesPerChapter) throws IOException {
        int n = 0;
        for (int s = 1; s <= sections; s++) {
            Path sd = root.resolve("section-" + s);
            write(sd.resolve("index.md"), "# Section " + s + "\n\nOverview of section " + s + ".\n");
            for (int c = 1; c <= chapters; c++) {
                Path cd = sd.resolve("chapter-" + c);
                write(cd.resolve("index.md"), "# Section " + s + " chapter " + c + "\n\nChapter overview.\n");
                for (int p = 1; p <= pagesPerChapter; p++) {
                    n++;
                    StringBuilder md = new StringBuilder("# Page " + s + "." + c + "." + p + "\n\n");
                    md.append("Some text with `code`, a [link](../index.md) and a list:\n\n- one\n- two\n\n");
                    md.append("```java\nclass P").append(n).append(" {}\n```\n");
                    if (n % 50 == 0) {
                        md.append("\n![diagram](img-").append(n).append(".png)\n");
                        Files.write(cd.resolve("img-" + n + ".png"), ("png " + n).getBytes(StandardCharsets.UTF_8));
                    }
                    write(cd.resolve("page-" + p + ".md"), md.toString());
                }
            }
        }
    }

    private static void changeTen(Path root) throws IOException {
        for (int s = 1; s <= 10; s++) {
            Path f = root.resolve("section-" + s).resolve("chapter-1").resolve("page-1.md");
            Files.writeString(f, Files.readString(f) + "\nChanged.\n");
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Counts answers of 400 and above (429 included) before the retry layer sees them. */
    private static final class Counting implements HttpTransport {
        final HttpTransport delegate;
        final AtomicLong failed = new AtomicLong();

        Counting(HttpTransport delegate) {
            this.delegate = delegate;
        }

        @Override
        public HttpResponse execute(HttpRequest request, Duration timeout) {
            HttpResponse r = delegate.execute(request, timeout);
            if (r.status() >= 400) {
                failed.incrementAndGet();
            }
            return r;
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
