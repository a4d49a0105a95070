package dev.conftekton.benchmarks.startup;

import dev.conftekton.benchmarks.Figures;
import dev.conftekton.benchmarks.Run;
import dev.conftekton.benchmarks.Scenario;
import dev.conftekton.confluence.ConfluenceClient;
import dev.conftekton.confluence.Flavour;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import dev.conftekton.testkit.confluence.EmulatorSeed;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Start-up of the approval gate as a pipeline runs it: {@code conftekton verify-approval} against the
 * emulator, a whole process each time, next to a JVM hello world on the same runtime.
 *
 * <ul>
 *   <li>Whole process: {@code java [the image's flags] -XX:SharedArchiveFile=... -cp conftekton.jar
 *       dev.conftekton.cli.Main verify-approval ...} with a CDS archive made here first as the
 *       image's is (class list from one run, without the {@code @cp} lines of Java 5 classes, static dump);
 *       {@code verify_wall_ms}, {@code verify_peak_rss_mib} (GNU time's maximum resident set),
 *       {@code hello_wall_ms} and {@code hello_peak_rss_mib} (same runtime and flags),
 *       {@code wall_ratio} (goal at most 1.5; RSS goal at most 96 MiB). {@code verify_nocds_wall_ms}
 *       shows what the archive saves.
 *   <li>The floors, each with a CDS archive of its own made the same way: {@code stack_floor_wall_ms}
 *       and {@code stack_floor_ratio}, a program that only parses one option with picocli and sends
 *       one GET with OkHttp, from the CLI jar's libraries ({@link StackFloor}): no task built on
 *       these libraries starts faster. {@code socket_floor_wall_ms} and {@code socket_floor_ratio},
 *       one GET on a bare socket ({@link SocketFloor}): the floor under any HTTP client on this runtime.
 *   <li>With {@code --image IMAGE}: the same step inside podman as Tekton runs it
 *       ({@code podman_verify_wall_ms}, {@code podman_hello_wall_ms} with the hello class mounted
 *       into the same image, {@code podman_wall_ratio}) and {@code image_compressed_mib}, the sum of
 *       the image's compressed layers as the registry serves them.
 * </ul>
 *
 * <p>Options: {@code --cli-jar} (default task-images/target/conftekton.jar), {@code --java} (default
 * this JVM's), {@code --image}, {@code --runs N} (default 7; figures are medians).
 */
public final class TaskStartupScenario implements Scenario {
    /** The image's JVM flags (task-images/pom.xml), so host and image runs compare. */
    static final List<String> FLAGS = List.of(
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Xss512k",
            "-XX:-UsePerfData",
            "-XX:+DisableAttachMechanism",
            "-Xlog:disable",
            "-Xlog:all=warning:stderr",
            "-XX:+ExitOnOutOfMemoryError");

    @Override
    public String name() {
        return "task-startup";
    }

    @Override
    public String description() {
        return "verify-approval as a whole process and in podman vs a JVM hello world: wall ms (goal ratio <= 1.5),"
                + " peak RSS (goal <= 96 MiB), image size [--cli-jar F --java F --image I --runs N]";
    }

    @Override
    public void run(Run run, Figures figures) throws Exception {
        Path cliJar = Path.of(run.option("cli-jar", "task-images/target/conftekton.jar"));
        String java = run.option(
                "java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String image = run.option("image", "");
        int runs = run.intOption("runs", 7);
        if (!Files.isRegularFile(cliJar)) {
            throw new IllegalArgumentException("no CLI jar at " + cliJar + " (build task-images, or give --cli-jar)");
        }
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1");
        }
        Path time = Path.of("/usr/bin/time");
        if (!Files.isExecutable(time)) {
            throw new IllegalStateException("peak RSS is read with GNU time: install it (apt-get install time)");
        }
        Path work = Files.createTempDirectory("task-startup");
        open(work);
        try (ConfluenceEmulator emulator = ConfluenceEmulator.builder()
                .seed(EmulatorSeed.example())
                .port(0)
                .build()
                .start()) {
            String page = emulator.createPage("alice@example.com", "DEV", "Startup release", "<p>notes</p>", null);
            ConfluenceClient.newBuilder()
                    .siteUrl(emulator.cloudUrl())
                    .flavour(Flavour.CLOUD)
                    .basicAuth("bob@example.com", Secret.of("bob-api-token"))
                    .build()
                    .comments()
                    .create(page, "<p>/approve</p>");
            Path creds = open(Files.createDirectories(work.resolve("creds")));
            Files.writeString(creds.resolve("email"), "robot@example.com");
            Files.writeString(creds.resolve("api-token"), "robot-api-token");
            open(creds);
            Path results = open(Files.createDirectories(work.resolve("results")));
            Path helloDir = helloClass(work);

            List<String> verifyArgs = List.of(
                    "verify-approval",
                    "--site=" + emulator.cloudUrl(),
                    "--flavour=cloud",
                    "--page-id=" + page,
                    "--space=DEV",
                    "--approver-group=approvers");

            // Whole process on the host, with a CDS archive made as the image's is: a class list from
            // one run (filtered as .ci/images filters it), then a static dump.
            List<String> cli = new ArrayList<>(List.of(java));
            cli.addAll(FLAGS);
            List<String> verifyProgram = new ArrayList<>(List.of("dev.conftekton.cli.Main"));
            verifyProgram.addAll(verifyArgs);
            verifyProgram.add("--credentials-dir=" + creds);
            verifyProgram.add("--results-dir=" + results);
            String cliPath = cliJar.toString();
            Path archive = cdsArchive("verify", cli, cliPath, verifyProgram, cliJar, work, time);
            List<String> verify = withArchive(cli, archive, cliPath, verifyProgram);
            List<String> noCds = withArchive(cli, null, cliPath, verifyProgram);
            List<String> hello = withArchive(cli, null, helloDir.toString(), List.of(Hello.class.getName()));

            // The floors: what the libraries alone cost (picocli + one OkHttp GET, from the CLI jar), and
            // what one GET on a bare socket costs, each with a CDS archive of its own made the same way.
            String floorPath = cliPath + File.pathSeparator + floorJar(work);
            String anyUrl = emulator.cloudUrl() + "/api/v2/spaces";
            List<String> stackProgram = List.of(StackFloor.class.getName(), "--url=" + anyUrl);
            List<String> socketProgram = List.of(SocketFloor.class.getName(), anyUrl);
            List<String> stack = withArchive(
                    cli,
                    cdsArchive("stack-floor", cli, floorPath, stackProgram, cliJar, work, time),
                    floorPath,
                    stackProgram);
            List<String> socket = withArchive(
                    cli,
                    cdsArchive("socket-floor", cli, floorPath, socketProgram, cliJar, work, time),
                    floorPath,
                    socketProgram);

            Stats v = repeat(run, "verify (CDS)", time, verify, work, runs);
            Stats n = repeat(run, "verify (no CDS)", time, noCds, work, runs);
            Stats h = repeat(run, "hello world", time, hello, work, runs);
            Stats sf = repeat(run, "picocli+OkHttp", time, stack, work, runs);
            Stats bf = repeat(run, "socket GET", time, socket, work, runs);
            figures.put("runs", runs);
            figures.put("verify_wall_ms", v.wallMs);
            figures.put("verify_peak_rss_mib", v.rssMib);
            figures.put("verify_nocds_wall_ms", n.wallMs);
            figures.put("hello_wall_ms", h.wallMs);
            figures.put("hello_peak_rss_mib", h.rssMib);
            figures.put("wall_ratio", v.wallMs / h.wallMs);
            figures.put("stack_floor_wall_ms", sf.wallMs);
            figures.put("stack_floor_ratio", sf.wallMs / h.wallMs);
            figures.put("socket_floor_wall_ms", bf.wallMs);
            figures.put("socket_floor_ratio", bf.wallMs / h.wallMs);

            if (!image.isBlank()) {
                List<String> podman = List.of(
                        "podman",
                        "--runtime",
                        "runc",
                        "--cgroup-manager=cgroupfs",
                        "run",
                        "--rm",
                        "--read-only",
                        "--read-only-tmpfs=false",
                        "--user",
                        "65532:65532",
                        "--network=host",
                        "--ulimit",
                        "nofile=1024:1024",
                        "--ulimit",
                        "nproc=1024:1024");
                // Its own results directory: the host runs left root-owned files the step cannot overwrite.
                Path podResults = open(Files.createDirectories(work.resolve("step-results")));
                List<String> step = new ArrayList<>(podman);
                step.addAll(List.of(
                        "-v",
                        creds + ":/workspace/confluence-credentials:ro",
                        "-v",
                        podResults + ":/tekton/results",
                        image));
                step.addAll(verifyArgs);
                step.addAll(List.of(
                        "--credentials-dir=/workspace/confluence-credentials", "--results-dir=/tekton/results"));
                // The hello class mounted into the same image, run by its java with the same flags.
                List<String> helloStep = new ArrayList<>(podman);
                helloStep.addAll(List.of("-v", helloDir + ":/hello:ro", "--entrypoint", "java", image));
                helloStep.addAll(FLAGS);
                helloStep.addAll(List.of("-cp", "/hello", Hello.class.getName()));
                Stats pv = repeat(run, "podman verify", null, step, work, runs);
                Stats ph = repeat(run, "podman hello", null, helloStep, work, runs);
                figures.put("podman_verify_wall_ms", pv.wallMs);
                figures.put("podman_hello_wall_ms", ph.wallMs);
                figures.put("podman_wall_ratio", pv.wallMs / ph.wallMs);
                figures.put("image_compressed_mib", compressedMib(image));
            }
        } finally {
            try (Stream<Path> all = Files.walk(work)) {
                all.sorted((a, b) -> b.getNameCount() - a.getNameCount())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    /** {@code cli}, then the archive (if any), the class path and the program. */
    private static List<String> withArchive(List<String> cli, Path archive, String classPath, List<String> program) {
        List<String> cmd = new ArrayList<>(cli);
        if (archive != null) {
            cmd.add("-XX:SharedArchiveFile=" + archive);
        }
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.addAll(program);
        return cmd;
    }

    /**
     * A CDS archive for {@code program}, made as the image's is: the class list of one run, without
     * the {@code @cp} lines of Java 5 classes in {@code filterJar} ({@link CdsClassList}), then a static dump.
     */
    private static Path cdsArchive(
            String name, List<String> cli, String classPath, List<String> program, Path filterJar, Path work, Path time)
            throws IOException, InterruptedException {
        Path classList = work.resolve(name + ".classlist");
        Path archive = work.resolve(name + ".jsa");
        List<String> train = new ArrayList<>(cli);
        train.add("-XX:DumpLoadedClassList=" + classList);
        train.addAll(List.of("-cp", classPath));
        train.addAll(program);
        Sample trained = measure(time, train, work, 0);
        if (trained.exitCode != 0 || !Files.isRegularFile(classList)) {
            throw new IllegalStateException(name + ": the training run failed: " + trained.output);
        }
        Files.write(classList, CdsClassList.withoutOldClassResolution(Files.readAllLines(classList), filterJar));
        List<String> dump = new ArrayList<>(cli);
        dump.addAll(List.of(
                "-Xshare:dump",
                "-XX:SharedClassListFile=" + classList,
                "-XX:SharedArchiveFile=" + archive,
                "-cp",
                classPath));
        Sample dumped = measure(time, dump, work, 0);
        // A failed dump can leave an empty file behind (a directory on the class path, for one).
        if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
            throw new IllegalStateException(name + ": no CDS archive at " + archive + ": " + dumped.output);
        }
        return archive;
    }

    record Sample(double wallMs, double rssMib, int exitCode, String output) {}

    record Stats(double wallMs, double rssMib) {}

    private static Stats repeat(Run run, String label, Path time, List<String> cmd, Path work, int runs)
            throws IOException, InterruptedException {
        Sample warm = measure(time, cmd, work, 0);
        if (warm.exitCode != 0) {
            throw new IllegalStateException(label + " exited " + warm.exitCode + ": " + warm.output);
        }
        double[] wall = new double[runs];
        double[] rss = new double[runs];
        for (int i = 0; i < runs; i++) {
            Sample s = measure(time, cmd, work, i + 1);
            if (s.exitCode != 0) {
                throw new IllegalStateException(label + " exited " + s.exitCode + ": " + s.output);
            }
            wall[i] = s.wallMs;
            rss[i] = s.rssMib;
        }
        Stats st = new Stats(median(wall), median(rss));
        run.out()
                .printf(
                        Locale.ROOT,
                        "   %-16s median %6.0f ms%s (%d runs)%n",
                        label,
                        st.wallMs,
                        time == null ? "" : String.format(Locale.ROOT, ", peak RSS %.1f MiB", st.rssMib),
                        runs);
        return st;
    }

    /** Runs {@code cmd} once; with GNU {@code time}, also its maximum resident set size. */
    static Sample measure(Path time, List<String> cmd, Path work, int n) throws IOException, InterruptedException {
        Path rssFile = work.resolve("rss-" + n);
        List<String> full = new ArrayList<>();
        if (time != null) {
            full.addAll(List.of(time.toString(), "-f", "%M", "-o", rssFile.toString()));
        }
        full.addAll(cmd);
        Path out = work.resolve("out-" + n);
        long start = System.nanoTime();
        Process p = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("did not finish in 120 s: " + cmd);
        }
        double wallMs = (System.nanoTime() - start) / 1e6;
        double rss = 0;
        if (time != null) {
            String kib = Files.readString(rssFile).strip();
            rss = Long.parseLong(kib.substring(kib.lastIndexOf('\n') + 1).strip()) / 1024.0;
        }
        return new Sample(wallMs, rss, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    /** Sum of the compressed layer and config sizes in the image's manifest, as the registry serves them. */
    static double compressedMib(String image) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + image)
                .redirectErrorStream(true)
                .start();
        String manifest = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("skopeo inspect " + image + " failed: " + manifest);
        }
        return manifestBytes(manifest) / 1048576.0;
    }

    /** Adds up every {@code "size": N} of an image manifest (the config and each layer blob). */
    static long manifestBytes(String manifest) {
        Matcher m = Pattern.compile("\"size\"\\s*:\\s*(\\d+)").matcher(manifest);
        long total = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(1));
        }
        return total;
    }

    /** Writes Hello.class into its own directory, to run with {@code -cp DIR} (and mount into a container). */
    static Path helloClass(Path work) throws IOException {
        String resource = Hello.class.getName().replace('.', '/') + ".class";
        Path dir = work.resolve("hello");
        Path file = dir.resolve(resource);
        Files.createDirectories(file.getParent());
        try (InputStream in = Hello.class.getClassLoader().getResourceAsStream(resource)) {
            Files.write(file, in.readAllBytes());
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                open(p);
            }
        }
        return dir;
    }

    /**
     * Writes the floor programs into {@code floors.jar} (CDS archives classes from jars only, not from
     * directories); run with the CLI jar in front of it, so they use the task's libraries.
     */
    static Path floorJar(Path work) throws IOException {
        Path jar = work.resolve("floors.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> c : List.of(StackFloor.class, SocketFloor.class)) {
                String resource = c.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(resource));
                try (InputStream in = c.getClassLoader().getResourceAsStream(resource)) {
                    out.write(in.readAllBytes());
                }
                out.closeEntry();
            }
        }
        return open(jar);
    }

    /** Readable (and for directories enterable and writable) by the container's uid 65532. */
    private static Path open(Path p) throws IOException {
        Files.setPosixFilePermissions(
                p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxrwxrwx" : "rw-r--r--"));
        return p;
    }
}
