package dev.conftekton.confluence.internal;

import dev.conftekton.confluence.PageField;
import dev.conftekton.confluence.PageService;
import dev.conftekton.confluence.PropertyService;
import dev.conftekton.confluence.model.ContentProperty;
import dev.conftekton.confluence.model.NewPage;
import dev.conftekton.confluence.model.Page;
import dev.conftekton.confluence.model.PageSummary;
import dev.conftekton.confluence.model.PageUpdate;
import dev.conftekton.confluence.model.Version;
import dev.conftekton.core.http.RequestOptions;
import dev.conftekton.core.page.AutoPager;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Pages through the v1 content API, as Data Center serves it. */
final class V1Pages implements PageService {
    private static final String READ_EXPAND = "version,space,ancestors,history";

    private final Api api;
    private final PropertyService properties;

    V1Pages(Api api, PropertyService properties) {
        this.api = api;
        this.properties = properties;
    }

    @Override
    public Page get(String id, Set<PageField> fields, RequestOptions options) {
        Paths.numericId(id, "page id");
        StringBuilder expand = new StringBuilder(READ_EXPAND);
        if (fields.contains(PageField.BODY)) {
            expand.append(",body.storage");
        }
        if (fields.contains(PageField.LABELS)) {
            expand.append(",metadata.labels");
        }
        Json.Node n = api.json(
                Api.get(api.v1("/content/" + id))
                        .query("expand", expand.toString())
                        .build(),
                options,
                Api.Target.of("page " + id, "read"));
        List<ContentProperty> props = fields.contains(PageField.PROPERTIES)
                ? properties.list(id, options).stream().toList()
                : List.of();
        return Mappers.v1Page(n, props);
    }

    @Override
    public Optional<Page> findByTitle(String spaceKey, String title, RequestOptions options) {
        Paths.segment(spaceKey, "space key");
        Objects.requireNonNull(title, "title");
        Json.Node root = api.json(
                Api.get(api.v1("/content"))
                        .query("type", "page")
                        .query("spaceKey", spaceKey)
                        .query("title", title)
                        .query("status", "current")
                        .query("expand", READ_EXPAND + ",body.storage")
                        .build(),
                options,
                Api.Target.of("page '" + title + "' in space " + spaceKey, "find"));
        for (Json.Node n : root.get("results").required().items()) {
            Page p = Mappers.v1Page(n, List.of());
            if (p.title().equals(title)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public Page create(NewPage page, RequestOptions options) {
        Json.ObjectWriter json = Json.ObjectWriter.object()
                .put("type", "page")
                .put("title", page.title())
                .put("space", Json.ObjectWriter.object().put("key", page.spaceKey()))
                .put("status", page.draft() ? "draft" : "current");
        if (page.parentId() != null) {
            json.putRaw(
                    "ancestors",
                    "["
                            + Json.ObjectWriter.object()
                                    .put("id", Paths.numericId(page.parentId(), "parent page id"))
                                    .toJson()
                            + "]");
        }
        json.put("body", storageBody(page.body()));
        Json.Node n = api.json(
                Api.post(api.v1("/content"), json.toJson())
                        .query("expand", READ_EXPAND + ",body.storage")
                        .build(),
                options,
                Api.Target.of("page '" + page.title() + "' in space " + page.spaceKey(), "create"));
        return Mappers.v1Page(n, List.of());
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
                .put("version", version)
                .put("title", change.title() != null ? change.title() : current.title())
                .put("type", "page")
                .put("status", "current")
                .put("body", storageBody(body));
        Json.Node n = api.json(
                Api.put(api.v1("/content/" + Paths.numericId(current.id(), "page id")), json.toJson())
                        .build(),
                options,
                Api.Target.write("page " + current.id(), "update", current.id(), next));
        Page updated = Mappers.v1Page(n, List.of());
        return updated.body() == null ? CloudPages.withBody(updated, body) : updated;
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
        api.send(Api.delete(api.v1("/content/" + id)).build(), options, Api.Target.of("page " + id, "delete"));
    }

    @Override
    public AutoPager<PageSummary> children(String id, RequestOptions options) {
        Paths.numericId(id, "page id");
        return api.list(
                Api.get(api.v1("/content/" + id + "/child/page"))
                        .query("expand", "space")
                        .query("limit", String.valueOf(Api.PAGE_SIZE))
                        .build(),
                options,
                Api.Target.of("page " + id, "list the children of"),
                Mappers::v1Summary);
    }

    @Override
    public AutoPager<PageSummary> descendants(String id, RequestOptions options) {
        return descendants(api, id, options);
    }

    static AutoPager<PageSummary> descendants(Api api, String id, RequestOptions options) {
        Paths.numericId(id, "page id");
        return api.list(
                Api.get(api.v1("/content/" + id + "/descendant/page"))
                        .query("expand", "space")
                        .query("limit", String.valueOf(Api.PAGE_SIZE))
                        .build(),
                options,
                Api.Target.of("page " + id, "list the descendants of"),
                Mappers::v1Summary);
    }

    @Override
    public List<PageSummary> ancestors(String id, RequestOptions options) {
        return ancestors(api, id, options);
    }

    static List<PageSummary> ancestors(Api api, String id, RequestOptions options) {
        Paths.numericId(id, "page id");
        Json.Node n = api.json(
                Api.get(api.v1("/content/" + id))
                        .query("expand", "ancestors,ancestors.space")
                        .build(),
                options,
                Api.Target.of("page " + id, "list the ancestors of"));
        List<PageSummary> result = new ArrayList<>();
        for (Json.Node a : n.get("ancestors").items()) {
            if (!"page".equals(a.get("type").textOrNull())) {
                continue; // folders and whiteboards can sit in the tree; the model lists pages
            }
            result.add(Mappers.v1Summary(a));
        }
        return List.copyOf(result);
    }

    @Override
    public AutoPager<Version> versions(String id, RequestOptions options) {
        Paths.numericId(id, "page id");
        return api.list(
                Api.get(api.v1("/content/" + id + "/version"))
                        .query("limit", String.valueOf(Api.PAGE_SIZE))
                        .build(),
                options,
                Api.Target.of("page " + id, "list the versions of"),
                Mappers::v1Version);
    }

    static Json.ObjectWriter storageBody(String value) {
        return Json.ObjectWriter.object()
                .put("storage", Json.ObjectWriter.object().put("value", value).put("representation", "storage"));
    }
}
