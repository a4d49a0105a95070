package dev.conftekton.testkit.confluence.internal;

import dev.conftekton.testkit.confluence.SpaceAccess;
import dev.conftekton.testkit.confluence.internal.Model.Content;
import dev.conftekton.testkit.confluence.internal.Model.Label;
import dev.conftekton.testkit.confluence.internal.Model.Property;
import dev.conftekton.testkit.confluence.internal.Model.Space;
import dev.conftekton.testkit.confluence.internal.Model.Type;
import dev.conftekton.testkit.confluence.internal.Model.Version;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Confluence Cloud REST API v2 ({@code /wiki/api/v2}). */
final class V2Api {
    private static final Set<String> BULK_FORMATS = Set.of("storage", "atlas_doc_format");
    private static final Set<String> SINGLE_FORMATS = Set.of("storage", "atlas_doc_format", "view");

    private final Store store;
    private final Webhooks webhooks;

    V2Api(Store store, Webhooks webhooks) {
        this.store = store;
        this.webhooks = webhooks;
    }

    void register(Router r, String p) {
        Router.Style s = Router.Style.V2;
        r.add("GET", p + "/spaces", s, true, this::listSpaces);
        r.add("GET", p + "/spaces/{id}", s, true, this::getSpace);
        r.add("GET", p + "/spaces/{id}/pages", s, true, this::spacePages);
        r.add("GET", p + "/pages", s, true, this::listPages);
        r.add("POST", p + "/pages", s, true, this::createPage);
        r.add("GET", p + "/pages/{id}", s, true, this::getPage);
        r.add("PUT", p + "/pages/{id}", s, true, this::updatePage);
        r.add("DELETE", p + "/pages/{id}", s, true, this::deletePage);
        r.add("GET", p + "/pages/{id}/children", s, true, this::children);
        r.add("GET", p + "/pages/{id}/ancestors", s, true, this::ancestors);
        r.add("GET", p + "/pages/{id}/versions", s, true, this::versions);
        r.add("GET", p + "/pages/{page-id}/properties", s, true, this::listProperties);
        r.add("POST", p + "/pages/{page-id}/properties", s, true, this::createProperty);
        r.add("GET", p + "/pages/{page-id}/properties/{property-id}", s, true, this::getProperty);
        r.add("PUT", p + "/pages/{page-id}/properties/{property-id}", s, true, this::updateProperty);
        r.add("DELETE", p + "/pages/{page-id}/properties/{property-id}", s, true, this::deleteProperty);
        r.add("GET", p + "/pages/{id}/footer-comments", s, true, this::pageComments);
        r.add("GET", p + "/footer-comments", s, true, this::allComments);
        r.add("POST", p + "/footer-comments", s, true, this::createComment);
        r.add("GET", p + "/footer-comments/{comment-id}", s, true, this::getComment);
        r.add("PUT", p + "/footer-comments/{comment-id}", s, true, this::updateComment);
        r.add("DELETE", p + "/footer-comments/{comment-id}", s, true, this::deleteComment);
        r.add("GET", p + "/footer-comments/{id}/children", s, true, this::commentChildren);
        r.add("GET", p + "/footer-comments/{id}/versions", s, true, this::commentVersions);
        r.add("GET", p + "/footer-comments/{id}/versions/{version-number}", s, true, this::commentVersion);
        r.add("POST", p + "/users-bulk", s, true, this::usersBulk);
        r.add("GET", p + "/pages/{id}/attachments", s, true, this::attachments);
        r.add("GET", p + "/attachments/{id}", s, true, this::getAttachment);
        r.add("GET", p + "/attachments/{id}/versions", s, true, this::attachmentVersions);
        r.add("GET", p + "/pages/{id}/labels", s, true, this::labels);
        r.add("GET", p + "/pages/{id}/direct-children", s, true, this::directChildren);
        r.add("GET", p + "/pages/{id}/descendants", s, true, this::descendants);
        r.add("PUT", p + "/pages/{id}/title", s, true, this::updateTitle);
        r.add("GET", p + "/attachments", s, true, this::allAttachments);
        r.add("DELETE", p + "/attachments/{id}", s, true, this::deleteAttachment);
        r.add("GET", p + "/labels", s, true, this::allLabels);
        r.add("GET", p + "/labels/{id}/pages", s, true, this::labelPages);
        r.add("GET", p + "/pages/{id}/inline-comments", s, true, this::pageInlineComments);
        r.add("GET", p + "/inline-comments", s, true, this::allInlineComments);
    }

    // ---- spaces ----

    private Resp listSpaces(Req req) {
        List<String> ids = req.qs("ids");
        List<String> keys = req.qs("keys");
        List<String> types = req.qs("type");
        List<String> statuses = req.qs("status");
        String descFormat = descriptionFormat(req);
        return store.read(() -> {
            List<Space> out = new ArrayList<>();
            for (Space sp : store.spaces.values()) {
                if (!store.canView(req.user, sp)
                        || (!ids.isEmpty() && !ids.contains(Long.toString(sp.id)))
                        || (!keys.isEmpty() && !keys.contains(sp.key))
                        || (!types.isEmpty() && !types.contains("global"))
                        || (!statuses.isEmpty() && !statuses.contains("current"))) {
                    continue;
                }
                out.add(sp);
            }
            sortSpaces(req, out);
            return Paging.cursor(req, out, 25, 250, sp -> space(sp, descFormat));
        });
    }

    private static void sortSpaces(Req req, List<Space> out) {
        String sort = req.q("sort");
        Comparator<Space> c = Comparator.comparingLong(sp -> sp.id);
        if (sort != null) {
            String key = sort.startsWith("-") ? sort.substring(1) : sort;
            c = switch (key) {
                case "id" -> c;
                case "key" -> Comparator.comparing(sp -> sp.key);
                case "name" -> Comparator.comparing(sp -> sp.name);
                default ->
                    throw ApiError.badRequest(
                            "Unsupported sort '" + sort + "'; use id, key or name with optional '-'.");
            };
            if (sort.startsWith("-")) {
                c = c.reversed();
            }
        }
        out.sort(c);
    }

    private static String descriptionFormat(Req req) {
        String f = req.q("description-format");
        if (f != null && !f.equals("plain") && !f.equals("view")) {
            throw ApiError.badRequest("description-format must be plain or view, not '" + f + "'.");
        }
        return f;
    }

