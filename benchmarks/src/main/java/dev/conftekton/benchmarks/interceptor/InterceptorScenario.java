package dev.conftekton.benchmarks.interceptor;

import dev.conftekton.benchmarks.Figures;
import dev.conftekton.benchmarks.Run;
import dev.conftekton.benchmarks.Scenario;
import dev.conftekton.core.audit.AuditSink;
import dev.conftekton.tekton.interceptor.ConfluenceInterceptor;
import dev.conftekton.tekton.interceptor.InterceptorServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verified interceptor decisions per second on loopback: each request is a distinct, HMAC-signed
 * Confluence {@code page_updated} delivery of about 10 KB, sent over HTTP/1.1 keep-alive by
 * {@code --clients} threads in the same process, each on its own connection (a small blocking
 * client, {@link KeepAliveConnection}, so that the load generator takes as little of the two cores
 * as it can). Only decisions with {@code continue: true} count.
 */
public final class InterceptorScenario implements Scenario {
    private static final String SECRET = "benchmark-webhook-secret";

    @Override
    public String name() {
        return "interceptor";
    }

    @Override
    public String description() {
        return "verified Confluence webhook decisions/s and p50/p99 latency, 10 KB payloads on loopback"
                + " (goal on 2 cores: >= 2000 req/s, p99 <= 10 ms); options --clients N, --payload-bytes N";
    }

    @Override
    public void run(Run run, Figures figures) throws Exception {
        // Two connections per core: more only queue behind each other on a 2-core machine and add
        // their wait to the latency without adding throughput.
        int clients = run.intOption("clients", 2 * Runtime.getRuntime().availableProcessors());
        int payloadBytes = run.intOption("payload-bytes", 10 * 1024);
        if (clients < 1 || clients > 256) {
            throw new IllegalArgumentException("--clients must be 1..256");
        }
        Path dir = Files.createTempDirectory("interceptor-bench");
        Path secret = Files.writeString(dir.resolve("secret"), SECRET);
        ConfluenceInterceptor interceptor = ConfluenceInterceptor.builder()
                .secretFile(secret)
                .auditSink(AuditSink.discarding())
                .replayCacheSize(100_000)
                .build();
        String padding = "x".repeat(Math.max(0, payloadBytes - 420));
        AtomicLong ids = new AtomicLong(1_000_000);
        try (InterceptorServer server = InterceptorServer.builder(interceptor)
                .bindAddress("127.0.0.1")
                .port(0)
                .threads(Math.max(4, Runtime.getRuntime().availableProcessors() * 2))
                .shutdownGrace(Duration.ZERO)
                .log(null)
                .build()
                .start()) {
            URI uri = URI.create(server.baseUrl() + "/");
            InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort());
            run.out().printf("   %d clients, %d-byte webhook bodies, server on %s%n", clients, payloadBytes, uri);
            Phase warmup = phase(run.warmup(), clients, address, padding, ids);
            run.out().printf("   warm-up: %d requests%n", warmup.latenciesNanos.length);
            Phase measured = phase(run.measure(), clients, address, padding, ids);
            long[] lat = measured.latenciesNanos;
            Arrays.sort(lat);
            double seconds = measured.elapsedNanos / 1e9;
            figures.put("requests_per_second", lat.length / seconds);
            figures.put("p50_ms", percentile(lat, 0.50) / 1e6);
            figures.put("p99_ms", percentile(lat, 0.99) / 1e6);
            figures.put("max_ms", lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6);
            figures.put("requests", lat.length);
            figures.put("failed_requests", measured.failed);
            figures.put("clients", clients);
            figures.put("payload_bytes", payloadBytes);
        } finally {
            Files.deleteIfExists(secret);
            Files.deleteIfExists(dir);
        }
    }

    private record Phase(long[] latenciesNanos, long failed, long elapsedNanos) {}

    private static Phase phase(Duration length, int clients, InetSocketAddress address, String padding, AtomicLong ids)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        LongAdder failed = new LongAdder();
        long start = System.nanoTime();
        long end = start + length.toNanos();
        List<Future<long[]>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                long[] lat = new long[1024];
                int n = 0;
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                KeepAliveConnection connection = new KeepAliveConnection(address, "/");
                try (connection) {
                    while (System.nanoTime() < end) {
                        long id = ids.incrementAndGet();
                        String body = "{\"timestamp\":" + System.currentTimeMillis()
                                + ",\"event\":\"page_updated\",\"userKey\":\"ff8081819ba46873\",\"page\":{\"id\":" + id
                                + ",\"spaceKey\":\"DOCS\",\"title\":\"Release notes " + id + "\",\"version\":3,"
                                + "\"self\":\"https://confluence.example.com/pages/viewpage.action?pageId=" + id + "\","
                                + "\"excerpt\":\"" + padding + "\"},\"updateTrigger\":\"edit_page\"}";
                        String signature = "sha256="
                                + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
                        String request =
                                "{\"body\":\"" + body.replace("\\", "\\\\").replace("\"", "\\\"")
                                        + "\",\"header\":{\"Content-Type\":[\"application/json\"],\"X-Hub-Signature\":[\""
                                        + signature + "\"]},\"interceptor_params\":{\"eventTypes\":[\"page_updated\"],"
                                        + "\"spaceKeys\":[\"DOCS\"],\"titlePattern\":\"Release notes \\\\d+\"},"
                                        + "\"context\":{\"event_id\":\"e" + id
                                        + "\",\"trigger_id\":\"namespaces/ci/triggers/docs\"}}";
                        byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
                        long t0 = System.nanoTime();
                        KeepAliveConnection.Response r = connection.post(bytes);
                        long t = System.nanoTime() - t0;
                        if (r.status() != 200 || !r.body().contains("\"continue\":true")) {
                            failed.increment();
                            continue;
                        }
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, n * 2);
                        }
                        lat[n++] = t;
                    }
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        List<long[]> parts = new ArrayList<>();
        for (Future<long[]> f : futures) {
            parts.add(f.get());
        }
        long elapsed = System.nanoTime() - start;
        pool.shutdown();
        long[] all = parts.stream().flatMapToLong(Arrays::stream).toArray();
        return new Phase(all, failed.sum(), elapsed);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
