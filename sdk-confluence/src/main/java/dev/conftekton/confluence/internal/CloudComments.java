package dev.conftekton.confluence.internal;

import dev.conftekton.confluence.CommentService;
import dev.conftekton.confluence.model.FooterComment;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.page.AutoPager;
import java.util.Objects;

/** Footer comments through Cloud REST v2. */
final class CloudComments implements CommentService {
    private final Api api;

    CloudComments(Api api) {
        this.api = api;
    }

    @Override
    public AutoPager<FooterComment> list(String pageId, RequestOptions options) {
        Paths.numericId(pageId, "page id");
        return api.list(
                Api.get(api.v2("/pages/" + pageId + "/footer-comments"))
                        .query("body-format", "storage")
                        .query("sort", "created-date")
                        .query("limit", String.valueOf(Api.PAGE_SIZE))
                        .build(),
                options,
                Api.Target.of("page " + pageId, "list the comments of"),
                Mappers::v2Comment);
    }

    @Override
    public FooterComment create(String pageId, String storageBody, RequestOptions options) {
        Paths.numericId(pageId, "page id");
        Objects.requireNonNull(storageBody, "storageBody");
        String json = Json.ObjectWriter.object()
                .put("pageId", pageId)
                .put("body", CloudPages.storage(storageBody))
                .toJson();
        FooterComment created = Mappers.v2Comment(api.json(
                Api.post(api.v2("/footer-comments"), json).build(),
                options,
                Api.Target.of("page " + pageId, "comment on")));
        return created.body().isEmpty()
                ? new FooterComment(created.id(), pageId, created.parentCommentId(), created.version(), storageBody)
                : created;
    }
}
