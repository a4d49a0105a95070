package dev.conftekton.confluence;

import dev.conftekton.confluence.model.Attachment;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.page.AutoPager;

/**
 * Attachments of a page. Uploads go through the v1 multipart endpoints with {@code
 * X-Atlassian-Token: no-check} (the only upload API Confluence has).
 *
 * <pre>{@code
 * Attachment a = confluence.attachments().upload(pageId, "report.html", "text/html", bytes, "CI run 42");
 * byte[] back = confluence.attachments().download(a);
 * }</pre>
 */
public interface AttachmentService {
    /** The attachments of a page. */
    default AutoPager<Attachment> list(String pageId) {
        return list(pageId, RequestOptions.none());
    }

    AutoPager<Attachment> list(String pageId, RequestOptions options);

    /**
     * Uploads a file; when the page already has an attachment with that file name, a new version
     * of it is stored instead. {@code comment} may be null.
     */
    default Attachment upload(String pageId, String filename, String mediaType, byte[] content, String comment) {
        return upload(pageId, filename, mediaType, content, comment, RequestOptions.none());
    }

    Attachment upload(
            String pageId, String filename, String mediaType, byte[] content, String comment, RequestOptions options);

    /** Stores new content for an existing attachment as its next version. */
    default Attachment update(String pageId, Attachment attachment, byte[] content, String comment) {
        return update(pageId, attachment, content, comment, RequestOptions.none());
    }

    Attachment update(String pageId, Attachment attachment, byte[] content, String comment, RequestOptions options);

    /** The content of the attachment's current version. */
    default byte[] download(Attachment attachment) {
        return download(attachment, RequestOptions.none());
    }

    byte[] download(Attachment attachment, RequestOptions options);
}
