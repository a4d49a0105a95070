package dev.conftekton.cli.emulator;

import dev.conftekton.cli.ExitCodes;
import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import dev.conftekton.testkit.confluence.EmulatorSeed;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code conftekton emulator}: the testkit's Confluence emulator as a standalone server. */
@Command(
        name = "emulator",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the Confluence emulator (Cloud v2 + v1 under /wiki, Data Center v1 under /rest/api, a web view"
                    + " at /) until interrupted. It prints its URLs and the seeded users' credentials.",
            "",
            "It is a test double for tests, benchmarks and demos, not a Confluence: data lives in memory and is"
                    + " gone when it stops. It listens on loopback unless --bind says otherwise.",
            ""
        },
        footer = {
            "%nExamples:",
            "  conftekton emulator --port 8090",
            "  conftekton emulator --print-seed-example > seed.yaml   # edit, then:",
            "  conftekton emulator --port 8090 --seed seed.yaml --latency-ms 20",
            "%nExit codes: 0 stopped normally, 2 bad option or seed file."
        })
public final class EmulatorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            paramLabel = "N",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = 8090;

    @Option(
            names = "--seed",
            paramLabel = "FILE",
            description = "YAML or JSON seed file: users, groups, spaces, permissions, pages"
                    + " (default: the built-in example; see --print-seed-example).")
    Path seed;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind = "127.0.0.1";

    @Option(
            names = "--latency-ms",
            paramLabel = "MS",
            description = "Fixed latency added to every request (default: 0).")
    long latencyMs;

    @Option(
            names = "--rate-limit",
            paramLabel = "PER_SECOND",
            description = "Answer 429 with Retry-After above this many requests per second (default: no limit).")
    Double rateLimit;

    @Option(names = "--print-seed-example", description = "Print a documented example seed file and exit.")
    boolean printSeedExample;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (printSeedExample) {
            out.print(ConfluenceEmulator.seedExample());
            out.flush();
            return ExitCodes.OK;
        }
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, got " + port);
        }
        if (latencyMs < 0 || latencyMs > 60_000) {
            throw new ParameterException(spec.commandLine(), "--latency-ms must be between 0 and 60000");
        }
        if (rateLimit != null && !(rateLimit > 0)) {
            throw new ParameterException(spec.commandLine(), "--rate-limit must be a positive number");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "--bind: unknown address " + bind);
        }
        EmulatorSeed seedData = seed == null ? EmulatorSeed.example() : EmulatorSeed.fromFile(seed);
        ConfluenceEmulator.Builder builder =
                ConfluenceEmulator.builder().seed(seedData).port(port).bindAddress(address);
        if (latencyMs > 0) {
            builder.latency(Duration.ofMillis(latencyMs));
        }
        if (rateLimit != null) {
            builder.rateLimit((int) Math.max(1, Math.ceil(rateLimit)), rateLimit);
        }
        // A client that never finishes sending its request must not hold a server thread for ever
        // (JVM-wide and read once, so only this command sets it, never the library).
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", "60");
        }
        ConfluenceEmulator emulator = builder.build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            emulator.close();
                            stopped.countDown();
                        },
                        "emulator-shutdown"));
        out.print(emulator.describe());
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }
}
