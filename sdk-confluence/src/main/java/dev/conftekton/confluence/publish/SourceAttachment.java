package dev.conftekton.confluence.publish;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A local file to attach to a page.
 *
 * @param fileName the attachment's name on the page
 * @param path where the file is on disk
 * @param sha256 {@code sha256:} followed by the hex digest of the content
 * @param size the size in bytes
 */
public record SourceAttachment(String fileName, Path path, String sha256, long size) {
    public SourceAttachment {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
    }
}
