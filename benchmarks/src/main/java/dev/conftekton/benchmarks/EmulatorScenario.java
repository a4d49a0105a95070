package dev.conftekton.benchmarks;

import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Confluence emulator as a benchmark target: simple v2 page GETs per second over HTTP/1.1 keep-alive (goal
 * {@code gets_per_second >= 2000}, so the emulator is never what another benchmark measures), and heap used with
 * 10,000 pages loaded ({@code heap_mib_10k_pages}, after a full GC, whole JVM).
 *
 * <p>Options: {@code --pages N} (default 10000), {@code --clients N} concurrent clients (default 8).
 */
public final class EmulatorScenario implements Scenario {
    @Override
    public String name() {
        return "emulator";
    }

    @Override
    public String description() {
        return "Confluence emulator: GET /wiki/api/v2/pages/{id} per second (goal >= 2000) and heap with 10k pages"
                + " [--pages N --clients N]";
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    @Override
    public void run(Run run, Figures figures) throws Exception {
        int pages = run.intOption("pages", 10_000);
        int clients = run.intOption("clients", 8);
        if (pages < 1 || clients < 1) {
            throw new IllegalArgumentException("--pages and --clients must be at least 1");
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedHeapAfterGc(memory);
        try (ConfluenceEmulator emulator = ConfluenceEmulator.builder().build().start()) {
            String author = "alice@example.com";
            List<String> ids = new ArrayList<>(pages);
            String body = "<h1>Release notes</h1><p>" + "Changes and fixes. ".repeat(20) + "</p>"
                    + "<ul><li>one</li><li>two</li><li>three</li></ul>";
            long loadStart = System.nanoTime();
            for (int i = 0; i < pages; i++) {
                ids.add(emulator.createPage(author, "DEV", "Benchmark page " + i, body, null));
            }
            double loadMs = (System.nanoTime() - loadStart) / 1e6;
            long loaded = usedHeapAfterGc(memory);
            run.out().printf("   loaded %d pages in %.0f ms%n", pages, loadMs);
            figures.put("pages_loaded", pages);
            figures.put("load_10k_pages_ms", loadMs * 10_000.0 / pages);
            figures.put("heap_mib_10k_pages", loaded / 1048576.0);
            figures.put("heap_mib_10k_pages_delta", Math.max(0, loaded - before) / 1048576.0);

            String auth = emulator.user(author).basicAuthorization();
            String base = emulator.baseUrl() + "/wiki/api/v2/pages/";
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(2))
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            LongAdder ok = new LongAdder();
            LongAdder failed = new LongAdder();
            AtomicBoolean measuring = new AtomicBoolean(false);
            AtomicBoolean stop = new AtomicBoolean(false);
            java.util.concurrent.atomic.AtomicReference<String> firstFailure =
                    new java.util.concurrent.atomic.AtomicReference<>();
            long[][] latencies = new long[clients][];
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int slot = c;
                futures.add(pool.submit(() -> {
                    long[] lat = new long[1 << 20];
                    int n = 0;
                    while (!stop.get()) {
                        String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                        HttpRequest request = HttpRequest.newBuilder(URI.create(base + id))
                                .header("Authorization", auth)
                                .GET()
                                .build();
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                            if (measuring.get()) {
                                if (r.statusCode() == 200) {
                                    ok.increment();
                                    if (n < lat.length) {
                                        lat[n++] = System.nanoTime() - t0;
                                    }
                                } else {
                                    failed.increment();
                                    firstFailure.compareAndSet(null, "HTTP " + r.statusCode());
                                }
                            }
                        } catch (Exception e) {
                            if (measuring.get()) {
                                failed.increment();
                                firstFailure.compareAndSet(null, e.toString());
                            }
                        }
                    }
                    latencies[slot] = java.util.Arrays.copyOf(lat, n);
                    return null;
                }));
            }
            Thread.sleep(run.warmup().toMillis());
            emulator.requestLog().reset();
            measuring.set(true);
            long start = System.nanoTime();
            Thread.sleep(run.measure().toMillis());
            measuring.set(false);
            double seconds = (System.nanoTime() - start) / 1e9;
            stop.set(true);
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdownNow();
            long[] all = java.util.Arrays.stream(latencies)
                    .flatMapToLong(java.util.Arrays::stream)
                    .sorted()
                    .toArray();
            figures.put("gets_per_second", ok.sum() / seconds);
            figures.put("get_failures", failed.sum());
            figures.put("clients", clients);
            if (all.length > 0) {
                figures.put("get_p50_ms", all[all.length / 2] / 1e6);
                figures.put("get_p99_ms", all[(int) Math.min(all.length - 1, (long) (all.length * 0.99))] / 1e6);
            }
            run.out()
                    .printf(
                            "   %d GETs in %.1f s (%d failed); emulator logged %d requests%n",
                            ok.sum(),
                            seconds,
                            failed.sum(),
                            emulator.requestLog().count("GET /wiki/api/v2/pages/{id}"));
        }
    }
}
