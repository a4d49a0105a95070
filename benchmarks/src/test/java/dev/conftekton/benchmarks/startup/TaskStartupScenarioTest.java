package dev.conftekton.benchmarks.startup;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskStartupScenarioTest {
    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(TaskStartupScenario.median(new double[] {300, 100, 200})).isEqualTo(200);
        assertThat(TaskStartupScenario.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }

    @Test
    void compressedSizeAddsTheConfigAndEveryLayer() {
        String manifest = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:a\",\"size\":1000},"
                + "\"layers\":[{\"digest\":\"sha256:b\",\"size\": 2000},{\"digest\":\"sha256:c\",\"size\":3000}]}";

        assertThat(TaskStartupScenario.manifestBytes(manifest)).isEqualTo(6000);
    }

    @Test
    void constantPoolLinesOfJava5ClassesAreDroppedFromTheClassList(@TempDir Path tmp) throws Exception {
        Path jar = tmp.resolve("classes.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("old/Five.class"));
            zip.write(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0, 0, 49});
            zip.putNextEntry(new ZipEntry("fresh/Seventeen.class"));
            zip.write(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0, 0, 61});
        }
        List<String> lines = List.of(
                "old/Five id: 1",
                "fresh/Seventeen id: 2",
                "java/lang/Object id: 3",
                "@cp old/Five 4 6 8",
                "@cp fresh/Seventeen 1 2",
                "@cp java/lang/String 7",
                "@lambda-proxy fresh/Seventeen run ()Ljava/lang/Runnable;");

        assertThat(CdsClassList.withoutOldClassResolution(lines, jar))
                .containsExactly(
                        "old/Five id: 1",
                        "fresh/Seventeen id: 2",
                        "java/lang/Object id: 3",
                        "@cp fresh/Seventeen 1 2",
                        "@cp java/lang/String 7",
                        "@lambda-proxy fresh/Seventeen run ()Ljava/lang/Runnable;");
    }

    @Test
    void theHelloWorldRunsFromItsOwnDirectoryAndIsMeasured(@TempDir Path tmp) throws Exception {
        Path dir = TaskStartupScenario.helloClass(tmp);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path time = Path.of("/usr/bin/time");

        TaskStartupScenario.Sample s = TaskStartupScenario.measure(
                Files.isExecutable(time) ? time : null,
                List.of(java, "-cp", dir.toString(), Hello.class.getName()),
                tmp,
                1);

        assertThat(s.exitCode()).as(s.output()).isZero();
        assertThat(s.output()).contains("hello");
        assertThat(s.wallMs()).isPositive();
        if (Files.isExecutable(time)) {
            assertThat(s.rssMib()).isBetween(5.0, 500.0);
        }
    }

    @Test
    void theFloorProgramsRunFromTheirJarAndSendOneGet(@TempDir Path tmp) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        AtomicInteger gets = new AtomicInteger();
        server.createContext("/", exchange -> {
            try (exchange) {
                gets.incrementAndGet();
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/x";
            Path jar = TaskStartupScenario.floorJar(tmp);
            // The floors' own jar first: their classes must come from it, the libraries from the class path.
            String classPath = jar + File.pathSeparator + System.getProperty("java.class.path");
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();

            TaskStartupScenario.Sample stack = TaskStartupScenario.measure(
                    null, List.of(java, "-cp", classPath, StackFloor.class.getName(), "--url=" + url), tmp, 1);
            TaskStartupScenario.Sample socket = TaskStartupScenario.measure(
                    null, List.of(java, "-cp", classPath, SocketFloor.class.getName(), url), tmp, 2);

            assertThat(stack.exitCode()).as(stack.output()).isZero();
            assertThat(stack.output()).contains("HTTP 200, 2 bytes");
            assertThat(socket.exitCode()).as(socket.output()).isZero();
            assertThat(socket.output()).startsWith("HTTP/1.1 200");
            assertThat(gets).hasValue(2);
        } finally {
            server.stop(0);
        }
    }
}
