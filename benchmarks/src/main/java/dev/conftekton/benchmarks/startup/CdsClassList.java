package dev.conftekton.benchmarks.startup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The CDS class list as the image and {@code task-startup} dump it. Also run by {@code .ci/images}
 * when it records the list again: {@code java -cp conftekton-benchmarks.jar
 * dev.conftekton.benchmarks.startup.CdsClassList CLI_JAR RECORDED_LIST OUTPUT}.
 */
public final class CdsClassList {
    private CdsClassList() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: CdsClassList CLI_JAR RECORDED_CLASSLIST OUTPUT");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        Files.write(Path.of(args[2]), withoutOldClassResolution(Files.readAllLines(Path.of(args[1])), jar));
    }

    /**
     * The class list without the {@code @cp} lines (constant-pool entries to resolve at dump time) of
     * classes compiled for Java 5 or older (picocli's): resolving them links them, and CDS leaves out
     * an old class that the dump has linked ("Old class has been linked"), as well as the classes
     * that extend it. Without those lines picocli's classes are archived (their bytecode still gets
     * verified at run time, as old classes always do), and start-up saves parsing them from the jar.
     */
    static List<String> withoutOldClassResolution(List<String> lines, Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> kept = new ArrayList<>(lines.size());
            for (String line : lines) {
                String[] words = line.split(" ", 3);
                if (!(words[0].equals("@cp") && words.length > 1 && majorVersion(zip, words[1]) < 50)) {
                    kept.add(line);
                }
            }
            return kept;
        }
    }

    /** The class file major version of {@code name} (a/b/C) in {@code zip}; not in it (a JDK class): the maximum. */
    private static int majorVersion(ZipFile zip, String name) throws IOException {
        ZipEntry e = zip.getEntry(name + ".class");
        if (e == null) {
            return Integer.MAX_VALUE;
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] head = in.readNBytes(8);
            return head.length < 8 ? Integer.MAX_VALUE : ((head[6] & 0xff) << 8) | (head[7] & 0xff);
        }
    }
}
