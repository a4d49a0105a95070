package dev.conftekton.confluence.internal;

import dev.conftekton.confluence.CommentService;
import dev.conftekton.confluence.model.FooterComment;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.page.AutoPager;
import java.util.Objects;

/** Footer comments through the v1 content API (Data Center). */
final class V1Comments implements CommentService {
    private static final String EXPAND = "body.storage,version,history,ancestors,container";

    private final Api api;

    V1Comments(Api api) {
        this.api = api;
    }

    @Override
    public AutoPager<FooterComment> list(String pageId, RequestOptions options) {
        Paths.numericId(pageId, "page id");
        return api.list(
                Api.get(api.v1("/content/" + pageId + "/child/comment"))
                        .query("expand", EXPAND)
                        .query("location", "footer")
                        .query("depth", "all")
                        .query("limit", String.valueOf(Api.PAGE_SIZE))
                        .build(),
                options,
                Api.Target.of("page " + pageId, "list the comments of"),
                n -> Mappers.v1Comment(n, pageId));
    }

    @Override
    public FooterComment create(String pageId, String storageBody, RequestOptions options) {
        Paths.numericId(pageId, "page id");
        Objects.requireNonNull(storageBody, "storageBody");
        String json = Json.ObjectWriter.object()
                .put("type", "comment")
                .put("container", Json.ObjectWriter.object().put("id", pageId).put("type", "page"))
                .put("body", V1Pages.storageBody(storageBody))
                .toJson();
        FooterComment created = Mappers.v1Comment(
                api.json(
                        Api.post(api.v1("/content"), json)
                                .query("expand", EXPAND)
                                .build(),
                        options,
                        Api.Target.of("page " + pageId, "comment on")),
                pageId);
        return created.body().isEmpty()
                ? new FooterComment(created.id(), pageId, created.parentCommentId(), created.version(), storageBody)
                : created;
    }
}
