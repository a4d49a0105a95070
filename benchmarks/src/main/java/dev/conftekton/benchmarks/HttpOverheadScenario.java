package dev.conftekton.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.TokenSource;
import dev.conftekton.core.flow.FlowControl;
import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.HttpResponse;
import dev.conftekton.core.http.HttpTransport;
import dev.conftekton.core.http.RestClient;
import dev.conftekton.core.retry.RetryPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * {@code http-overhead}: requests per second through sdk-core's {@link RestClient} (retry wrapper
 * and flow control on, a bearer token, error mapping, redaction) against plain OkHttp, both on the
 * same local {@code com.sun.net.httpserver} server in the same run. The two clients alternate in
 * short rounds so that drift in machine load hits both alike.
 *
 * <p>Options: {@code --threads N} (default 4) concurrent callers, {@code --rounds N} (default 30)
 * alternations, {@code --body-bytes N} (default 512) response size. On a 2-core machine one round's
 * rate moves by 10 to 15 % with the machine's moment; many short rounds pair the two clients closely
 * in time, so that drift cancels out of the ratio (10 rounds gave 0.92 to 1.04 for the same code, 30
 * rounds 0.95 to 0.98).
 */
public final class HttpOverheadScenario implements Scenario {
    @Override
    public String name() {
        return "http-overhead";
    }

    @Override
    public String description() {
        return "requests/s via RestClient (retry + flow control) vs plain OkHttp on a local server;"
                + " goal ratio_vs_okhttp >= 0.95";
    }

    @Override
    public void run(Run run, Figures figures) throws Exception {
        int threads = run.intOption("threads", 4);
        int rounds = run.intOption("rounds", 30);
        int bodyBytes = run.intOption("body-bytes", 512);
        if (threads < 1 || threads > 256 || rounds < 1 || rounds > 1000 || bodyBytes < 0 || bodyBytes > 10_000_000) {
            throw new IllegalArgumentException("--threads 1..256, --rounds 1..1000, --body-bytes 0..10000000");
        }
        byte[] body = jsonBody(bodyBytes);
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
        // delayed ACK and every exchange waits ~40 ms, which would measure the kernel, not the SDK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        ExecutorService serverPool = Executors.newFixedThreadPool(Math.max(2, threads));
        server.setExecutor(serverPool);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        String token = "benchmark-token-not-a-secret";

        OkHttpClient okHttp = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(threads * 2, 5, TimeUnit.MINUTES))
                .build();
        HttpTransport transport = HttpTransport.okHttpBuilder()
                .connectionPool(threads * 2, Duration.ofMinutes(5))
                .build();
        FlowControl flow = FlowControl.builder().build();
        RestClient client = RestClient.builder()
                .baseUrl(base + "/wiki")
                .transport(transport)
                .tokenSource(TokenSource.of(AccessToken.bearer(token)))
                .retryPolicy(RetryPolicy.defaults())
                .flowControl(flow)
                .build();
        HttpRequest sdkRequest = HttpRequest.get("/api/v2/pages/1");
        String okUrl = base + "/wiki/api/v2/pages/1";

        Call sdkCall = () -> {
            try (HttpResponse r = client.execute(sdkRequest)) {
                r.body().bytes();
            }
        };
        Call okCall = () -> {
            // Built per call, as a hand-written OkHttp client would (URL from parts, token per call).
            Request okRequest = new Request.Builder()
                    .url(okUrl)
                    .header("Authorization", "Bearer " + token)
                    .build();
            try (Response r = okHttp.newCall(okRequest).execute()) {
                if (!r.isSuccessful()) {
                    throw new IOException("HTTP " + r.code());
                }
                r.body().bytes();
            }
        };

        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try {
            run.out()
                    .printf(
                            "   %d threads, %d rounds, %d-byte bodies; warming up %d s%n",
                            threads, rounds, body.length, run.warmup().toSeconds());
            long warmNanos = run.warmup().toNanos() / 2;
            measure(callers, threads, okCall, warmNanos);
            measure(callers, threads, sdkCall, warmNanos);

            long roundNanos = Math.max(1, run.measure().toNanos() / (2L * rounds));
            long okRequests = 0;
            long okNanos = 0;
            long sdkRequests = 0;
            long sdkNanos = 0;
            for (int i = 0; i < rounds; i++) {
                // Alternate which client goes first so neither always gets the warmer machine.
                boolean okFirst = i % 2 == 0;
                long[] a = measure(callers, threads, okFirst ? okCall : sdkCall, roundNanos);
                long[] b = measure(callers, threads, okFirst ? sdkCall : okCall, roundNanos);
                long[] ok = okFirst ? a : b;
                long[] sdk = okFirst ? b : a;
                okRequests += ok[0];
                okNanos += ok[1];
                sdkRequests += sdk[0];
                sdkNanos += sdk[1];
                run.out()
                        .printf(
                                "   round %d: okhttp %.0f/s, sdk-core %.0f/s%n",
                                i + 1, ok[0] * 1e9 / ok[1], sdk[0] * 1e9 / sdk[1]);
            }
            double okRate = okRequests * 1e9 / okNanos;
            double sdkRate = sdkRequests * 1e9 / sdkNanos;
            FlowControl.Stats stats = flow.stats();
            figures.put("okhttp_requests_per_second", Math.round(okRate));
            figures.put("sdk_requests_per_second", Math.round(sdkRate));
            figures.put("ratio_vs_okhttp", Math.round(sdkRate / okRate * 1000) / 1000.0);
            figures.put(
                    "sdk_overhead_us_per_request", Math.round((1e6 / sdkRate - 1e6 / okRate) * threads * 10) / 10.0);
            figures.put("threads", threads);
            figures.put("flow_limit", stats.currentLimit());
            figures.put("flow_waits", stats.waits());
            figures.put("flow_throttled", stats.throttled());
        } finally {
            callers.shutdownNow();
            transport.close();
            okHttp.dispatcher().executorService().shutdown();
            okHttp.connectionPool().evictAll();
            server.stop(0);
            serverPool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface Call {
        void call() throws Exception;
    }

    /** Runs {@code call} on {@code threads} threads for about {@code nanos}; returns {requests, elapsed nanos}. */
    private static long[] measure(ExecutorService pool, int threads, Call call, long nanos) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder done = new LongAdder();
        CountDownLatch start = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                start.await();
                while (!stop.get()) {
                    call.call();
                    done.increment();
                }
                return null;
            }));
        }
        long t0 = System.nanoTime();
        start.countDown();
        TimeUnit.NANOSECONDS.sleep(nanos);
        stop.set(true);
        for (java.util.concurrent.Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        long elapsed = System.nanoTime() - t0;
        return new long[] {done.sum(), elapsed};
    }

    private static byte[] jsonBody(int size) {
        StringBuilder sb = new StringBuilder("{\"id\":\"1\",\"title\":\"benchmark\",\"body\":\"");
        while (sb.length() < size - 2) {
            sb.append('x');
        }
        sb.append("\"}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
