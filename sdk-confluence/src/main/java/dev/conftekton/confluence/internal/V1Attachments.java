package dev.conftekton.confluence.internal;

import dev.conftekton.confluence.AttachmentService;
import dev.conftekton.confluence.Flavour;
import dev.conftekton.confluence.model.Attachment;
import dev.conftekton.core.error.DecodingException;
import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.MultipartBody;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.page.AutoPager;
import java.util.List;
import java.util.Objects;

/** Attachments through the v1 API: the only one with uploads (multipart, {@code X-Atlassian-Token: no-check}). */
final class V1Attachments implements AttachmentService {
    private static final String EXPAND = "version,container";

    private final Api api;

    V1Attachments(Api api) {
        this.api = api;
    }

    private String base(String pageId) {
        return api.v1("/content/" + Paths.numericId(pageId, "page id") + "/child/attachment");
    }

    @Override
    public AutoPager<Attachment> list(String pageId, RequestOptions options) {
        return api.list(
                Api.get(base(pageId))
                        .query("expand", EXPAND)
                        .query("limit", String.valueOf(Api.PAGE_SIZE))
                        .build(),
                options,
                Api.Target.of("page " + pageId, "list the attachments of"),
                n -> Mappers.v1Attachment(n, pageId));
    }

    @Override
    public Attachment upload(
            String pageId, String filename, String mediaType, byte[] content, String comment, RequestOptions options) {
        Objects.requireNonNull(filename, "filename");
        if (filename.isBlank() || filename.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("an attachment file name must be non-blank without control characters");
        }
        HttpRequest request = multipart("PUT", base(pageId), filename, mediaType, content, comment);
        Json.Node root = api.json(request, options, Api.Target.of("page " + pageId, "attach " + filename + " to"));
        List<Json.Node> results = root.get("results").required().items();
        if (results.isEmpty()) {
            throw new DecodingException("Confluence answered the upload of " + filename + " to page " + pageId
                    + " with an empty result list");
        }
        return Mappers.v1Attachment(results.get(0), pageId);
    }

    @Override
    public Attachment update(
            String pageId, Attachment attachment, byte[] content, String comment, RequestOptions options) {
        Objects.requireNonNull(attachment, "attachment");
        String id = attachmentId(attachment.id());
        HttpRequest request = multipart(
                "POST",
                base(pageId) + "/" + id + "/data",
                attachment.title(),
                attachment.mediaType() == null ? "application/octet-stream" : attachment.mediaType(),
                content,
                comment);
        return Mappers.v1Attachment(
                api.json(
                        request,
                        options,
                        Api.Target.of("attachment " + attachment.title() + " of page " + pageId, "update")),
                pageId);
    }

    @Override
    public byte[] download(Attachment attachment, RequestOptions options) {
        Objects.requireNonNull(attachment, "attachment");
        Api.Target target = Api.Target.of("attachment " + attachment.title(), "download");
        if (api.flavour == Flavour.CLOUD && attachment.pageId() != null) {
            // Cloud answers with a redirect to the media store, which the transport follows
            // (without our credentials, as it is another origin).
            return api.bytes(
                    HttpRequest.get(base(attachment.pageId()) + "/" + attachmentId(attachment.id()) + "/download"),
                    options,
                    target);
        }
        String link = attachment.downloadPath();
        if (link == null || !link.startsWith("/") || link.startsWith("//")) {
            throw new IllegalArgumentException("attachment " + attachment.title()
                    + " has no site-relative download link; list it through attachments().list first");
        }
        return api.bytes(HttpRequest.get(link), options, target);
    }

    private static String attachmentId(String id) {
        Objects.requireNonNull(id, "attachment id");
        if (!id.matches("(att)?[0-9]{1,19}")) {
            throw new IllegalArgumentException("an attachment id looks like att123456 but was '"
                    + (id.length() > 40 ? id.substring(0, 40) + "…" : id) + "'");
        }
        return id;
    }

    private static HttpRequest multipart(
            String method, String path, String filename, String mediaType, byte[] content, String comment) {
        Objects.requireNonNull(content, "content");
        MultipartBody.Builder body = MultipartBody.builder()
                .addFile("file", filename, mediaType == null ? "application/octet-stream" : mediaType, content)
                .addField("minorEdit", "true");
        if (comment != null) {
            body.addField("comment", comment);
        }
        return HttpRequest.builder()
                .method(method)
                .url(path)
                .header("Accept", "application/json")
                // Confluence's XSRF protection refuses multipart posts without this header.
                .header("X-Atlassian-Token", "no-check")
                .body(body.build())
                .build();
    }
}
