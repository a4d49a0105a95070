package dev.conftekton.testkit.confluence;

import dev.conftekton.testkit.confluence.internal.EmulatorServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A stateful stand-in for Atlassian Confluence (Cloud REST API v2 and v1, and the Data Center v1 flavour), served by
 * the JDK's HTTP server for tests, benchmarks and demos.
 *
 * <p>Cloud paths live under {@code /wiki} ({@code /wiki/api/v2/pages}, {@code /wiki/rest/api/content}); Data Center
 * paths have no prefix ({@code /rest/api/content}, {@code /rest/api/webhooks}); people browse {@code /}. Clients
 * authenticate as a seeded {@link EmulatorUser}: Basic {@code email:apiToken} or Bearer personal access token.
 *
 * <pre>{@code
 * try (ConfluenceEmulator confluence = ConfluenceEmulator.builder()
 *         .seed(EmulatorSeed.example())
 *         .build()
 *         .start()) {
 *     EmulatorUser alice = confluence.user("alice@example.com");
 *     // GET confluence.cloudUrl() + "/api/v2/spaces" with alice.basicAuthorization()
 * }
 * }</pre>
 *
 * <p>Instances are thread-safe. Close them to free the port and threads.
 */
public final class ConfluenceEmulator implements AutoCloseable {
    private final Builder config;
    private final RequestLog requestLog = new RequestLog();
    private volatile EmulatorServer server;

