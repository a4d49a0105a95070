package dev.conftekton.confluence.internal;

import dev.conftekton.confluence.CommentService;
import dev.conftekton.confluence.model.FooterComment;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.page.AutoPager;
import dev.conftekton.core.page.Page;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Footer comments through Cloud REST v2. */
final class CloudComments implements CommentService {
    private final Api api;

    CloudComments(Api api) {
        this.api = api;
    }

    /**
     * Cloud lists only a page's root comments ({@code GET /pages/{id}/footer-comments}: "Returns the root footer
     * comments"); each comment's replies, and theirs, come from {@code GET /footer-comments/{id}/children}. So every
     * root comment is followed by its thread, replies in the order they were written, which costs one more request
     * per comment. Without it a {@code /reject} written as a reply would go unseen.
     */
    @Override
    public AutoPager<FooterComment> list(String pageId, RequestOptions options) {
        Paths.numericId(pageId, "page id");
        Api.Target target = Api.Target.of("page " + pageId, "list the comments of");
        Page<FooterComment> roots =
                api.page(commentList("/pages/" + pageId + "/footer-comments"), options, target, Mappers::v2Comment);
        return AutoPager.from(new Threads(roots, pageId, options, target));
    }

    /** A v2 list of comments at {@code path}: storage bodies, oldest first, full pages. */
    private dev.conftekton.core.http.HttpRequest commentList(String path) {
        return Api.get(api.v2(path))
                .query("body-format", "storage")
                .query("sort", "created-date")
                .query("limit", String.valueOf(Api.PAGE_SIZE))
                .build();
    }

    /** A page of root comments, each followed by its replies (depth first). */
    private final class Threads implements Page<FooterComment> {
        private final Page<FooterComment> roots;
        private final String pageId;
        private final RequestOptions options;
        private final Api.Target target;
        private final List<FooterComment> items;

        Threads(Page<FooterComment> roots, String pageId, RequestOptions options, Api.Target target) {
            this.roots = roots;
            this.pageId = pageId;
            this.options = options;
            this.target = target;
            List<FooterComment> out = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (FooterComment root : roots.items()) {
                addThread(root, out, seen);
            }
            this.items = List.copyOf(out);
        }

        private void addThread(FooterComment comment, List<FooterComment> out, Set<String> seen) {
            if (!seen.add(comment.id())) {
                return; // a thread cannot loop; if a service said so, each comment still counts once
            }
            out.add(comment);
            Paths.numericId(comment.id(), "comment id");
            AutoPager<FooterComment> replies =
                    api.list(commentList("/footer-comments/" + comment.id() + "/children"), options, target, n -> {
                        // a child names its parent comment, not the page
                        FooterComment reply = Mappers.v2Comment(n);
                        return new FooterComment(
                                reply.id(), pageId, reply.parentCommentId(), reply.version(), reply.body());
                    });
            for (FooterComment reply : replies) {
                addThread(reply, out, seen);
            }
        }

        @Override
        public List<FooterComment> items() {
            return items;
        }

        @Override
        public boolean hasNextPage() {
            return roots.hasNextPage();
        }

        @Override
        public Page<FooterComment> nextPage() {
            return new Threads(roots.nextPage(), pageId, options, target);
        }
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
