package dev.conftekton.cli.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one container the way Tekton runs a step: the image's own entrypoint with the step's args,
 * as uid 65532, with a read-only root file system (and no tmpfs on /tmp either), workspaces mounted
 * at {@code /workspace/NAME}, a writable results directory at {@code /tekton/results}, and the
 * host's network so it reaches the emulator on 127.0.0.1.
 */
final class StepRun {
    /** The podman command: runc (crun fails on this kind of machine) and cgroupfs. */
    static List<String> podman() {
        return List.of(
                System.getProperty("conftekton.podman", "podman"),
                "--runtime",
                System.getProperty("conftekton.podman.runtime", "runc"),
                "--cgroup-manager=cgroupfs");
    }

    record Result(int exitCode, String stdout, String stderr, Map<String, String> results) {
        String result(String name) {
            String v = results.get(name);
            if (v == null) {
                throw new AssertionError("no result '" + name + "'; got " + results.keySet() + "\nstderr: " + stderr);
            }
            return v;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr + "\nresults: " + results;
        }
    }

    private final String image;
    private final Path dir;
    private final Map<String, Mount> workspaces = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> scratch = new ArrayList<>();

    private record Mount(Path host, boolean readOnly) {}

    StepRun(String image, Path dir) {
        this.image = image;
        this.dir = dir;
    }

    /** Sets environment variables in the container (a step's {@code env}; the catalog steps have none). */
    StepRun env(Map<String, String> variables) {
        env.putAll(variables);
        return this;
    }

    /** Mounts {@code host} as workspace {@code name}. */
    StepRun workspace(String name, Path host, boolean readOnly) {
        workspaces.put(name, new Mount(host, readOnly));
        return this;
    }

    /** A fresh writable directory at {@code mountPath}, as a Task's emptyDir volume. */
    StepRun scratch(List<String> mountPaths) {
        scratch.addAll(mountPaths);
        return this;
    }

    Result run(List<String> args) throws IOException, InterruptedException {
        Path results = Files.createDirectories(dir.resolve("results-" + System.nanoTime()));
        Files.setPosixFilePermissions(results, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<String> cmd = new ArrayList<>(podman());
        cmd.addAll(List.of(
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
                "nproc=1024:1024",
                "-v",
                results + ":" + CatalogTask.RESULTS));
        workspaces.forEach((name, m) -> {
            cmd.add("-v");
            cmd.add(m.host() + ":" + CatalogTask.WORKSPACES + "/" + name + (m.readOnly() ? ":ro" : ""));
        });
        for (String mountPath : scratch) {
            Path empty = Files.createDirectories(dir.resolve("emptydir-" + System.nanoTime()));
            Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("rwxrwxrwx"));
            cmd.add("-v");
            cmd.add(empty + ":" + mountPath);
        }
        env.forEach((k, v) -> {
            cmd.add("-e");
            cmd.add(k + "=" + v);
        });
        cmd.add(image);
        cmd.addAll(args);
        Path out = dir.resolve("stdout-" + System.nanoTime());
        Path err = dir.resolve("stderr-" + System.nanoTime());
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the step did not finish in 120 s: " + cmd);
        }
        Map<String, String> read = new LinkedHashMap<>();
        try (var files = Files.list(results)) {
            for (Path f : files.sorted().toList()) {
                read.put(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8),
                read);
    }

    /** Runs a podman command that is not a step (inspect, create, export) and returns its stdout. */
    static String podman(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(podman());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] bytes = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(cmd + " failed: " + new String(bytes, StandardCharsets.UTF_8));
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
