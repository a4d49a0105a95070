package dev.conftekton.cli.token;

import dev.conftekton.cli.InputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a token given as {@code TOKEN}, {@code @FILE} or {@code -} (standard input). */
final class TokenInput {
    static final int MAX_BYTES = 64 * 1024;

    private TokenInput() {}

    static String read(String argument, InputStream stdin) throws IOException {
        String text;
        if (argument.equals("-")) {
            text = limited(stdin, "standard input");
        } else if (argument.startsWith("@")) {
            Path file = Path.of(argument.substring(1));
            try (InputStream in = Files.newInputStream(file)) {
                text = limited(in, file.toString());
            }
        } else {
            text = argument;
        }
        text = text.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the token is empty");
        }
        return text;
    }

    /**
     * Reads a small credential file (a client secret, a private key) with the same bound, so that a wrong path to a
     * large file fails at once instead of filling the heap and being sent as the secret.
     */
    static String readFile(Path file, String what) throws IOException {
        return InputFiles.read(file, what, MAX_BYTES);
    }

    private static String limited(InputStream in, String what) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException(
                    what + " holds more than " + MAX_BYTES + " bytes; that is not a token or key");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
