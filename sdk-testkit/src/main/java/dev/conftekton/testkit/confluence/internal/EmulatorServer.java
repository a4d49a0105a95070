package dev.conftekton.testkit.confluence.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.conftekton.testkit.confluence.EmulatorSeed;
import dev.conftekton.testkit.confluence.RequestLog;
import dev.conftekton.testkit.confluence.internal.Model.User;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server behind {@code ConfluenceEmulator}. Internal: not a supported API, may change without notice.
 */
public final class EmulatorServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmulatorServer.class);
    private static final Pattern HOST =
            Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

    /**
     * Settings from the public builder.
     *
     * @param serveCloud serve {@code /wiki/api/v2} and {@code /wiki/rest/api}
     * @param serveDataCenter serve {@code /rest/api} and {@code /rest/api/webhooks}
     */
    public record Options(
            InetAddress bindAddress,
            int port,
            int threads,
            boolean serveCloud,
            boolean serveDataCenter,
            Duration latency,
            int rateLimitCapacity,
            double rateLimitPerSecond,
            double serverErrorShare,
            double dropShare,
            long randomSeed,
            Clock clock) {}

    static {
        // The JDK server writes headers and body as separate segments; with Nagle's algorithm on, each answer waits
        // for the client's delayed ACK (~40 ms). Read once per JVM when the first HttpServer starts; an explicit
        // setting by the application wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Options options;
    private final Store store;
    private final RequestLog log;
    private final Router router = new Router();
    private final TokenBucket bucket;
    private final Random random;
    private final Webhooks webhooks;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;

    public EmulatorServer(EmulatorSeed seed, Options options, RequestLog log) {
        this.options = options;
        this.store = new Store(seed, options.clock());
        this.log = log;
        this.bucket = options.rateLimitCapacity() > 0
                ? new TokenBucket(options.rateLimitCapacity(), options.rateLimitPerSecond(), System::nanoTime)
                : null;
        this.random = new Random(options.randomSeed());
        this.webhooks = new Webhooks(store);
        if (options.serveCloud()) {
            new V2Api(store, webhooks).register(router, "/wiki/api/v2");
            new V1Api(store, webhooks, "/wiki").register(router);
        }
        if (options.serveDataCenter()) {
            new V1Api(store, webhooks, "").register(router);
            webhooks.register(router);
        }
        new WebView(store, webhooks, options.serveCloud() ? "/wiki" : "").register(router);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(Math.max(2, options.threads()), r -> {
            Thread t = new Thread(r, "confluence-emulator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            server = HttpServer.create(new InetSocketAddress(options.bindAddress(), options.port()), 256);
        } catch (IOException e) {
            executor.shutdownNow();
            webhooks.close();
            throw new UncheckedIOException(
                    "Cannot bind the Confluence emulator to " + options.bindAddress() + ":" + options.port() + " ("
                            + e.getMessage() + "); choose another port or 0 for any free port",
                    e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        String host = options.bindAddress().isAnyLocalAddress()
                ? "127.0.0.1"
                : options.bindAddress().getHostAddress();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        server.start();
        this.baseUrl = "http://" + host + ":" + server.getAddress().getPort();
    }

    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Activates or deactivates a user at runtime; false if no such user. */
    public boolean setActive(String accountIdOrEmail, boolean active) {
        return store.write(() -> store.setActive(accountIdOrEmail, active));
    }

    /** How many pages exist (any status). */
    public int pageCount() {
        return store.read(() -> (int) store.contents.values().stream()
                .filter(c -> c.type == Model.Type.PAGE)
                .count());
    }

    /** Creates a page directly (no HTTP), as {@code accountId}; returns its id. For seeding benchmarks. */
    public String createPage(String accountId, String spaceKey, String title, String body, String parentId) {
        return store.write(() -> {
            User u = store.user(accountId);
            if (u == null) {
                throw new IllegalArgumentException("Unknown account id " + accountId);
            }
            try {
                return store.createPage(u, store.spaceByKey(u, spaceKey), title, body, parentId, "current", false).id;
            } catch (ApiError e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        });
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        webhooks.close();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the request pipeline ----

    private void handle(HttpExchange ex) {
        String path = ex.getRequestURI().getRawPath();
        String[] endpoint = {ex.getRequestMethod() + " <unmatched>"};
        String[] accountId = {null};
        Resp r;
        try {
            r = answer(ex, endpoint, accountId);
        } catch (RuntimeException e) {
            LOG.warn("Emulator bug answering {} {}", ex.getRequestMethod(), path, e);
            r = error(styleFor(path), new ApiError(500, "INTERNAL_SERVER_ERROR", "The emulator failed."), null);
        }
        // recorded before answering, so a client holding its answer finds its request in the log
        log.record(new RequestLog.Entry(endpoint[0], path, r == null ? 0 : r.status, accountId[0]));
        try {
            if (r != null) {
                send(ex, r);
            }
        } catch (IOException e) {
            LOG.debug("Emulator could not answer {} {}: {}", ex.getRequestMethod(), path, e.toString());
        } finally {
            ex.close(); // without a response sent, this drops the connection
        }
    }

    /** The response to send, or {@code null} to drop the connection. */
    private Resp answer(HttpExchange ex, String[] endpoint, String[] accountId) {
        String hostHeader = ex.getRequestHeaders().getFirst("Host");
        String origin = hostHeader != null && HOST.matcher(hostHeader).matches() ? "http://" + hostHeader : baseUrl;
        Req req;
        Router.Match match;
        Router.Style style;
        try {
            req = new Req(ex, origin);
            match = router.match(req.method, req.path);
            style = match != null ? match.route().style() : styleFor(req.path);
            if (match != null) {
                endpoint[0] = ex.getRequestMethod() + " " + match.route().template();
            }
        } catch (ApiError e) {
            return error(styleFor(ex.getRequestURI().getRawPath()), e, null);
        }
        if (options.dropShare() > 0 || options.serverErrorShare() > 0) {
            double roll;
            synchronized (random) {
                roll = random.nextDouble();
            }
            if (roll < options.dropShare()) {
                return null;
            }
            if (roll < options.dropShare() + options.serverErrorShare()) {
                return error(
                        style,
                        new ApiError(
                                503,
                                "SERVICE_UNAVAILABLE",
                                "Injected fault: the emulator answers a share of requests with 5xx."),
                        req);
            }
        }
        TokenBucket.Outcome outcome = null;
        if (bucket != null) {
            outcome = bucket.take();
            if (!outcome.allowed()) {
                Resp r = error(
                        style,
                        new ApiError(
                                429,
                                "TOO_MANY_REQUESTS",
                                "Rate limit exceeded; retry after " + outcome.retryAfterSeconds() + " seconds."),
                        req);
                r.header("Retry-After", Long.toString(outcome.retryAfterSeconds()));
                rateHeaders(r, 0);
                return r;
            }
        }
        if (!options.latency().isZero()) {
            sleep(options.latency());
        }
        Resp r = dispatch(req, match, style);
        accountId[0] = req.user == null ? null : req.user.accountId;
        if (outcome != null) {
            rateHeaders(r, outcome.remaining());
        }
        return r;
    }

    private void rateHeaders(Resp r, int remaining) {
        r.header("X-RateLimit-Limit", Integer.toString(bucket.capacity));
        r.header("X-RateLimit-Remaining", Integer.toString(remaining));
        r.header("X-RateLimit-Interval-Seconds", "1");
        r.header("X-RateLimit-FillRate", trim(bucket.perSecond));
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Resp dispatch(Req req, Router.Match match, Router.Style style) {
        try {
            if (match == null) {
                throw ApiError.notFound("No endpoint " + req.method + " " + req.path + " in this emulator.");
            }
            if (match.methodMismatch()) {
                throw new ApiError(
                        405,
                        "METHOD_NOT_ALLOWED",
                        "Method " + req.method + " is not allowed on "
                                + match.route().template() + ".");
            }
            Router.bind(match, req);
            if (match.route().auth()) {
                authenticate(req);
            } else {
                tryAuthenticate(req);
            }
            return match.route().handler().handle(req);
        } catch (ApiError e) {
            return error(style, e, req);
        } catch (StackOverflowError e) {
            return error(style, ApiError.badRequest("The request is nested too deeply to process."), req);
        } catch (RuntimeException e) {
            LOG.warn("Emulator bug answering {} {}", req.method, req.path, e);
            return error(
                    style,
                    new ApiError(
                            500,
                            "INTERNAL_SERVER_ERROR",
                            "The emulator failed: " + e.getClass().getSimpleName()),
                    req);
        }
    }

    private void tryAuthenticate(Req req) {
        try {
            if (req.header("Authorization") != null) {
                authenticate(req);
            }
        } catch (ApiError e) {
            req.user = null;
        }
    }

    private void authenticate(Req req) {
        String h = req.header("Authorization");
        if (h == null || h.isBlank()) {
            throw ApiError.unauthorized("Authentication required: send Basic email:api-token or Bearer <token>.");
        }
        User user = null;
        int space = h.indexOf(' ');
        String scheme = space < 0 ? h : h.substring(0, space);
        String value = space < 0 ? "" : h.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Basic")) {
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiError.unauthorized("Malformed Basic credentials: expected base64 of email:api-token.");
            }
            int colon = pair.indexOf(':');
            if (colon > 0) {
                String email = pair.substring(0, colon);
                String token = pair.substring(colon + 1);
                user = store.read(() -> store.byBasic(email, token));
            }
        } else if (scheme.equalsIgnoreCase("Bearer")) {
            user = store.read(() -> store.byBearer(value));
        }
        if (user == null) {
            throw ApiError.unauthorized("Authentication failed: unknown or inactive user, or wrong token.");
        }
        req.user = user;
    }

    private static Router.Style styleFor(String path) {
        if (path.startsWith("/wiki/api/v2")) {
            return Router.Style.V2;
        }
        if (path.startsWith("/wiki/rest/") || path.startsWith("/rest/")) {
            return Router.Style.V1;
        }
        return Router.Style.HTML;
    }

    static Resp error(Router.Style style, ApiError e, Req req) {
        Resp r;
        switch (style) {
            case V2 ->
                r = Resp.json(
                        e.status,
                        Json.obj(
                                "errors",
                                java.util.List.of(Json.obj(
                                        "status", e.status, "code", e.code, "title", e.getMessage(), "detail", null))));
            case V1 ->
                r = Resp.json(
                        e.status,
                        Json.obj(
                                "statusCode", e.status,
                                "data",
                                        Json.obj(
                                                "authorized",
                                                e.status != 401 && e.status != 403,
                                                "valid",
                                                e.status != 400 && e.status != 409,
                                                "errors",
                                                java.util.List.of(),
                                                "successful",
                                                false),
                                "message", e.getMessage(),
                                "reason", ApiError.reason(e.status)));
            case HTML ->
                r = Resp.html(
                        e.status,
                        "<!DOCTYPE html><html><head><title>" + e.status + " "
                                + ApiError.reason(e.status) + "</title></head><body><h1>" + e.status + " "
                                + ApiError.reason(e.status)
                                + "</h1><p>" + Html.escape(e.getMessage())
                                + "</p><p><a href=\"/\">Home</a></p></body></html>");
            default ->
                r = new Resp(
                        e.status, "text/plain;charset=UTF-8", e.getMessage().getBytes(StandardCharsets.UTF_8));
        }
        if (e.status == 401) {
            r.header("WWW-Authenticate", "Basic realm=\"Confluence emulator\"");
        }
        return r;
    }

    private static int send(HttpExchange ex, Resp r) throws IOException {
        var h = ex.getResponseHeaders();
        if (r.contentType != null) {
            h.set("Content-Type", r.contentType);
        }
        r.headers.forEach(h::set);
        h.set("X-Content-Type-Options", "nosniff");
        boolean head = ex.getRequestMethod().equals("HEAD");
        if (r.status == 204 || r.status == 304 || head) {
            ex.sendResponseHeaders(r.status, -1);
        } else {
            ex.sendResponseHeaders(r.status, r.body.length == 0 ? -1 : r.body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(r.body);
            }
        }
        return r.status;
    }
}