    private ConfluenceEmulator(Builder config) {
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts an emulator seeded from a YAML or JSON file, for the {@code conftekton emulator} command.
     *
     * @param seedFile the seed, or {@code null} for {@link EmulatorSeed#example()}
     * @param port the port, or {@code 0} for any free port
     */
    public static ConfluenceEmulator startFromSeedFile(Path seedFile, int port) {
        EmulatorSeed seed = seedFile == null ? EmulatorSeed.example() : EmulatorSeed.fromFile(seedFile);
        return builder().seed(seed).port(port).build().start();
    }

    /** A documented YAML seed example (what {@code conftekton emulator --print-seed-example} prints). */
    public static String seedExample() {
        try (InputStream in = ConfluenceEmulator.class.getResourceAsStream("seed-example.yaml")) {
            if (in == null) {
                throw new IllegalStateException("seed-example.yaml is missing from the testkit jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Binds the port and starts serving; returns {@code this}. Starting twice is an error. */
    public synchronized ConfluenceEmulator start() {
        if (server != null) {
            throw new IllegalStateException("The emulator is already started at " + server.baseUrl());
        }
        server = new EmulatorServer(
                config.seed,
                new EmulatorServer.Options(
                        config.bindAddress,
                        config.port,
                        config.threads,
                        config.cloud,
                        config.dataCenter,
                        config.latency,
                        config.rateCapacity,
                        config.ratePerSecond,
                        config.serverErrorShare,
                        config.dropShare,
                        config.randomSeed,
                        config.clock),
                requestLog);
        return this;
    }

    private EmulatorServer server() {
        EmulatorServer s = server;
        if (s == null) {
            throw new IllegalStateException("The emulator is not started; call start() first");
        }
        return s;
    }

    /** {@code http://127.0.0.1:PORT}: the Data Center base URL and the web view. */
    public String baseUrl() {
        return server().baseUrl();
    }

    /** {@code http://127.0.0.1:PORT/wiki}: the Cloud site base URL (API paths {@code /api/v2}, {@code /rest/api}). */
    public String cloudUrl() {
        return baseUrl() + "/wiki";
    }

    public int port() {
        return server().port();
    }

    /** The seeded users, with their credentials. */
    public List<EmulatorUser> users() {
        return config.seed.users();
    }

    /** A seeded user by account id or email. */
    public EmulatorUser user(String accountIdOrEmail) {
        for (EmulatorUser u : config.seed.users()) {
            if (u.accountId().equals(accountIdOrEmail) || u.email().equalsIgnoreCase(accountIdOrEmail)) {
                return u;
            }
        }
        throw new IllegalArgumentException("No seeded user " + accountIdOrEmail + "; seeded: "
                + config.seed.users().stream().map(EmulatorUser::email).toList());
    }

    public EmulatorSeed seed() {
        return config.seed;
    }

    /** Counts per endpoint and recent requests; readable and resettable while serving. */
    public RequestLog requestLog() {
        return requestLog;
    }

    /**
     * Creates a current page without HTTP (no request is logged), e.g. to load 10,000 pages for a benchmark.
     *
     * @param parentId parent page id, or {@code null} for a child of the space home page
     * @return the new page id
     */
    public String createPage(
            String accountIdOrEmail, String spaceKey, String title, String storageBody, String parentId) {
        return server().createPage(user(accountIdOrEmail).accountId(), spaceKey, title, storageBody, parentId);
    }

    /**
     * Deactivates a user now, as a site admin would: they can no longer sign in (401), keep their content, comments
     * and group memberships, and the user APIs report them the way Confluence does (REST v2 {@code users-bulk}:
     * {@code accountStatus: inactive}; REST v1 Cloud: empty {@code operations}; Data Center: {@code status}).
     *
     * @param accountIdOrEmail a seeded user's account id or email
     */
    public void deactivate(String accountIdOrEmail) {
        setActive(accountIdOrEmail, false);
    }

    /** Reactivates a user deactivated by {@link #deactivate(String)} or seeded with {@code active: false}. */
    public void reactivate(String accountIdOrEmail) {
        setActive(accountIdOrEmail, true);
    }

    private void setActive(String accountIdOrEmail, boolean active) {
        Objects.requireNonNull(accountIdOrEmail, "accountIdOrEmail");
        if (!server().setActive(accountIdOrEmail, active)) {
            throw new IllegalArgumentException("No seeded user " + accountIdOrEmail);
        }
    }

    /** How many pages exist (any status), including space home pages. */
    public int pageCount() {
        return server().pageCount();
    }

    /** A multi-line description for people: URLs and seeded users (tokens included: it is a local test server). */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("Confluence emulator\n");
        sb.append("  web view:          ").append(baseUrl()).append("/\n");
        if (config.cloud) {
            sb.append("  Cloud base URL:    ").append(cloudUrl()).append("  (REST: /wiki/api/v2, /wiki/rest/api)\n");
        }
        if (config.dataCenter) {
            sb.append("  Data Center URL:   ")
                    .append(baseUrl())
                    .append("  (REST: /rest/api, webhooks /rest/api/webhooks)\n");
        }
        sb.append("  users (Basic email:apiToken, or Bearer personalAccessToken):\n");
        for (EmulatorUser u : config.seed.users()) {
            // A credential the seed leaves out is not shown, rather than shown as "null".
            sb.append(String.format(
                    Locale.ROOT,
                    "    %-24s %-22s%s%s%s%n",
                    u.email(),
                    u.accountId(),
                    u.apiToken() == null ? "" : " apiToken=" + u.apiToken(),
                    u.personalAccessToken() == null ? "" : " pat=" + u.personalAccessToken(),
                    u.active() ? "" : " (inactive)"));
        }
        return sb.toString();
    }

    /** Stops serving and frees the port and threads; idempotent. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    public String toString() {
        EmulatorServer s = server;
        return "ConfluenceEmulator[" + (s == null ? "not started" : s.baseUrl()) + "]";
    }

    /** Configures an emulator; all settings are optional. */
    public static final class Builder {
        private EmulatorSeed seed = EmulatorSeed.example();
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port;
        private int threads = 16;
        private boolean cloud = true;
        private boolean dataCenter = true;
        private Duration latency = Duration.ZERO;
        private int rateCapacity;
        private double ratePerSecond;
        private double serverErrorShare;
        private double dropShare;
        private long randomSeed = 42;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** The initial state; defaults to {@link EmulatorSeed#example()}. */
        public Builder seed(EmulatorSeed seed) {
            this.seed = Objects.requireNonNull(seed, "seed");
            return this;
        }

        /** Reads the seed from a YAML or JSON file. */
        public Builder seedFile(Path file) {
            return seed(EmulatorSeed.fromFile(file));
        }

        /** The port; {@code 0} (default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The address to listen on; defaults to the loopback address. */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /** Worker threads (default 16). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1");
            }
            this.threads = threads;
            return this;
        }

        /** Which flavours to serve; by default both, side by side. At least one. */
        public Builder flavours(boolean cloud, boolean dataCenter) {
            if (!cloud && !dataCenter) {
                throw new IllegalArgumentException("Serve at least one flavour: Cloud or Data Center");
            }
            this.cloud = cloud;
            this.dataCenter = dataCenter;
            return this;
        }

        /** Serve only the Data Center flavour ({@code /rest/api}, no {@code /wiki}). */
        public Builder dataCenterOnly() {
            return flavours(false, true);
        }

        /** Serve only the Cloud flavour ({@code /wiki/...}). */
        public Builder cloudOnly() {
            return flavours(true, false);
        }

        /** A fixed delay added to every request (default none). */
        public Builder latency(Duration latency) {
            Objects.requireNonNull(latency, "latency");
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency must not be negative");
            }
            this.latency = latency;
            return this;
        }

        /**
         * A token bucket over all requests: {@code burst} requests at once, refilled at {@code perSecond}. Refused
         * requests get 429 with {@code Retry-After} and {@code X-RateLimit-*} headers. Default: unlimited.
         */
        public Builder rateLimit(int burst, double perSecond) {
            if (burst < 1 || !(perSecond > 0)) {
                throw new IllegalArgumentException("rateLimit needs burst >= 1 and perSecond > 0");
            }
            this.rateCapacity = burst;
            this.ratePerSecond = perSecond;
            return this;
        }

        /**
         * Fault injection: a share (0..1) of requests answered 503 and a share whose connection is closed without an
         * answer. Decisions come from a random generator seeded with {@link #randomSeed(long)}.
         */
        public Builder faults(double serverErrorShare, double dropShare) {
            if (serverErrorShare < 0 || dropShare < 0 || serverErrorShare + dropShare > 1) {
                throw new IllegalArgumentException("fault shares must be >= 0 and add up to at most 1");
            }
            this.serverErrorShare = serverErrorShare;
            this.dropShare = dropShare;
            return this;
        }

        /** Seed of the fault-injection random generator (default 42), for repeatable runs. */
        public Builder randomSeed(long randomSeed) {
            this.randomSeed = randomSeed;
            return this;
        }

        /** The clock for server-set timestamps (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** An unstarted emulator; call {@link ConfluenceEmulator#start()}. */
        public ConfluenceEmulator build() {
            Builder copy = new Builder();
            copy.seed = seed;
            copy.bindAddress = bindAddress;
            copy.port = port;
            copy.threads = threads;
            copy.cloud = cloud;
            copy.dataCenter = dataCenter;
            copy.latency = latency;
            copy.rateCapacity = rateCapacity;
            copy.ratePerSecond = ratePerSecond;
            copy.serverErrorShare = serverErrorShare;
            copy.dropShare = dropShare;
            copy.randomSeed = randomSeed;
            copy.clock = clock;
            return new ConfluenceEmulator(copy);
        }
    }
}
