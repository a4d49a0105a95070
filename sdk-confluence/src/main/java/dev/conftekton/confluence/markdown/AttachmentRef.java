package dev.conftekton.confluence.markdown;

import java.util.Objects;

/**
 * A local file a converted page refers to.
 *
 * @param sourcePath the file's path relative to the tree root, with {@code /} separators and no
 *     {@code .} or {@code ..} segments
 * @param fileName the attachment's file name on the page (unique within the page)
 */
public record AttachmentRef(String sourcePath, String fileName) {
    public AttachmentRef {
        Objects.requireNonNull(sourcePath, "sourcePath");
        Objects.requireNonNull(fileName, "fileName");
    }
}
