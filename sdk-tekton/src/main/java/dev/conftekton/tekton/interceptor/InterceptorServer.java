package dev.conftekton.tekton.interceptor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.conftekton.tekton.interceptor.internal.JsonWriter;
import dev.conftekton.tekton.interceptor.internal.PemTls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Serves a {@link ConfluenceInterceptor} over HTTP or HTTPS with the JDK's HTTP server.
 *
 * <ul>
 *   <li>{@code POST /} (or the configured path): the ClusterInterceptor endpoint; always HTTP 200
 *       with an InterceptorResponse, also for bad input and oversized bodies
 *   <li>{@code GET /healthz}: 200 while the process serves
 *   <li>{@code GET /readyz}: 200 when the interceptor can verify events (secret readable, not
 *       shutting down), else 503 with the reason
 *   <li>anything else: 404, or 405 for a wrong method
 * </ul>
 *
 * <pre>{@code
 * try (InterceptorServer server = InterceptorServer.builder(interceptor)
 *         .port(8443).tls(Path.of("tls.crt"), Path.of("tls.key")).build().start()) {
 *     server.awaitShutdown();   // until close() from a shutdown hook
 * }
 * }</pre>
 *
 * <p>Request time limits use the JDK server's {@code sun.net.httpserver.maxReqTime} and
 * {@code maxRspTime} properties, which are JVM-wide and read once: {@link Builder#requestTimeout}
 * sets them if they are not set yet when the first server in the JVM is created.
 */
public final class InterceptorServer implements AutoCloseable {
    private static final long DISCARD_CAP = 16L * 1024 * 1024;

    static {
        // The JDK server writes a response's headers and body as separate segments; with Nagle's algorithm on,
        // each answer then waits for the client's delayed ACK (~40 ms on Linux), which caps a keep-alive client
        // at about 25 requests per second. Read once per JVM when the first HttpServer starts; an explicit
        // setting by the application wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final ConfluenceInterceptor interceptor;
    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final PrintStream log;
    private final Duration shutdownGrace;
    private final String path;
    private final boolean tls;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean shuttingDown;

    private InterceptorServer(Builder b) {
        this.interceptor = b.interceptor;
        this.log = b.log;
        this.shutdownGrace = b.shutdownGrace;
        this.path = b.path;
        this.tls = b.tlsCertificate != null;
        long seconds = Math.max(1, b.requestTimeout.toSeconds());
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", Long.toString(seconds));
        }
        if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
            System.setProperty("sun.net.httpserver.maxRspTime", Long.toString(seconds));
        }
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(
                b.threads,
                b.threads,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(b.queueSize),
                r -> {
                    Thread t = new Thread(r, "interceptor-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
        try {
            InetSocketAddress address = new InetSocketAddress(b.bindAddress, b.port);
            if (tls) {
                SSLContext context = PemTls.serverContext(b.tlsCertificate, b.tlsKey);
                HttpsServer https = HttpsServer.create(address, 256);
                https.setHttpsConfigurator(new HttpsConfigurator(context) {
                    @Override
                    public void configure(HttpsParameters params) {
                        SSLParameters p = context.getDefaultSSLParameters();
                        p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                        params.setSSLParameters(p);
                    }
                });
                this.server = https;
            } else {
                this.server = HttpServer.create(address, 256);
            }
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException(
                    "cannot listen on " + b.bindAddress + ":" + b.port + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public static Builder builder(ConfluenceInterceptor interceptor) {
        return new Builder(interceptor);
    }

    /** Starts serving; returns this server. */
    public InterceptorServer start() {
        server.start();
        log("INFO", "interceptor listening", Map.of("port", port(), "tls", tls, "path", path));
        return this;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://} or {@code https://} plus loopback address and port, for tests and benchmarks. */
    public String baseUrl() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + port();
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    /**
     * Graceful shutdown: reports not ready, stops accepting, lets running exchanges finish within
     * the grace period, then stops the worker threads.
     */
    @Override
    public void close() {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        log("INFO", "interceptor shutting down", Map.of("grace_ms", shutdownGrace.toMillis()));
        server.stop((int) Math.max(0, Math.min(Integer.MAX_VALUE, shutdownGrace.toSeconds())));
        executor.shutdown();
        try {
            if (!executor.awaitTermination(shutdownGrace.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        log("INFO", "interceptor stopped", Map.of());
        stopped.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requestPath = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (requestPath.equals("/healthz")) {
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    respond(exchange, 405, "{\"error\":\"use GET\"}", "GET, HEAD");
                    return;
                }
                respond(exchange, 200, "{\"status\":\"ok\"}", null);
            } else if (requestPath.equals("/readyz")) {
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    respond(exchange, 405, "{\"error\":\"use GET\"}", "GET, HEAD");
                    return;
                }
                String problem = shuttingDown
                        ? "shutting down"
                        : interceptor.notReadyReason().orElse(null);
                respond(
                        exchange,
                        problem == null ? 200 : 503,
                        JsonWriter.write(
                                problem == null
                                        ? Map.of("status", "ready")
                                        : Map.of("status", "not ready", "reason", problem)),
                        null);
            } else if (!requestPath.equals(path)) {
                respond(exchange, 404, "{\"error\":\"not found; the interceptor listens on POST " + path + "\"}", null);
            } else if (!method.equals("POST")) {
                respond(exchange, 405, "{\"error\":\"use POST\"}", "POST");
            } else {
                InterceptorResponse response = decide(exchange);
                respond(exchange, 200, response.toJson(), null);
            }
        } catch (IOException | RuntimeException e) {
            log("WARN", "request failed", Map.of("error", e.getClass().getSimpleName()));
        }
    }

    private InterceptorResponse decide(HttpExchange exchange) throws IOException {
        long limit = interceptor.maxBodyBytes();
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                long length = Long.parseLong(declared.trim());
                if (length > limit) {
                    // Read and discard (up to a cap) so that the client, still sending, gets the
                    // decision instead of a connection reset.
                    if (length <= DISCARD_CAP) {
                        discard(exchange.getRequestBody());
                    } else {
                        exchange.getResponseHeaders().set("Connection", "close");
                    }
                    return interceptor.oversized(length);
                }
            } catch (NumberFormatException e) {
                return interceptor.process(new byte[0], "invalid/content-length");
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.min(limit, 64 * 1024));
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = exchange.getRequestBody()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (body.size() + n > limit) {
                    exchange.getResponseHeaders().set("Connection", "close");
                    return interceptor.oversized(limit + 1);
                }
                body.write(buffer, 0, n);
            }
        }
        return interceptor.process(
                body.toByteArray(), exchange.getRequestHeaders().getFirst("Content-Type"));
    }

    private static void discard(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while (total < DISCARD_CAP && (n = in.read(buffer)) > 0) {
            total += n;
        }
    }

    private static void respond(HttpExchange exchange, int status, String json, String allow) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (allow != null) {
            exchange.getResponseHeaders().set("Allow", allow);
        }
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private void log(String level, String message, Map<String, Object> fields) {
        if (log == null) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("level", level);
        line.put("logger", "interceptor");
        line.put("message", message);
        line.putAll(fields);
        String json = JsonWriter.write(line);
        synchronized (log) {
            log.println(json);
            log.flush();
        }
    }

    /** Builds an {@link InterceptorServer}; defaults: port 8080 on all interfaces, plain HTTP. */
    public static final class Builder {
        private final ConfluenceInterceptor interceptor;
        private String bindAddress = "0.0.0.0";
        private int port = 8080;
        private Path tlsCertificate;
        private Path tlsKey;
        private int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        private int queueSize = 1024;
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration shutdownGrace = Duration.ofSeconds(5);
        private String path = "/";
        private PrintStream log = System.out;

        private Builder(ConfluenceInterceptor interceptor) {
            this.interceptor = Objects.requireNonNull(interceptor, "interceptor");
        }

        public Builder bindAddress(String address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The port; 0 picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** Serve HTTPS with this PEM certificate chain and PEM private key (Triggers' https mode). */
        public Builder tls(Path certificateChain, Path privateKey) {
            this.tlsCertificate = Objects.requireNonNull(certificateChain, "certificateChain");
            this.tlsKey = Objects.requireNonNull(privateKey, "privateKey");
            return this;
        }

        public Builder threads(int threads) {
            if (threads < 1 || threads > 512) {
                throw new IllegalArgumentException("threads must be 1..512, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Time limit for reading a request and for writing a response (default 10 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder shutdownGrace(Duration grace) {
            this.shutdownGrace = Objects.requireNonNull(grace, "grace");
            return this;
        }

        /** The interceptor's path (default {@code /}), as in the ClusterInterceptor's service path. */
        public Builder path(String path) {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/") || path.equals("/healthz") || path.equals("/readyz")) {
                throw new IllegalArgumentException("path must start with / and not be /healthz or /readyz");
            }
            this.path = path;
            return this;
        }

        /** Where JSON log lines go (default stdout); null for none. */
        public Builder log(PrintStream log) {
            this.log = log;
            return this;
        }

        /**
         * Creates the server and binds the port (not yet serving: call {@link #start()}).
         *
         * @throws UncheckedIOException when the port cannot be bound
         * @throws IllegalArgumentException when the TLS files are unusable
         */
        public InterceptorServer build() {
            return new InterceptorServer(this);
        }
    }
}
