package dev.conftekton.confluence.internal;

import dev.conftekton.confluence.PageField;
import dev.conftekton.confluence.PageService;
import dev.conftekton.confluence.SpaceService;
import dev.conftekton.confluence.model.NewPage;
import dev.conftekton.confluence.model.Page;
import dev.conftekton.confluence.model.PageSummary;
import dev.conftekton.confluence.model.PageUpdate;
import dev.conftekton.confluence.model.Space;
import dev.conftekton.confluence.model.Version;
import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.page.AutoPager;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Pages through Cloud REST v2; descendants and ancestors through v1, which v2 lacks or answers without titles. */
final class CloudPages implements PageService {
    private final Api api;
    private final SpaceService spaces;

    CloudPages(Api api, SpaceService spaces) {
        this.api = api;
        this.spaces = spaces;
    }

    @Override
    public Page get(String id, Set<PageField> fields, RequestOptions options) {
        Paths.numericId(id, "page id");
        HttpRequest.Builder request = Api.get(api.v2("/pages/" + id));
        if (fields.contains(PageField.BODY)) {
            request.query("body-format", "storage");
        }
        if (fields.contains(PageField.LABELS)) {
            request.query("include-labels", "true");
        }
        if (fields.contains(PageField.PROPERTIES)) {
            request.query("include-properties", "true");
        }
        return Mappers.v2Page(api.json(request.build(), options, Api.Target.of("page " + id, "read")));
    }

    @Override
    public Optional<Page> findByTitle(String spaceKey, String title, RequestOptions options) {
        Objects.requireNonNull(title, "title");
        Space space = spaces.byKey(spaceKey, options);
        Json.Node root = api.json(
                Api.get(api.v2("/pages"))
                        .query("space-id", space.id())
                        .query("title", title)
                        .query("status", "current")
                        .query("body-format", "storage")
                        .build(),
                options,
                Api.Target.of("page '" + title + "' in space " + spaceKey, "find"));
        for (Json.Node n : root.get("results").required().items()) {
            Page p = Mappers.v2Page(n);
            if (p.title().equals(title)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public Page create(NewPage page, RequestOptions options) {
        Space space = spaces.byKey(page.spaceKey(), options);
        Json.ObjectWriter body = Json.ObjectWriter.object()
                .put("spaceId", space.id())
                .put("status", page.draft() ? "draft" : "current")
                .put("title", page.title());
        if (page.parentId() != null) {
            body.put("parentId", Paths.numericId(page.parentId(), "parent page id"));
        }
        body.put("body", storage(page.body()));
        return Mappers.v2Page(api.json(
                Api.post(api.v2("/pages"), body.toJson()).build(),
                options,
                Api.Target.of("page '" + page.title() + "' in space " + page.spaceKey(), "create")));
    }

    @Override
    public Page update(Page current, PageUpdate change, RequestOptions options) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(change, "change");
        String body = change.body() != null ? change.body() : current.body();
        if (body == null) {
            throw new IllegalArgumentException("the update keeps the body of page " + current.id()
                    + " but the page was read without it; read it with PageField.BODY or set a body");
        }
        int next = current.version().number() + 1;
        Json.ObjectWriter version = Json.ObjectWriter.object().put("number", next);
        if (change.message() != null) {
            version.put("message", change.message());
        }
        Json.ObjectWriter json = Json.ObjectWriter.object()
                .put("id", current.id())
                .put("status", "draft".equals(current.status()) ? "draft" : "current")
                .put("title", change.title() != null ? change.title() : current.title())
                .put("body", storage(body))
                .put("version", version);
        Page updated = Mappers.v2Page(api.json(
                Api.put(api.v2("/pages/" + Paths.numericId(current.id(), "page id")), json.toJson())
                        .build(),
                options,
                Api.Target.write("page " + current.id(), "update", current.id(), next)));
        return updated.body() == null ? withBody(updated, body) : updated;
    }

    @Override
    public Page updateWithRetry(String id, Function<Page, PageUpdate> change, RequestOptions options) {
        Objects.requireNonNull(change, "change");
        return Conflicts.retry(api.conflictAttempts, "page " + id, () -> {
            Page current = get(id, EnumSet.of(PageField.BODY), options);
            PageUpdate update = change.apply(current);
            return update == null ? current : update(current, update, options);
        });
    }

    @Override
    public void delete(String id, RequestOptions options) {
        Paths.numericId(id, "page id");
        api.send(Api.delete(api.v2("/pages/" + id)).build(), options, Api.Target.of("page " + id, "delete"));
    }

    @Override
    public AutoPager<PageSummary> children(String id, RequestOptions options) {
        Paths.numericId(id, "page id");
        return api.list(
                Api.get(api.v2("/pages/" + id + "/children"))
                        .query("limit", String.valueOf(Api.PAGE_SIZE))
                        .build(),
                options,
                Api.Target.of("page " + id, "list the children of"),
                Mappers::v2Child);
    }

    @Override
    public AutoPager<PageSummary> descendants(String id, RequestOptions options) {
        return V1Pages.descendants(api, id, options);
    }

    @Override
    public List<PageSummary> ancestors(String id, RequestOptions options) {
        return V1Pages.ancestors(api, id, options);
    }

    @Override
    public AutoPager<Version> versions(String id, RequestOptions options) {
        Paths.numericId(id, "page id");
        return api.list(
                Api.get(api.v2("/pages/" + id + "/versions"))
                        .query("limit", String.valueOf(Api.PAGE_SIZE))
                        .query("sort", "-modified-date")
                        .build(),
                options,
                Api.Target.of("page " + id, "list the versions of"),
                Mappers::v2Version);
    }

    static Json.ObjectWriter storage(String value) {
        return Json.ObjectWriter.object().put("representation", "storage").put("value", value);
    }

    static Page withBody(Page p, String body) {
        return new Page(
                p.id(),
                p.status(),
                p.title(),
                p.spaceId(),
                p.spaceKey(),
                p.parentId(),
                p.version(),
                body,
                p.authorId(),
                p.createdAt(),
                new ArrayList<>(p.labels()),
                p.properties());
    }
}