    private Resp getSpace(Req req) {
        String descFormat = descriptionFormat(req);
        return store.read(() -> {
            Space sp = store.spaceById(req.user, req.var("id"));
            Map<String, Object> out = space(sp, descFormat);
            ((Map<String, Object>) links(out)).put("base", req.origin + "/wiki");
            return Resp.ok(out);
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> links(Map<String, Object> o) {
        return (Map<String, Object>) o.get("_links");
    }

    private Map<String, Object> space(Space sp, String descFormat) {
        Map<String, Object> o = Json.obj();
        o.put("id", Long.toString(sp.id));
        o.put("key", sp.key);
        o.put("name", sp.name);
        o.put("type", "global");
        o.put("status", "current");
        o.put("authorId", sp.authorId);
        o.put("createdAt", Store.time(sp.createdAt));
        o.put("homepageId", sp.homepageId);
        if (descFormat != null) {
            o.put("description", Json.obj(descFormat, Json.obj("representation", descFormat, "value", "")));
        }
        o.put("_links", Json.obj("webui", "/spaces/" + sp.key));
        return o;
    }

    private Resp spacePages(Req req) {
        String format = bodyFormat(req, BULK_FORMATS);
        List<String> statuses = statuses(req);
        String title = req.q("title");
        boolean rootOnly = "root".equals(req.q("depth"));
        return store.read(() -> {
            Space sp = store.spaceById(req.user, req.var("id"));
            List<Content> out = new ArrayList<>();
            for (Content c : sp.pages.values()) {
                if (statuses.contains(c.status)
                        && (title == null || title.equals(c.title))
                        && (!rootOnly || c.parentId == null)) {
                    out.add(c);
                }
            }
            sortContent(req, out);
            return Paging.cursor(req, out, 25, 250, c -> page(c, format, false));
        });
    }

    // ---- pages ----

    private static String bodyFormat(Req req, Set<String> allowed) {
        String f = req.q("body-format");
        if (f == null || f.isEmpty()) {
            return null;
        }
        if (!allowed.contains(f)) {
            throw ApiError.badRequest("body-format '" + f + "' is not supported here; use one of " + allowed + ".");
        }
        return f;
    }

    private static List<String> statuses(Req req) {
        List<String> s = req.qs("status");
        if (s.isEmpty()) {
            return List.of("current", "archived");
        }
        for (String v : s) {
            if (!Set.of("current", "archived", "deleted", "trashed", "draft", "historical", "any")
                    .contains(v)) {
                throw ApiError.badRequest("Unknown status '" + v + "'.");
            }
        }
        if (s.contains("any")) {
            return List.of("current", "archived", "trashed", "draft", "historical");
        }
        return s;
    }

    private static void sortContent(Req req, List<Content> out) {
        Comparator<Content> byId = Comparator.comparingLong(x -> Long.parseLong(x.id.replace("att", "")));
        sortBy(
                req,
                out,
                byId,
                "id",
                "title",
                Comparator.<Content, String>comparing(x -> x.title).thenComparing(byId));
    }

    private Resp listPages(Req req) {
        String format = bodyFormat(req, BULK_FORMATS);
        List<String> statuses = statuses(req);
        List<String> ids = req.qs("id");
        List<String> spaceIds = req.qs("space-id");
        String title = req.q("title");
        if (ids.size() > 250 || spaceIds.size() > 100) {
            throw ApiError.badRequest("Too many values: at most 250 ids and 100 space ids.");
        }
        return store.read(() -> {
            List<Content> out = new ArrayList<>();
            for (Space sp : store.spaces.values()) {
                if (!store.canView(req.user, sp) || (!spaceIds.isEmpty() && !spaceIds.contains(Long.toString(sp.id)))) {
                    continue;
                }
                if (title != null) {
                    Content c = sp.titles.get(title);
                    if (c != null && statuses.contains(c.status) && (ids.isEmpty() || ids.contains(c.id))) {
                        out.add(c);
                    }
                    for (Content c2 : sp.pages.values()) { // trashed pages do not hold their title
                        if (c2 != c
                                && title.equals(c2.title)
                                && statuses.contains(c2.status)
                                && (ids.isEmpty() || ids.contains(c2.id))) {
                            out.add(c2);
                        }
                    }
                    continue;
                }
                for (Content c : sp.pages.values()) {
                    if (statuses.contains(c.status) && (ids.isEmpty() || ids.contains(c.id))) {
                        out.add(c);
                    }
                }
            }
            sortContent(req, out);
            return Paging.cursor(req, out, 25, 250, c -> page(c, format, false));
        });
    }

    Map<String, Object> page(Content c, String format, boolean single) {
        Map<String, Object> o = Json.obj();
        o.put("id", c.id);
        o.put("status", c.status);
        o.put("title", c.title);
        o.put("spaceId", Long.toString(c.space.id));
        if (c.parentId != null) {
            o.put("parentId", c.parentId);
            o.put("parentType", "page");
        }
        o.put("position", c.position);
        o.put("authorId", c.creatorId);
        o.put("ownerId", c.creatorId);
        o.put("lastOwnerId", null);
        o.put("createdAt", Store.time(c.createdAt));
        o.put("version", version(c.version()));
        o.put("body", body(c.body, format));
        o.put("_links", pageLinks(c));
        return o;
    }

    static Map<String, Object> pageLinks(Content c) {
        return Json.obj(
                "editui", "/pages/resumedraft.action?draftId=" + c.id,
                "webui", "/spaces/" + c.space.key + "/pages/" + c.id + "/" + Paging.enc(c.title),
                "tinyui", "/x/" + WebView.tiny(c.id));
    }

    static Map<String, Object> body(String storage, String format) {
        Map<String, Object> b = Json.obj();
        if (format == null) {
            return b;
        }
        switch (format) {
            case "storage" -> b.put("storage", Json.obj("representation", "storage", "value", storage));
            case "view" -> b.put("view", Json.obj("representation", "view", "value", StorageRenderer.render(storage)));
            case "atlas_doc_format" ->
                b.put(
                        "atlas_doc_format",
                        Json.obj(
                                "representation",
                                "atlas_doc_format",
                                "value",
                                Json.writeString(Json.obj(
                                        "type",
                                        "doc",
                                        "version",
                                        1,
                                        "content",
                                        List.of(Json.obj(
                                                "type",
                                                "paragraph",
                                                "content",
                                                List.of(Json.obj(
                                                        "type",
                                                        "text",
                                                        "text",
                                                        StorageRenderer.plainText(storage)))))))));
            default -> throw ApiError.badRequest("Unsupported body-format " + format);
        }
        return b;
    }

    static Map<String, Object> version(Version v) {
        return Json.obj(
                "createdAt", Store.time(v.when),
                "message", v.message,
                "number", v.number,
                "minorEdit", v.minorEdit,
                "authorId", v.authorId);
    }

    private Resp getPage(Req req) {
        String format = bodyFormat(req, SINGLE_FORMATS);
        List<String> wanted = req.q("status") == null ? List.of("current", "archived", "draft") : statuses(req);
        Integer atVersion = req.q("version") == null ? null : req.intParam("version", 0);
        return store.read(() -> {
            Content c = store.page(req.user, req.var("id"));
            if (!wanted.contains(c.status)) {
                throw ApiError.notFound("No page found with id : " + c.id + " and status " + wanted);
            }
            Map<String, Object> o = page(c, format, true);
            if (atVersion != null) {
                if (atVersion < 1 || atVersion > c.versions.size()) {
                    throw ApiError.notFound("Page " + c.id + " has no version " + atVersion);
                }
                Version v = c.versions.get(atVersion - 1);
                o.put("title", v.title);
                o.put("version", version(v));
                o.put("body", body(v.body, format));
            }
            if (req.flag("include-labels")) {
                List<Object> labels = new ArrayList<>();
                c.labels.values().forEach(l -> labels.add(label(l)));
                o.put("labels", Json.obj("results", labels, "meta", Json.obj("hasMore", false), "_links", Json.obj()));
            }
            if (req.flag("include-properties")) {
                List<Object> props = new ArrayList<>();
                c.properties.values().forEach(p -> props.add(property(p)));
                o.put(
                        "properties",
                        Json.obj("results", props, "meta", Json.obj("hasMore", false), "_links", Json.obj()));
            }
            if (req.flag("include-versions")) {
                List<Object> vs = new ArrayList<>();
                for (int i = c.versions.size() - 1; i >= 0; i--) {
                    vs.add(version(c.versions.get(i)));
                }
                o.put("versions", Json.obj("results", vs, "meta", Json.obj("hasMore", false), "_links", Json.obj()));
            }
            omitVersionUnlessIncluded(req, o);
            links(o).put("base", req.origin + "/wiki");
            return Resp.ok(o);
        });
    }

    /**
     * {@code include-version=false} leaves the current version out of a single page, comment or attachment ("By
     * default this is included and can be omitted by setting the value to false").
     */
    private static void omitVersionUnlessIncluded(Req req, Map<String, Object> o) {
        if (req.q("include-version") != null && !req.flag("include-version")) {
            o.remove("version");
        }
    }

    private static String storageBody(Map<String, Object> json, boolean required) {
        Map<String, Object> body = Json.object(json, "body");
        if (body == null) {
            if (required) {
                throw ApiError.badRequest("body is required: {\"representation\":\"storage\",\"value\":\"...\"}.");
            }
            return null;
        }
        if (body.containsKey("storage")) { // nested form {"storage": {"representation":..., "value":...}}
            body = Json.object(body, "storage");
        }
        String rep = Json.string(body, "representation");
        String value = Json.string(body, "value");
        if (rep == null || value == null) {
            throw ApiError.badRequest("body needs representation and value.");
        }
        return switch (rep) {
            case "storage" -> StorageXhtml.requireWellFormed(value);
            case "wiki", "plain" -> "<p>" + Html.escape(value) + "</p>";
            default ->
                throw ApiError.badRequest(
                        "body representation '" + rep + "' is not supported by the emulator; send storage.");
        };
    }

    private Resp createPage(Req req) {
        Map<String, Object> json = req.json();
        String spaceId = Json.string(json, "spaceId");
        if (spaceId == null) {
            throw ApiError.badRequest("spaceId is required.");
        }
        String title = Json.string(json, "title");
        String status = Json.string(json, "status");
        String parentId = Json.string(json, "parentId");
        String body = storageBody(json, false);
        boolean rootLevel = req.flag("root-level");
        if (rootLevel && parentId != null) {
            throw ApiError.badRequest("parentId must not be given with root-level=true.");
        }
        return store.write(() -> {
            Space sp = store.spaceById(req.user, spaceId);
            Content c = store.createPage(req.user, sp, title, body, parentId, status, rootLevel);
            if (c.isCurrent()) {
                webhooks.fire("page_created", c, req.user);
            }
            Map<String, Object> o = page(c, "storage", true);
            links(o).put("base", req.origin + "/wiki");
            return Resp.ok(o).header("Location", req.origin + "/wiki/api/v2/pages/" + c.id);
        });
    }

    private Resp updatePage(Req req) {
        Map<String, Object> json = req.json();
        String id = Json.string(json, "id");
        if (id != null && !id.equals(req.var("id"))) {
            throw ApiError.badRequest("The id in the body (" + id + ") differs from the id in the path.");
        }
        String status = Json.string(json, "status");
        if (status == null) {
            throw ApiError.badRequest("status is required (current or draft).");
        }
        if (!status.equals("current") && !status.equals("draft")) {
            throw ApiError.badRequest("status must be current or draft, not " + status + ".");
        }
        String title = Json.string(json, "title");
        Map<String, Object> version = Json.object(json, "version");
        Integer number = Json.integer(version, "number");
        String message = Json.string(version, "message");
        String parentId = Json.string(json, "parentId");
        String spaceId = Json.string(json, "spaceId");
        return store.write(() -> {
            Content c = store.page(req.user, req.var("id"));
            if (spaceId != null && !spaceId.equals(Long.toString(c.space.id))) {
                throw ApiError.badRequest("Moving a page to another space is not supported.");
            }
            boolean restoring = !c.isCurrent() && !"draft".equals(c.status);
            String body = restoring ? null : storageBody(json, true);
            if (!restoring && title == null) {
                throw ApiError.badRequest("title is required.");
            }
            store.updatePage(req.user, c, title, body, number, message, false, parentId, status);
            if (c.isCurrent()) {
                webhooks.fire("page_updated", c, req.user);
            }
            Map<String, Object> o = page(c, "storage", true);
            links(o).put("base", req.origin + "/wiki");
            return Resp.ok(o);
        });
    }

    private Resp deletePage(Req req) {
        boolean purge = req.flag("purge");
        return store.write(() -> {
            Content c = store.page(req.user, req.var("id"));
            if (c.status.equals("deleted")) {
                throw ApiError.notFound("No page found with id : " + c.id);
            }
            store.delete(req.user, c, purge);
            return Resp.noContent();
        });
    }

    private Resp children(Req req) {
        return store.read(() -> {
            Content c = store.page(req.user, req.var("id"));
            List<Content> out = listedChildren(c);
            String sort = req.q("sort");
            if (sort != null && !sort.isEmpty() && !sort.equals("child-position")) {
                sortContent(req, out);
            }
            return Paging.cursor(
                    req,
                    out,
                    25,
                    250,
                    ch -> Json.obj(
                            "id",
                            ch.id,
                            "status",
                            ch.status,
                            "title",
                            ch.title,
                            "spaceId",
                            Long.toString(ch.space.id),
                            "childPosition",
                            ch.position));
        });
    }

    /** The child pages v2 lists: current and archived ones, in child position. */
    private static List<Content> listedChildren(Content page) {
        List<Content> out = new ArrayList<>();
        for (Content child : page.children) {
            if (child.isCurrent() || child.status.equals("archived")) {
                out.add(child);
            }
        }
        return out;
    }

    private Resp ancestors(Req req) {
        int limit = Paging.limit(req, 25, 250);
        return store.read(() -> {
            Content c = store.page(req.user, req.var("id"));
            List<Content> all = store.ancestors(c);
            List<Content> nearest = all.subList(Math.max(0, all.size() - limit), all.size());
            List<Object> results = new ArrayList<>();
            nearest.forEach(a -> results.add(Json.obj("id", a.id, "type", "page")));
            return Resp.ok(Json.obj("results", results, "_links", Json.obj("base", req.origin + "/wiki")));
        });
    }

    private Resp versions(Req req) {
        return versionList(req, "page", () -> store.page(req.user, req.var("id")));
    }

    /**
     * {@code GET /pages/{id}/direct-children}: the current and archived child pages (the emulator has no folders,
     * whiteboards, databases or embeds), by {@code childPosition} unless {@code sort} says otherwise.
     */
    private Resp directChildren(Req req) {
        return store.read(() -> {
            Content c = store.page(req.user, req.var("id"));
            List<Content> out = listedChildren(c);
            sortChildren(req, out);
            return Paging.cursor(req, out, 25, 250, ch -> {
                Map<String, Object> o = Json.obj();
                o.put("id", ch.id);
                o.put("status", ch.status);
                o.put("title", ch.title);
                o.put("type", "page");
                o.put("spaceId", Long.toString(ch.space.id));
                o.put("childPosition", ch.position);
                return o;
            });
        });
    }

    /**
     * {@code ChildPageSortOrder}: {@code child-position} (the default), {@code id}, {@code created-date} or
     * {@code modified-date}, each with optional '-'.
     */
    private static void sortChildren(Req req, List<Content> out) {
        Comparator<Content> byId = Comparator.comparingLong(x -> Long.parseLong(x.id));
        Comparator<Content> byPosition =
                Comparator.<Content>comparingInt(x -> x.position).thenComparing(byId);
        sortBy(req, out, byId, "child-position", "child-position", byPosition);
    }

    /**
     * Sorts by the request's {@code sort}: {@code id}, {@code created-date}, {@code modified-date}
     * or the list's own {@code key} (its order {@code byKey}), each with optional '-'; ties by id.
     * Without {@code sort}, by {@code defaultKey}.
     */
    private static void sortBy(
            Req req,
            List<Content> out,
            Comparator<Content> byId,
            String defaultKey,
            String key,
            Comparator<Content> byKey) {
        String sort = req.q("sort");
        boolean descending = sort != null && sort.startsWith("-");
        String asked = sort == null || sort.isEmpty() ? defaultKey : descending ? sort.substring(1) : sort;
        Comparator<Content> c;
        if (asked.equals(key)) {
            c = byKey;
        } else {
            c = switch (asked) {
                case "id" -> byId;
                case "created-date" ->
                    Comparator.<Content, java.time.Instant>comparing(x -> x.createdAt)
                            .thenComparing(byId);
                case "modified-date" ->
                    Comparator.<Content, java.time.Instant>comparing(Content::lastModified)
                            .thenComparing(byId);
                default ->
                    throw ApiError.badRequest("Unsupported sort '" + sort + "'; use id, created-date, modified-date or "
                            + key + ", with optional '-'.");
            };
        }
        out.sort(descending ? c.reversed() : c);
    }

    /** A page below the one asked about, with its depth (1 = a child). */
    private record Descendant(Content page, int depth) {}

    /**
     * {@code GET /pages/{id}/descendants}: the current and archived pages below a page "in top-to-bottom order" (all
     * children, then all grandchildren, ...; siblings by position), down to {@code depth} levels (default 2, at most
     * 10, as Atlassian's description says), each with its {@code parentId} and {@code depth}.
     */
    private Resp descendants(Req req) {
        int depth = req.intParam("depth", 2);
        if (depth < 1) {
            throw ApiError.badRequest("depth must be at least 1, got " + depth + ".");
        }
        int maxDepth = Math.min(depth, 10);
        return store.read(() -> {
            Content root = store.page(req.user, req.var("id"));
            List<Descendant> out = new ArrayList<>();
            List<Content> level = List.of(root);
            for (int d = 1; d <= maxDepth && !level.isEmpty(); d++) {
                List<Content> next = new ArrayList<>();
                for (Content parent : level) {
                    for (Content child : parent.children) {
                        if (child.isCurrent() || child.status.equals("archived")) {
                            out.add(new Descendant(child, d));
                            next.add(child);
                        }
                    }
                }
                level = next;
            }
            return Paging.cursor(req, out, 25, 250, x -> {
                Map<String, Object> o = Json.obj();
                o.put("id", x.page().id);
                o.put("status", x.page().status);
                o.put("title", x.page().title);
                o.put("type", "page");
                o.put("parentId", x.page().parentId);
                o.put("depth", x.depth());
                o.put("childPosition", x.page().position);
                return o;
            });
        });
    }

    /**
     * {@code PUT /pages/{id}/title}: {@code {"status": "current"|"draft", "title": "..."}} publishes the next version
     * with the new title and the same body, as {@code PUT /pages/{id}} would (unique titles per space, edit
     * permission).
     */
    private Resp updateTitle(Req req) {
        Map<String, Object> json = req.json();
        String status = Json.string(json, "status");
        String title = Json.string(json, "title");
        if (status == null) {
            throw ApiError.badRequest("status is required (current or draft).");
        }
        if (!status.equals("current") && !status.equals("draft")) {
            throw ApiError.badRequest("status must be current or draft, not " + status + ".");
        }
        if (title == null) {
            throw ApiError.badRequest("title is required.");
        }
        return store.write(() -> {
            Content c = store.page(req.user, req.var("id"));
            if (!c.isCurrent() && !"draft".equals(c.status)) {
                store.require(req.user, c.space, SpaceAccess.EDIT, "edit pages");
                throw ApiError.conflict("Page " + c.id + " is " + c.status + "; restore it before changing its title.");
            }
            store.updatePage(req.user, c, title, null, c.version().number + 1, "", false, null, status);
            if (c.isCurrent()) {
                webhooks.fire("page_updated", c, req.user);
            }
            Map<String, Object> o = page(c, "storage", true);
            links(o).put("base", req.origin + "/wiki");
            return Resp.ok(o);
        });
    }

    /**
     * {@code GET /pages/{id}/versions}, {@code GET /footer-comments/{id}/versions} and {@code GET
     * /attachments/{id}/versions}: the versions newest first unless {@code sort=modified-date}, each naming its
     * {@code entity} ({@code page}, {@code comment} or {@code attachment}) with the
     * title it had and, when {@code body-format} asks, its body.
     */
    private Resp versionList(Req req, String entity, Supplier<Content> content) {
        String format = bodyFormat(req, BULK_FORMATS);
        String sort = req.q("sort");
        if (sort != null && !sort.equals("modified-date") && !sort.equals("-modified-date")) {
            throw ApiError.badRequest("sort must be modified-date or -modified-date.");
        }
        return store.read(() -> {
            Content c = content.get();
            List<Version> out = new ArrayList<>(c.versions);
            if (!"modified-date".equals(sort)) {
                java.util.Collections.reverse(out);
            }
            return Paging.cursor(req, out, 25, 250, v -> {
                Map<String, Object> o = version(v);
                Map<String, Object> e = Json.obj("id", c.id, "title", v.title);
                if (format != null) {
                    e.put("body", body(v.body, format));
                }
                o.put(entity, e);
                return o;
            });
        });
    }

    // ---- content properties ----

    static Map<String, Object> property(Property p) {
        return Json.obj(
                "id",
                Long.toString(p.id),
                "key",
                p.key,
                "value",
                p.value,
                "version",
                Json.obj(
                        "createdAt",
                        Store.time(p.when),
                        "message",
                        p.message,
                        "number",
                        p.version,
                        "minorEdit",
                        false,
                        "authorId",
                        p.authorId));
    }

    private Resp listProperties(Req req) {
        String key = req.q("key");
        return store.read(() -> {
            Content c = store.page(req.user, req.var("page-id"));
            List<Property> out = new ArrayList<>();
            for (Property p : c.properties.values()) {
                if (key == null || key.equals(p.key)) {
                    out.add(p);
                }
            }
            String sort = req.q("sort");
            if ("-key".equals(sort)) {
                out.sort(Comparator.comparing((Property p) -> p.key).reversed());
            } else if ("key".equals(sort)) {
                out.sort(Comparator.comparing((Property p) -> p.key));
            }
            return Paging.cursor(req, out, 25, 250, V2Api::property);
        });
    }

    private Resp createProperty(Req req) {
        Map<String, Object> json = req.json();
        String key = Json.string(json, "key");
        if (!json.containsKey("value")) {
            throw ApiError.badRequest("value is required.");
        }
        return store.write(() -> {
            Content c = store.page(req.user, req.var("page-id"));
            return Resp.ok(property(store.createProperty(req.user, c, key, json.get("value"))));
        });
    }

    private Resp getProperty(Req req) {
        return store.read(() -> {
            Content c = store.page(req.user, req.var("page-id"));
            return Resp.ok(property(store.propertyById(c, req.var("property-id"))));
        });
    }

    private Resp updateProperty(Req req) {
        Map<String, Object> json = req.json();
        String key = Json.string(json, "key");
        Map<String, Object> version = Json.object(json, "version");
        if (!json.containsKey("value")) {
            throw ApiError.badRequest("value is required.");
        }
        return store.write(() -> {
            Content c = store.page(req.user, req.var("page-id"));
            Property p = store.propertyById(c, req.var("property-id"));
            if (key != null && !key.equals(p.key)) {
                throw ApiError.badRequest("The key of a content property cannot be changed (" + p.key + ").");
            }
            store.updateProperty(
                    req.user,
                    c,
                    p,
                    json.get("value"),
                    Json.integer(version, "number"),
                    Json.string(version, "message"));
            return Resp.ok(property(p));
        });
    }

    private Resp deleteProperty(Req req) {
        return store.write(() -> {
            Content c = store.page(req.user, req.var("page-id"));
            Property p = store.propertyById(c, req.var("property-id"));
            store.require(
                    req.user, c.space, dev.conftekton.testkit.confluence.SpaceAccess.EDIT, "delete content properties");
            c.properties.remove(p.key);
            return Resp.noContent();
        });
    }

    // ---- footer comments ----

    private Map<String, Object> comment(Content c, String format, boolean single) {
        return comment(c, format, single, c.version());
    }

    /** A comment as it was at version {@code v} (the current one unless {@code ?version=N} asked otherwise). */
    private Map<String, Object> comment(Content c, String format, boolean single, Version v) {
        Map<String, Object> o = Json.obj();
        o.put("id", c.id);
        o.put("status", v == c.version() ? c.status : "historical");
        o.put("title", c.title);
        o.put("pageId", c.parentId);
        if (single && c.parentCommentId != null) {
            o.put("parentCommentId", c.parentCommentId);
        }
        o.put("version", version(v));
        o.put("body", body(v.body, single && format == null ? null : format));
        o.put(
                "_links",
                Json.obj("webui", "/spaces/" + c.space.key + "/pages/" + c.parentId + "?focusedCommentId=" + c.id));
        return o;
    }

    private Resp pageComments(Req req) {
        String format = bodyFormat(req, BULK_FORMATS);
        return store.read(() -> {
            Content page = store.page(req.user, req.var("id"));
            // "Returns the root footer comments of specific page": replies are read through their parent.
            List<Content> out = new ArrayList<>();
            for (Content c : page.comments) {
                if (c.parentCommentId == null) {
                    out.add(c);
                }
            }
            sortContent(req, out);
            return Paging.cursor(req, out, 25, 250, c -> comment(c, format, false));
        });
    }

    /** {@code GET /footer-comments/{id}/children}: the direct replies to a footer comment. */
    private Resp commentChildren(Req req) {
        String format = bodyFormat(req, BULK_FORMATS);
        return store.read(() -> {
            Content parent = comment(req, "id");
            List<Content> out = new ArrayList<>();
            for (Content c : store.contents.get(parent.parentId).comments) {
                if (parent.id.equals(c.parentCommentId)) {
                    out.add(c);
                }
            }
            sortContent(req, out);
            return Paging.cursor(req, out, 25, 250, c -> {
                Map<String, Object> o = comment(c, format, false);
                // ChildrenCommentModel names the parent comment, not the page
                o.remove("pageId");
                o.put("parentCommentId", c.parentCommentId);
                return o;
            });
        });
    }

    private Resp allComments(Req req) {
        String format = bodyFormat(req, BULK_FORMATS);
        return store.read(() -> {
            List<Content> out = new ArrayList<>();
            for (Content c : store.contents.values()) {
                if (c.type == Type.COMMENT && store.canView(req.user, c.space)) {
                    out.add(c);
                }
            }
            sortContent(req, out);
            return Paging.cursor(req, out, 25, 250, c -> comment(c, format, false));
        });
    }

    private Resp createComment(Req req) {
        Map<String, Object> json = req.json();
        for (String unsupported : List.of("blogPostId", "attachmentId", "customContentId")) {
            if (json.get(unsupported) != null) {
                throw ApiError.badRequest("Comments on " + unsupported.replace("Id", "s")
                        + " are not supported by the emulator; comment on a page (pageId).");
            }
        }
        String pageId = Json.string(json, "pageId");
        String parentCommentId = Json.string(json, "parentCommentId");
        if ((pageId == null) == (parentCommentId == null)) {
            throw ApiError.badRequest("Give exactly one of pageId (top-level comment) or parentCommentId (reply).");
        }
        String body = storageBody(json, true);
        return store.write(() -> {
            Content page;
            if (parentCommentId != null) {
                Content parent = store.content(req.user, parentCommentId);
                if (parent.type != Type.COMMENT) {
                    throw ApiError.notFound("No comment found with id : " + parentCommentId);
                }
                page = store.content(req.user, parent.parentId);
            } else {
                page = store.page(req.user, pageId);
            }
            Content c = store.createComment(req.user, page, parentCommentId, body);
            webhooks.fire("comment_created", c, req.user);
            Map<String, Object> o = comment(c, "storage", true);
            links(o).put("base", req.origin + "/wiki");
            return Resp.json(201, o).header("Location", "/wiki/api/v2/footer-comments/" + c.id);
        });
    }

    private Content comment(Req req, String var) {
        Content c = store.content(req.user, req.var(var));
        if (c.type != Type.COMMENT) {
            throw ApiError.notFound("No comment found with id : " + c.id);
        }
        return c;
    }

    private static Version versionOf(Content c, int number) {
        if (number < 1 || number > c.versions.size()) {
            throw ApiError.notFound("Comment " + c.id + " has no version " + number);
        }
        return c.versions.get(number - 1);
    }

    private Resp getComment(Req req) {
        String format = bodyFormat(req, SINGLE_FORMATS);
        Integer atVersion = req.q("version") == null ? null : req.intParam("version", 0);
        return store.read(() -> {
            Content c = comment(req, "comment-id");
            Map<String, Object> o = comment(c, format, true, atVersion == null ? c.version() : versionOf(c, atVersion));
            omitVersionUnlessIncluded(req, o);
            links(o).put("base", req.origin + "/wiki");
            return Resp.ok(o);
        });
    }

    /**
     * {@code PUT /footer-comments/{id}}: the comment's author (or a space admin) publishes {@code version.number =
     * current + 1}; a stale number gets 409. Anyone else gets 404, as the v2 description says ("the user is forbidden
     * from updating a comment tied to a resource they are allowed to view").
     */
    private Resp updateComment(Req req) {
        Map<String, Object> json = req.json();
        Map<String, Object> version = Json.object(json, "version");
        if (version == null) {
            throw ApiError.badRequest("version.number is required: send the current version + 1.");
        }
        Integer number = Json.integer(version, "number");
        String body = storageBody(json, true);
        return store.write(() -> {
            Content c = comment(req, "comment-id");
            if (!c.creatorId.equals(req.user.accountId)) {
                SpaceAccess a = store.access(req.user, c.space);
                if (a == null || !a.grants(SpaceAccess.ADMIN)) {
                    throw ApiError.notFound("No comment found with id : " + c.id + " that you may update");
                }
            }
            store.updateComment(req.user, c, body, number, Json.string(version, "message"), false);
            return Resp.ok(comment(c, "storage", true)); // FooterCommentModel: no _links.base here
        });
    }

    /** {@code GET /footer-comments/{id}/versions}: as for pages. */
    private Resp commentVersions(Req req) {
        return versionList(req, "comment", () -> comment(req, "id"));
    }

    /** {@code GET /footer-comments/{id}/versions/{n}}: one version's details. */
    private Resp commentVersion(Req req) {
        int number;
        try {
            number = Integer.parseInt(req.var("version-number"));
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("The version number must be an integer.");
        }
        return store.read(() -> {
            Content c = comment(req, "id");
            Version v = versionOf(c, number);
            Map<String, Object> o = version(v);
            o.put("contentTypeModified", false);
            o.put("collaborators", List.of(v.authorId));
            if (number > 1) {
                o.put("prevVersion", number - 1);
            }
            if (number < c.versions.size()) {
                o.put("nextVersion", number + 1);
            }
            return Resp.ok(o);
        });
    }

    // ---- users ----

    /**
     * {@code POST /users-bulk}: the accounts Confluence knows, each with its {@code accountStatus} ({@code active}, or
     * {@code inactive} once deactivated); unknown ids are left out of {@code results}.
     */
    @SuppressWarnings("unchecked")
    private Resp usersBulk(Req req) {
        Object ids = req.json().get("accountIds");
        if (!(ids instanceof List<?> list) || list.isEmpty() || list.size() > 250) {
            throw ApiError.badRequest("accountIds must be a list of 1 to 250 account ids.");
        }
        for (Object id : list) {
            if (!(id instanceof String)) {
                throw ApiError.badRequest("accountIds must be strings.");
            }
        }
        return store.read(() -> {
            List<Object> out = new ArrayList<>();
            for (String id : (List<String>) list) {
                Model.User u = store.user(id);
                if (u == null) {
                    continue;
                }
                Map<String, Object> o = Json.obj();
                o.put("accountId", u.accountId);
                o.put("accountType", "atlassian");
                o.put("accountStatus", u.active ? "active" : "inactive");
                o.put("displayName", u.displayName);
                o.put("publicName", u.displayName);
                o.put("email", u.email);
                o.put("isExternalCollaborator", false);
                o.put(
                        "profilePicture",
                        Json.obj("path", "/wiki/images/icons/profilepics/default.svg", "isDefault", true));
                out.add(o);
            }
            return Resp.ok(Json.obj("results", out, "_links", Json.obj("base", req.origin + "/wiki")));
        });
    }

    private Resp deleteComment(Req req) {
        return store.write(() -> {
            Content c = store.content(req.user, req.var("comment-id"));
            if (c.type != Type.COMMENT) {
                throw ApiError.notFound("No comment found with id : " + c.id);
            }
            store.delete(req.user, c, false);
            return Resp.noContent();
        });
    }

    // ---- attachments and labels ----

    private Resp attachments(Req req) {
        String filename = req.q("filename");
        String mediaType = req.q("mediaType");
        return store.read(() -> {
            Content page = store.page(req.user, req.var("id"));
            List<Content> out = new ArrayList<>();
            for (Content a : page.attachments) {
                if ((filename == null || filename.equals(a.title))
                        && (mediaType == null || mediaType.equals(a.mediaType))) {
                    out.add(a);
                }
            }
            sortContent(req, out);
            return Paging.cursor(req, out, 50, 250, V2Api::attachment);
        });
    }

    private Content attachmentById(Req req) {
        Content a = store.content(req.user, req.var("id"));
        if (a.type != Type.ATTACHMENT || !a.isCurrent()) {
            throw ApiError.notFound("No attachment found with id : " + req.var("id"));
        }
        return a;
    }

    /** {@code GET /attachments/{id}}, at {@code version=N} when asked (its file, size and link). */
    private Resp getAttachment(Req req) {
        Integer atVersion = req.q("version") == null ? null : req.intParam("version", 0);
        return store.read(() -> {
            Content a = attachmentById(req);
            Map<String, Object> o = attachment(a);
            if (atVersion != null) {
                Model.AttachmentFile file = store.attachmentFile(a, atVersion);
                String download = downloadPath(a, atVersion);
                o.put("mediaType", file.mediaType());
                o.put("mediaTypeDescription", file.mediaType());
                o.put("fileSize", (long) file.data().length);
                o.put("downloadLink", download);
                o.put("version", version(a.versions.get(atVersion - 1)));
                links(o).put("download", download);
            }
            omitVersionUnlessIncluded(req, o);
            links(o).put("base", req.origin + "/wiki");
            return Resp.ok(o);
        });
    }

    private Resp attachmentVersions(Req req) {
        return versionList(req, "attachment", () -> attachmentById(req));
    }

    static Map<String, Object> attachment(Content a) {
        Map<String, Object> o = Json.obj();
        o.put("id", a.id);
        o.put("status", a.status);
        o.put("title", a.title);
        o.put("createdAt", Store.time(a.createdAt));
        o.put("pageId", a.parentId);
        o.put("mediaType", a.mediaType);
        o.put("mediaTypeDescription", a.mediaType);
        o.put("comment", a.comment);
        o.put("fileId", a.fileId);
        o.put("fileSize", (long) a.data.length);
        String download = downloadPath(a);
        String webui = "/pages/viewpageattachments.action?pageId=" + a.parentId + "&preview="
                + Paging.enc("/" + a.parentId + "/" + a.title);
        o.put("webuiLink", webui);
        o.put("downloadLink", download);
        o.put("version", version(a.version()));
        o.put("_links", Json.obj("webui", webui, "download", download));
        return o;
    }

    static String downloadPath(Content a) {
        return downloadPath(a, a.version().number);
    }

    static String downloadPath(Content a, int version) {
        return "/download/attachments/" + a.parentId + "/" + Paging.enc(a.title).replace("+", "%20") + "?version="
                + version + "&api=v2";
    }

    static Map<String, Object> label(Label l) {
        return Json.obj("id", Long.toString(l.id), "name", l.name, "prefix", "global");
    }

    private Resp labels(Req req) {
        String prefix = req.q("prefix");
        return store.read(() -> {
            Content page = store.page(req.user, req.var("id"));
            List<Label> out = new ArrayList<>();
            if (prefix == null || prefix.equals("global")) {
                out.addAll(page.labels.values());
            }
            return Paging.cursor(req, out, 25, 250, V2Api::label);
        });
    }

    private static final Set<String> ATTACHMENT_SORTS =
            Set.of("created-date", "-created-date", "modified-date", "-modified-date");

    /**
     * {@code GET /attachments}: every attachment whose page the caller may view, {@code current} and {@code archived}
     * unless {@code status} asks for others ({@code trashed}), filtered by {@code mediaType} and {@code filename}.
     */
    private Resp allAttachments(Req req) {
        List<String> statuses = req.qs("status");
        for (String st : statuses) {
            if (!Set.of("current", "archived", "trashed").contains(st)) {
                throw ApiError.badRequest("Unknown status '" + st + "'; use current, archived or trashed.");
            }
        }
        List<String> wanted = statuses.isEmpty() ? List.of("current", "archived") : statuses;
        String sort = req.q("sort");
        if (sort != null && !sort.isEmpty() && !ATTACHMENT_SORTS.contains(sort)) {
            throw ApiError.badRequest(
                    "Unsupported sort '" + sort + "'; use created-date or modified-date, with optional '-'.");
        }
        String filename = req.q("filename");
        String mediaType = req.q("mediaType");
        return store.read(() -> {
            List<Content> out = new ArrayList<>();
            for (Content a : store.contents.values()) {
                if (a.type == Type.ATTACHMENT
                        && store.canView(req.user, a.space)
                        && wanted.contains(a.status)
                        && (filename == null || filename.equals(a.title))
                        && (mediaType == null || mediaType.equals(a.mediaType))) {
                    out.add(a);
                }
            }
            sortContent(req, out);
            return Paging.cursor(req, out, 50, 250, V2Api::attachment);
        });
    }

    /**
     * {@code DELETE /attachments/{id}}: to the trash, or {@code purge=true} on a trashed one removes it (space admins);
     * the id may be given with or without its {@code att} prefix.
     */
    private Resp deleteAttachment(Req req) {
        boolean purge = req.flag("purge");
        String id = req.var("id");
        if (!id.matches("(att)?[0-9]+")) {
            throw ApiError.badRequest(
                    "The attachment id must be a number (optionally prefixed with att), not '" + id + "'.");
        }
        String full = id.startsWith("att") ? id : "att" + id;
        return store.write(() -> {
            Content a = store.contents.get(full);
            if (a == null || a.type != Type.ATTACHMENT || !store.canView(req.user, a.space)) {
                throw ApiError.notFound("No attachment found with id : " + id);
            }
            store.trashOrPurgeAttachment(req.user, a, purge);
            return Resp.noContent();
        });
    }

    // ---- labels ----

    private static final Set<String> LABEL_PREFIXES = Set.of("my", "team", "global", "system");

    /**
     * {@code GET /labels}: the labels on content the caller may view (all labels here are {@code global}), filtered by
     * {@code label-id} and {@code prefix}, sorted by {@code sort} ({@code id}, {@code name}, {@code created-date}; ids
     * grow with creation).
     */
    private Resp allLabels(Req req) {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (String v : req.qs("label-id")) {
            try {
                ids.add(Long.parseLong(v));
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("label-id must be numeric label ids, not '" + v + "'.");
            }
        }
        List<String> prefixes = req.qs("prefix");
        for (String v : prefixes) {
            if (!LABEL_PREFIXES.contains(v)) {
                throw ApiError.badRequest("Unknown label prefix '" + v + "'; use my, team, global or system.");
            }
        }
        Comparator<Label> order = labelOrder(req.q("sort"));
        return store.read(() -> {
            Map<Long, Label> seen = new java.util.HashMap<>();
            if (prefixes.isEmpty() || prefixes.contains("global")) {
                for (Content c : store.contents.values()) {
                    if (!c.labels.isEmpty() && store.canView(req.user, c.space)) {
                        for (Label l : c.labels.values()) {
                            if (ids.isEmpty() || ids.contains(l.id)) {
                                seen.putIfAbsent(l.id, l);
                            }
                        }
                    }
                }
            }
            List<Label> out = new ArrayList<>(seen.values());
            out.sort(order);
            return Paging.cursor(req, out, 25, 250, V2Api::label);
        });
    }

    private static Comparator<Label> labelOrder(String sort) {
        Comparator<Label> byId = Comparator.comparingLong(l -> l.id);
        if (sort == null || sort.isEmpty()) {
            return byId;
        }
        String key = sort.startsWith("-") ? sort.substring(1) : sort;
        Comparator<Label> c =
                switch (key) {
                    case "id", "created-date" -> byId;
                    case "name" ->
                        Comparator.<Label, String>comparing(l -> l.name).thenComparing(byId);
                    default ->
                        throw ApiError.badRequest(
                                "Unsupported sort '" + sort + "'; use id, name or created-date, with optional '-'.");
                };
        return sort.startsWith("-") ? c.reversed() : c;
    }

    /**
     * {@code GET /labels/{id}/pages}: the current and archived pages carrying the label in spaces the caller may view
     * (optionally only in {@code space-id}); 404 for a label that does not exist.
     */
    private Resp labelPages(Req req) {
        long labelId;
        try {
            labelId = Long.parseLong(req.var("id"));
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("The label id must be a number, not '" + req.var("id") + "'.");
        }
        String format = bodyFormat(req, BULK_FORMATS);
        List<String> spaceIds = req.qs("space-id");
        if (spaceIds.size() > 100) {
            throw ApiError.badRequest("Too many values: at most 100 space ids.");
        }
        for (String v : spaceIds) {
            if (!v.matches("[0-9]+")) {
                throw ApiError.badRequest("space-id must be numeric space ids, not '" + v + "'.");
            }
        }
        return store.read(() -> {
            Label label = store.labelById(labelId);
            if (label == null) {
                throw ApiError.notFound("No label found with id : " + labelId);
            }
            List<Content> out = new ArrayList<>();
            for (Space sp : store.spaces.values()) {
                if (!store.canView(req.user, sp) || (!spaceIds.isEmpty() && !spaceIds.contains(Long.toString(sp.id)))) {
                    continue;
                }
                for (Content c : sp.pages.values()) {
                    if ((c.isCurrent() || c.status.equals("archived")) && c.labels.containsKey(label.name)) {
                        out.add(c);
                    }
                }
            }
            sortContent(req, out);
            return Paging.cursor(req, out, 25, 250, c -> page(c, format, false));
        });
    }

    // ---- inline comments (none in the emulator) ----

    private static final Set<String> COMMENT_SORTS =
            Set.of("created-date", "-created-date", "modified-date", "-modified-date");

    private static void checkCommentSort(Req req) {
        String sort = req.q("sort");
        if (sort != null && !sort.isEmpty() && !COMMENT_SORTS.contains(sort)) {
            throw ApiError.badRequest(
                    "Unsupported sort '" + sort + "'; use created-date or modified-date, with optional '-'.");
        }
    }

    /**
     * {@code GET /pages/{id}/inline-comments}: the emulator keeps no inline comments, so a visible page answers an
     * empty list (parameters checked as Confluence does); an unknown or invisible page 404.
     */
    private Resp pageInlineComments(Req req) {
        bodyFormat(req, BULK_FORMATS);
        statuses(req);
        for (String v : req.qs("resolution-status")) {
            if (!Set.of("resolved", "open", "dangling", "reopened").contains(v)) {
                throw ApiError.badRequest(
                        "Unknown resolution-status '" + v + "'; use resolved, open, dangling or reopened.");
            }
        }
        checkCommentSort(req);
        return store.read(() -> {
            store.page(req.user, req.var("id"));
            return Paging.cursor(req, List.<Content>of(), 25, 250, c -> Json.obj());
        });
    }

    /** {@code GET /inline-comments}: always empty here (the emulator keeps no inline comments). */
    private Resp allInlineComments(Req req) {
        bodyFormat(req, BULK_FORMATS);
        checkCommentSort(req);
        return store.read(() -> Paging.cursor(req, List.<Content>of(), 25, 250, c -> Json.obj()));
    }
}
