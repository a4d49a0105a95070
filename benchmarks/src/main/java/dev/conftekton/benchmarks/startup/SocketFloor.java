package dev.conftekton.benchmarks.startup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The least any JVM HTTP client does: one GET over a plain {@link Socket}, no libraries. Its start-up
 * is the floor under every HTTP client on this runtime; {@code task-startup} measures it next to the
 * hello world.
 */
public final class SocketFloor {
    private SocketFloor() {}

    public static void main(String[] args) throws IOException {
        URI uri = URI.create(args[0]);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + uri.getRawPath() + " HTTP/1.0\r\nHost: " + uri.getHost() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] response = in.readAllBytes();
            String head = new String(response, 0, Math.min(response.length, 12), StandardCharsets.US_ASCII);
            System.out.println(head + "... " + response.length + " bytes");
        }
    }
}
