package dev.conftekton.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the built task image holds and how it starts: the CLI and its runtime libraries only (no
 * testkit, no JUnit, no Tekton client), no shell, uid 65532, the CLI as entrypoint, and a CDS
 * archive that the JVM accepts. Runs when {@code -Dconftekton.image=IMAGE} names a pulled image.
 */
@EnabledIfSystemProperty(
        named = "conftekton.image",
        matches = ".+",
        disabledReason = "needs a built task image: run .ci/images, or pass -Dconftekton.image=IMAGE (podman)")
class TaskImageContentTest {
    static String image;
    static Path rootfs;

    @BeforeAll
    static void export(@TempDir Path tmp) throws Exception {
        image = System.getProperty("conftekton.image");
        String id = StepRun.podman(List.of("create", image)).strip();
        Path tar = tmp.resolve("rootfs.tar");
        try {
            StepRun.podman(List.of("export", "-o", tar.toString(), id));
        } finally {
            StepRun.podman(List.of("rm", id));
        }
        rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Process untar = new ProcessBuilder("tar", "-xf", tar.toString(), "-C", rootfs.toString(), "--no-same-owner")
                .redirectErrorStream(true)
                .start();
        String out = new String(untar.getInputStream().readAllBytes());
        assertThat(untar.waitFor(120, TimeUnit.SECONDS) && untar.exitValue() == 0)
                .as(out)
                .isTrue();
    }

    @Test
    void holdsTheCliAndItsLibrariesButNoTestkitJunitOrTektonClient() throws IOException {
        List<String> jars = jars();
        assertThat(jars).anyMatch(j -> j.startsWith("conftekton-task-images-"));
        assertThat(jars).anyMatch(j -> j.startsWith("conftekton-confluence-"));
        assertThat(jars).anyMatch(j -> j.startsWith("okhttp-"));
        assertThat(jars)
                .noneMatch(j -> j.contains("testkit"))
                .noneMatch(j -> j.startsWith("junit-") || j.startsWith("opentest4j"))
                .noneMatch(j -> j.startsWith("tekton-") || j.startsWith("vertx-") || j.startsWith("netty-"));
        List<String> testkitClasses = new ArrayList<>();
        try (Stream<Path> all = Files.walk(rootfs.resolve("app"))) {
            for (Path jar : all.filter(p -> p.toString().endsWith(".jar")).toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    zip.stream()
                            .map(ZipEntry::getName)
                            .filter(n -> n.startsWith("dev/conftekton/testkit/") || n.startsWith("org/junit/"))
                            .forEach(n -> testkitClasses.add(jar.getFileName() + "!" + n));
                }
            }
        }
        assertThat(testkitClasses).isEmpty();
    }

    @Test
    void hasNoShell() {
        for (String shell : List.of("bin/sh", "usr/bin/sh", "bin/bash", "usr/bin/bash", "bin/busybox")) {
            assertThat(Files.exists(rootfs.resolve(shell), java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .as(shell)
                    .isFalse();
        }
    }

    @Test
    void runsTheCliDirectlyAsUid65532() throws Exception {
        String user = StepRun.podman(List.of("image", "inspect", image, "--format", "{{.Config.User}}"))
                .strip();
        String entrypoint = StepRun.podman(
                        List.of("image", "inspect", image, "--format", "{{json .Config.Entrypoint}}"))
                .strip();

        assertThat(user).isEqualTo("65532:65532");
        assertThat(entrypoint)
                .startsWith("[\"java\"")
                .contains("\"-XX:-UsePerfData\"")
                .endsWith("\"dev.conftekton.cli.Main\"]")
                .doesNotContain("sh\"", "\"-c\"");
    }

    @Test
    void theJvmMapsTheCdsArchiveOnAReadOnlyRoot() throws Exception {
        String entrypoint =
                StepRun.podman(List.of("image", "inspect", image, "--format", "{{json .Config.Entrypoint}}"));
        assertThat(entrypoint).contains("-XX:SharedArchiveFile=/app/cds/conftekton.jsa");
        assertThat(rootfs.resolve("app/cds/conftekton.jsa")).isRegularFile();
        // -Xshare:on: the JVM refuses to start unless it maps the archive (same runtime, class path, flags).
        StepRun.Result r = new StepRun(image, Files.createTempDirectory("cds"))
                .env(Map.of("JAVA_TOOL_OPTIONS", "-Xshare:on"))
                .run(List.of("--version"));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).startsWith("conftekton ");
    }

    @Test
    void emulatorAndDemoSayTheyAreNotInTheImage() throws Exception {
        for (String command : List.of("emulator", "demo")) {
            StepRun.Result r = new StepRun(image, Files.createTempDirectory("cmd")).run(List.of(command));

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.stderr()).as(command).contains("testkit", "image leaves out", "conftekton.jar");
        }
    }

    @Test
    void theInterceptorStillLoadsWithoutTheTektonClient() throws Exception {
        StepRun.Result r = new StepRun(image, Files.createTempDirectory("icp")).run(List.of("interceptor", "--help"));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("Usage:");
    }

    private static List<String> jars() throws IOException {
        try (Stream<Path> all = Files.walk(rootfs.resolve("app"))) {
            return all.filter(p -> p.toString().endsWith(".jar"))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        }
    }
}
