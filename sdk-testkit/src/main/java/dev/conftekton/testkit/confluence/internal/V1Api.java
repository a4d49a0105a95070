package dev.conftekton.testkit.confluence.internal;

import dev.conftekton.testkit.confluence.SpaceAccess;
import dev.conftekton.testkit.confluence.internal.Model.Content;
import dev.conftekton.testkit.confluence.internal.Model.Group;
import dev.conftekton.testkit.confluence.internal.Model.Label;
import dev.conftekton.testkit.confluence.internal.Model.Property;
import dev.conftekton.testkit.confluence.internal.Model.Space;
import dev.conftekton.testkit.confluence.internal.Model.Type;
import dev.conftekton.testkit.confluence.internal.Model.User;
import dev.conftekton.testkit.confluence.internal.Model.Version;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Confluence REST API v1: Cloud under {@code /wiki/rest/api}, Data Center under {@code /rest/api}. */
final class V1Api {
    private static final Set<String> DEFAULT_EXPAND = Set.of("space", "history", "version");
    private static final Set<String> WRITE_EXPAND =
            Set.of("space", "history", "version", "ancestors", "body", "body.storage", "container");

    private final Store store;
    private final Webhooks webhooks;
    /** {@code /wiki} on Cloud, empty on Data Center. */
    private final String context;

    private final boolean dataCenter;

    V1Api(Store store, Webhooks webhooks, String context) {
        this.store = store;
        this.webhooks = webhooks;
        this.context = context;
        this.dataCenter = context.isEmpty();
    }

    void register(Router r) {
        String p = context + "/rest/api";
        Router.Style s = Router.Style.V1;
        r.add("GET", p + "/content", s, true, this::listContent);
        r.add("POST", p + "/content", s, true, this::createContent);
        r.add("GET", p + "/content/search", s, true, this::contentSearch);
        r.add("GET", p + "/search", s, true, this::search);
        r.add("GET", p + "/content/{id}", s, true, this::getContent);
        r.add("PUT", p + "/content/{id}", s, true, this::updateContent);
        r.add("DELETE", p + "/content/{id}", s, true, this::deleteContent);
        r.add("GET", p + "/content/{id}/history", s, true, this::history);
        r.add("GET", p + "/content/{id}/version", s, true, this::versions);
        r.add("GET", p + "/content/{id}/version/{versionNumber}", s, true, this::versionByNumber);
        r.add("GET", p + "/content/{id}/child", s, true, this::child);
        r.add("GET", p + "/content/{id}/child/page", s, true, req -> children(req, Type.PAGE));
        r.add("GET", p + "/content/{id}/child/comment", s, true, req -> children(req, Type.COMMENT));
        r.add("GET", p + "/content/{id}/child/attachment", s, true, req -> children(req, Type.ATTACHMENT));
        r.add("GET", p + "/content/{id}/descendant", s, true, this::descendantMap);
        if (!dataCenter) {
            r.add("GET", p + "/content/{id}/restriction", s, true, this::restrictions);
        }
        r.add("GET", p + "/content/{id}/restriction/byOperation", s, true, this::restrictionsByOperation);
        r.add("GET", p + "/content/{id}/restriction/byOperation/{operationKey}", s, true, this::restrictionFor);
        r.add("GET", p + "/content/{id}/descendant/{type}", s, true, this::descendantsOfType);
        r.add("POST", p + "/content/{id}/child/attachment", s, true, req -> upload(req, false));
        r.add("PUT", p + "/content/{id}/child/attachment", s, true, req -> upload(req, true));
        r.add("POST", p + "/content/{id}/child/attachment/{attachmentId}/data", s, true, this::uploadData);
        r.add("GET", p + "/content/{id}/child/attachment/{attachmentId}/download", s, true, this::downloadRedirect);
        r.add("GET", context + "/download/attachments/{pageId}/{filename}", Router.Style.PLAIN, true, this::download);
        r.add("GET", p + "/content/{id}/label", s, true, this::labels);
        r.add("POST", p + "/content/{id}/label", s, true, this::addLabels);
        r.add("DELETE", p + "/content/{id}/label", s, true, req -> removeLabel(req, req.q("name")));
        r.add("DELETE", p + "/content/{id}/label/{label}", s, true, req -> removeLabel(req, req.var("label")));
        r.add("GET", p + "/content/{id}/state", s, true, this::getState);
        r.add("PUT", p + "/content/{id}/state", s, true, this::putState);
        r.add("DELETE", p + "/content/{id}/state", s, true, this::deleteState);
        r.add("GET", p + "/content/{id}/state/available", s, true, this::availableStates);
        r.add("GET", p + "/content/{id}/property", s, true, this::listProperties);
        r.add("POST", p + "/content/{id}/property", s, true, req -> createProperty(req, null));
        r.add("GET", p + "/content/{id}/property/{key}", s, true, this::getProperty);
        r.add("POST", p + "/content/{id}/property/{key}", s, true, req -> createProperty(req, req.var("key")));
        r.add("PUT", p + "/content/{id}/property/{key}", s, true, this::updateProperty);
        r.add("DELETE", p + "/content/{id}/property/{key}", s, true, this::deleteProperty);
        r.add("POST", p + "/contentbody/convert/{to}", s, true, this::convertBody);
        r.add("GET", p + "/space", s, true, this::listSpaces);
        r.add("GET", p + "/space/{spaceKey}", s, true, this::getSpace);
        r.add("GET", p + "/space/{spaceKey}/content", s, true, this::spaceContent);
        r.add("GET", p + "/space/{spaceKey}/content/{type}", s, true, req -> spaceContentOfType(req, req.var("type")));
        r.add("GET", p + "/user/current", s, true, req -> Resp.ok(user(req, req.user)));
        r.add("GET", p + "/user", s, true, this::getUser);
        r.add("GET", p + "/user/memberof", s, true, this::memberOf);
        if (!dataCenter) {
            r.add("GET", p + "/user/bulk", s, true, this::bulkUsers);
        }
        r.add("GET", p + "/group", s, true, this::listGroups);
        r.add("GET", p + "/group/by-name", s, true, req -> groupByName(req, req.q("name")));
        if (!dataCenter) {
            // Cloud only; on Data Center /group/picker names a group, as there (the route with more literal
            // segments wins over /group/{groupName}).
            r.add("GET", p + "/group/picker", s, true, this::groupPicker);
        }
        r.add("GET", p + "/group/{groupName}", s, true, req -> groupByName(req, req.var("groupName")));
        r.add("GET", p + "/group/member", s, true, req -> members(req, req.q("name")));
        r.add("GET", p + "/group/{groupName}/member", s, true, req -> members(req, req.var("groupName")));
    }

    // ---- expansion ----

    /** The requested expansions, e.g. {@code body.storage} also implies {@code body}. */
    private static Set<String> expand(Req req, Set<String> dflt) {
        String raw = req.q("expand");
        if (raw == null) {
            return dflt;
        }
        Set<String> out = new HashSet<>();
        for (String e : req.qs("expand")) {
            String[] parts = e.split("\\.");
            StringBuilder prefix = new StringBuilder();
            for (String part : parts) {
                if (prefix.length() > 0) {
                    prefix.append('.');
                }
                prefix.append(part);
                out.add(prefix.toString());
            }
        }
        return out;
    }

    private static Set<String> sub(Set<String> expand, String prefix) {
        Set<String> out = new HashSet<>();
        String p = prefix + ".";
        for (String e : expand) {
            if (e.startsWith(p)) {
                out.add(e.substring(p.length()));
            }
        }
        return out;
    }

    private String base(Req req) {
        return req.origin + context;
    }

    // ---- renderers ----

    Map<String, Object> content(Req req, Content c, Set<String> ex) {
        return content(req, c, ex, c.versions.size());
    }

    Map<String, Object> content(Req req, Content c, Set<String> ex, int versionNumber) {
        Version v = c.versions.get(versionNumber - 1);
        boolean historical = versionNumber != c.versions.size();
        Map<String, Object> o = Json.obj();
        o.put("id", c.id);
        o.put("type", c.type.wire);
        o.put("status", historical ? "historical" : c.status);
        o.put("title", historical ? v.title : c.title);
        Map<String, Object> expandable = Json.obj();
        if (ex.contains("space")) {
            o.put("space", space(req, c.space, sub(ex, "space")));
        } else {
            expandable.put("space", "/rest/api/space/" + c.space.key);
        }
        if (ex.contains("history")) {
            o.put("history", history(req, c, sub(ex, "history")));
        } else {
            expandable.put("history", "/rest/api/content/" + c.id + "/history");
        }
        if (ex.contains("version")) {
            o.put("version", version(req, c, v));
        } else {
            expandable.put("version", "");
        }
        if (c.type == Type.PAGE || (c.type == Type.COMMENT && c.parentCommentId != null)) {
            if (ex.contains("ancestors")) {
                List<Object> ancestors = new ArrayList<>();
                if (c.type == Type.PAGE) {
                    for (Content a : store.ancestors(c)) {
                        ancestors.add(content(req, a, sub(ex, "ancestors")));
                    }
                } else {
                    Content parent = store.contents.get(c.parentCommentId);
                    if (parent != null) {
                        ancestors.add(content(req, parent, sub(ex, "ancestors")));
                    }
                }
                o.put("ancestors", ancestors);
            } else {
                expandable.put("ancestors", "");
            }
        }
        if (ex.contains("container")) {
            if (c.type == Type.PAGE) {
                o.put("container", space(req, c.space, Set.of()));
            } else {
                Content page = store.contents.get(c.parentId);
                if (page != null) {
                    o.put("container", content(req, page, Set.of()));
                }
            }
        } else {
            expandable.put(
                    "container",
                    c.type == Type.PAGE ? "/rest/api/space/" + c.space.key : "/rest/api/content/" + c.parentId);
        }
        if (c.type != Type.ATTACHMENT) {
            if (ex.contains("body")) {
                o.put("body", body(c, sub(ex, "body"), historical ? v.body : c.body));
            } else {
                expandable.put("body", "");
            }
        }
        if (ex.contains("children")) {
            o.put("children", childrenOf(req, c, sub(ex, "children")));
        } else {
            expandable.put("children", "/rest/api/content/" + c.id + "/child");
        }
        if (ex.contains("metadata")) {
            o.put("metadata", metadata(req, c, sub(ex, "metadata")));
        } else {
            expandable.put("metadata", "");
        }
        expandable.put("restrictions", "/rest/api/content/" + c.id + "/restriction/byOperation");
        expandable.put("operations", "");
        expandable.put("descendants", "/rest/api/content/" + c.id + "/descendant");
        if (c.type == Type.PAGE) {
            o.put("extensions", Json.obj("position", c.position));
        } else if (c.type == Type.ATTACHMENT) {
            o.put(
                    "extensions",
                    Json.obj(
                            "mediaType",
                            c.mediaType,
                            "fileSize",
                            c.data.length,
                            "comment",
                            c.comment,
                            "fileId",
                            c.fileId));
        } else {
            o.put("extensions", Json.obj("location", "footer"));
        }
        o.put("_expandable", expandable);
        o.put("_links", links(req, c));
        return o;
    }

    private Map<String, Object> links(Req req, Content c) {
        Map<String, Object> l = Json.obj();
        switch (c.type) {
            case PAGE -> {
                l.put(
                        "webui",
                        dataCenter
                                ? "/pages/viewpage.action?pageId=" + c.id
                                : "/spaces/" + c.space.key + "/pages/" + c.id + "/" + Paging.enc(c.title));
                // Data Center names the editor link "edit"; Cloud names it "editui" and adds the new editor's
                // "edituiv2" (v1 GenericLinks as Cloud serves it; v2 AbstractPageLinks has "editui" too).
                if (dataCenter) {
                    l.put("edit", "/pages/resumedraft.action?draftId=" + c.id);
                } else {
                    l.put("editui", "/pages/resumedraft.action?draftId=" + c.id);
                    l.put("edituiv2", "/spaces/" + c.space.key + "/pages/edit-v2/" + c.id);
                }
                l.put("tinyui", "/x/" + WebView.tiny(c.id));
            }
            case COMMENT ->
                l.put(
                        "webui",
                        (dataCenter
                                        ? "/pages/viewpage.action?pageId=" + c.parentId
                                        : "/spaces/" + c.space.key + "/pages/" + c.parentId)
                                + "?focusedCommentId=" + c.id);
            case ATTACHMENT -> {
                l.put("webui", "/pages/viewpageattachments.action?pageId=" + c.parentId);
                l.put("download", V2Api.downloadPath(c).replace("&api=v2", ""));
            }
        }
        l.put("self", base(req) + "/rest/api/content/" + c.id);
        l.put("collection", "/rest/api/content");
        l.put("base", base(req));
        l.put("context", context);
        return l;
    }

    private Map<String, Object> body(Content c, Set<String> ex, String storage) {
        Map<String, Object> b = Json.obj();
        Map<String, Object> expandable = Json.obj();
        for (String rep : List.of("storage", "view", "export_view", "styled_view", "editor", "atlas_doc_format")) {
            if (ex.contains(rep)) {
                String value =
                        switch (rep) {
                            case "storage", "editor" -> storage;
                            case "atlas_doc_format" ->
                                ((Map<?, ?>) V2Api.body(storage, "atlas_doc_format")
                                                .get("atlas_doc_format"))
                                        .get("value")
                                        .toString();
                            default -> StorageRenderer.render(storage);
                        };
                b.put(
                        rep,
                        Json.obj(
                                "value",
                                value,
                                "representation",
                                rep,
                                "embeddedContent",
                                List.of(),
                                "_expandable",
                                Json.obj("content", "/rest/api/content/" + c.id)));
            } else {
                expandable.put(rep, "/rest/api/content/" + c.id);
            }
        }
        b.put("_expandable", expandable);
        return b;
    }

    private Map<String, Object> version(Req req, Content c, Version v) {
        Map<String, Object> o = Json.obj();
        o.put("by", user(req, store.user(v.authorId)));
        o.put("when", Store.time(v.when));
        o.put("friendlyWhen", "just a moment ago");
        o.put("message", v.message);
        o.put("number", v.number);
        o.put("minorEdit", v.minorEdit);
        o.put("contentTypeModified", false);
        o.put("_expandable", Json.obj("collaborators", "", "content", "/rest/api/content/" + c.id));
        o.put("_links", Json.obj("self", base(req) + "/rest/api/content/" + c.id + "/version/" + v.number));
        return o;
    }

    private Map<String, Object> history(Req req, Content c, Set<String> ex) {
        Map<String, Object> o = Json.obj();
        o.put("latest", c.isCurrent());
        o.put("createdBy", user(req, store.user(c.creatorId)));
        o.put("ownedBy", user(req, store.user(c.creatorId)));
        o.put("createdDate", Store.time(c.createdAt));
        o.put("lastUpdated", version(req, c, c.version()));
        if (c.versions.size() > 1) {
            o.put("previousVersion", version(req, c, c.versions.get(c.versions.size() - 2)));
        }
        o.put("_expandable", Json.obj("contributors", "", "nextVersion", ""));
        o.put("_links", Json.obj("self", base(req) + "/rest/api/content/" + c.id + "/history"));
        return o;
    }

    private Map<String, Object> metadata(Req req, Content c, Set<String> ex) {
        Map<String, Object> m = Json.obj();
        if (ex.contains("labels")) {
            List<Object> labels = new ArrayList<>();
            c.labels.values().forEach(l -> labels.add(label(l)));
            m.put(
                    "labels",
                    Json.obj(
                            "results",
                            labels,
                            "start",
                            0,
                            "limit",
                            200,
                            "size",
                            labels.size(),
                            "_links",
                            Json.obj("self", base(req) + "/rest/api/content/" + c.id + "/label")));
        }
        if (ex.contains("properties")) {
            Set<String> keys = sub(ex, "properties");
            Map<String, Object> props = Json.obj();
            for (Property p : c.properties.values()) {
                if (keys.isEmpty() || keys.contains(p.key)) {
                    props.put(p.key, property(req, c, p));
                }
            }
            m.put("properties", props);
        }
        return m;
    }

    private Map<String, Object> childrenOf(Req req, Content c, Set<String> ex) {
        Map<String, Object> o = Json.obj();
        Map<String, Object> expandable = Json.obj();
        for (Type t : List.of(Type.ATTACHMENT, Type.COMMENT, Type.PAGE)) {
            if (ex.contains(t.wire)) {
                List<Object> results = new ArrayList<>();
                for (Content child : childList(c, t)) {
                    results.add(content(req, child, sub(ex, t.wire)));
                }
                o.put(
                        t.wire,
                        wholeList(
                                results,
                                Json.obj("self", base(req) + "/rest/api/content/" + c.id + "/child/" + t.wire)));
            } else {
                expandable.put(t.wire, "/rest/api/content/" + c.id + "/child/" + t.wire);
            }
        }
        o.put("_expandable", expandable);
        o.put("_links", Json.obj("self", base(req) + "/rest/api/content/" + c.id + "/child"));
        return o;
    }

    /** The current children of a type; of comments, the root ones (replies hang below their parent). */
    private static List<Content> childList(Content c, Type t) {
        List<Content> out = new ArrayList<>();
        List<Content> source =
                switch (t) {
                    case PAGE -> c.children;
                    case COMMENT -> c.comments;
                    case ATTACHMENT -> c.attachments;
                };
        for (Content x : source) {
            if (x.isCurrent() && (t != Type.COMMENT || x.parentCommentId == null)) {
                out.add(x);
            }
        }
        return out;
    }

    private static List<Content> current(List<Content> contents) {
        List<Content> out = new ArrayList<>();
        for (Content x : contents) {
            if (x.isCurrent()) {
                out.add(x);
            }
        }
        return out;
    }

    Map<String, Object> space(Req req, Space sp, Set<String> ex) {
        Map<String, Object> o = Json.obj();
        o.put("id", sp.id);
        o.put("key", sp.key);
        o.put("name", sp.name);
        o.put("type", "global");
        o.put("status", "current");
        Map<String, Object> expandable = Json.obj();
        if (ex.contains("description")) {
            o.put(
                    "description",
                    Json.obj(
                            "plain",
                            Json.obj("value", "", "representation", "plain", "embeddedContent", List.of()),
                            "_expandable",
                            Json.obj("view", "")));
        } else {
            expandable.put("description", "");
        }
        if (ex.contains("homepage")) {
            o.put("homepage", content(req, store.contents.get(sp.homepageId), sub(ex, "homepage")));
        } else {
            expandable.put("homepage", "/rest/api/content/" + sp.homepageId);
        }
        for (String k : List.of(
                "settings",
                "metadata",
                "operations",
                "lookAndFeel",
                "identifiers",
                "permissions",
                "icon",
                "theme",
                "history")) {
            expandable.put(k, "");
        }
        o.put("_expandable", expandable);
        o.put(
                "_links",
                Json.obj(
                        "webui",
                        dataCenter ? "/display/" + sp.key : "/spaces/" + sp.key,
                        "self",
                        base(req) + "/rest/api/space/" + sp.key));
        return o;
    }

    Map<String, Object> user(Req req, User u) {
        return user(req, u, Set.of());
    }

    /**
     * A user. Cloud's REST v1 has no status field (CONFCLOUD-69909): a deactivated user looks like any other except
     * that {@code expand=operations} lists no operations. Data Center answers {@code expand=status}.
     */
    Map<String, Object> user(Req req, User u, Set<String> ex) {
        Map<String, Object> o = Json.obj();
        if (u == null) {
            o.put("type", "anonymous");
            o.put("displayName", "Anonymous");
            return o;
        }
        o.put("type", "known");
        if (dataCenter) {
            o.put("username", u.email);
            o.put("userKey", u.accountId);
        }
        o.put("accountId", u.accountId);
        o.put("accountType", "atlassian");
        o.put("email", u.email);
        o.put("publicName", u.displayName);
        o.put(
                "profilePicture",
                Json.obj(
                        "path",
                        context + "/images/icons/profilepics/default.svg",
                        "width",
                        48,
                        "height",
                        48,
                        "isDefault",
                        true));
        o.put("displayName", u.displayName);
        o.put("isExternalCollaborator", false);
        Map<String, Object> expandable = Json.obj("personalSpace", "");
        if (ex.contains("operations")) {
            o.put(
                    "operations",
                    u.active
                            ? List.of(
                                    Json.obj("operation", "use", "targetType", "application"),
                                    Json.obj("operation", "create", "targetType", "page"))
                            : List.of());
        } else {
            expandable.put("operations", "");
        }
        if (dataCenter) {
            if (ex.contains("status")) {
                o.put("status", u.active ? "Active" : "Deactivated");
            } else {
                expandable.put("status", "");
            }
        }
        o.put("_expandable", expandable);
        o.put("_links", Json.obj("self", base(req) + "/rest/api/user?accountId=" + Paging.enc(u.accountId)));
        return o;
    }

    private static Map<String, Object> label(Label l) {
        return Json.obj("prefix", "global", "name", l.name, "id", Long.toString(l.id), "label", l.name);
    }

    private Map<String, Object> property(Req req, Content c, Property p) {
        return Json.obj(
                "id", Long.toString(p.id),
                "key", p.key,
                "value", p.value,
                "version",
                        Json.obj(
                                "when",
                                Store.time(p.when),
                                "message",
                                p.message,
                                "number",
                                p.version,
                                "minorEdit",
                                false),
                "_links",
                        Json.obj(
                                "self",
                                base(req) + "/rest/api/content/" + c.id + "/property/" + Paging.enc(p.key),
                                "base",
                                base(req),
                                "context",
                                context),
                "_expandable", Json.obj("content", "/rest/api/content/" + c.id, "additionalProperties", ""));
    }

    private Map<String, Object> group(Req req, Group g) {
        return Json.obj(
                "type",
                "group",
                "name",
                g.name,
                "id",
                g.id,
                "_links",
                Json.obj("self", base(req) + "/rest/api/group/by-name?name=" + Paging.enc(g.name)));
    }

    // ---- content ----

    private static final Set<String> STATUSES = Set.of("current", "trashed", "draft", "historical", "any", "archived");

    private Resp listContent(Req req) {
        String type = req.q("type") == null ? "page" : req.q("type");
        if (!type.equals("page") && !type.equals("blogpost")) {
            throw ApiError.badRequest("type must be page or blogpost, not " + type + ".");
        }
        List<String> statuses = req.qs("status").isEmpty() ? List.of("current") : req.qs("status");
        for (String s : statuses) {
            if (!STATUSES.contains(s)) {
                throw ApiError.badRequest("Unknown status '" + s + "'.");
            }
        }
        String spaceKey = req.q("spaceKey");
        String title = req.q("title");
        Set<String> ex = expand(req, Set.of());
        return store.read(() -> {
            List<Content> out = new ArrayList<>();
            if (type.equals("page")) {
                for (Space sp : store.spaces.values()) {
                    if ((spaceKey != null && !sp.key.equals(spaceKey)) || !store.canView(req.user, sp)) {
                        continue;
                    }
                    for (Content c : sp.pages.values()) {
                        if ((statuses.contains("any") || statuses.contains(c.status))
                                && (title == null || title.equals(c.title))) {
                            out.add(c);
                        }
                    }
                }
            }
            return Resp.ok(Paging.offset(req, out, 25, 200, context, c -> content(req, c, ex)));
        });
    }

    private Resp getContent(Req req) {
        Set<String> ex = expand(req, DEFAULT_EXPAND);
        List<String> statuses = req.qs("status").isEmpty() ? List.of("current") : req.qs("status");
        Integer version = req.q("version") == null ? null : req.intParam("version", 0);
        return store.read(() -> {
            Content c = store.content(req.user, req.var("id"));
            boolean ok = statuses.contains("any")
                    || statuses.contains(c.status)
                    || (c.status.equals("draft") && statuses.contains("current"))
                    // an older version of current content is addressed as status=historical&version=N
                    || (statuses.contains("historical")
                            && version != null
                            && version < c.versions.size()
                            && c.isCurrent());
            if (!ok) {
                throw ApiError.notFound("No content found with id : ContentId{id=" + c.id + "} and status " + statuses);
            }
            if (version != null) {
                if (version < 1 || version > c.versions.size()) {
                    throw ApiError.notFound("Content " + c.id + " has no version " + version);
                }
                return Resp.ok(content(req, c, ex, version));
            }
            return Resp.ok(content(req, c, ex));
        });
    }

    private static String storage(Map<String, Object> json) {
        Map<String, Object> body = Json.object(json, "body");
        if (body == null) {
            return null;
        }
        for (String rep : List.of("storage", "editor", "wiki", "plain")) {
            Map<String, Object> b = Json.object(body, rep);
            if (b != null) {
                String value = Json.string(b, "value");
                if (value == null) {
                    throw ApiError.badRequest("body." + rep + ".value is required.");
                }
                return rep.equals("storage") || rep.equals("editor")
                        ? StorageXhtml.requireWellFormed(value)
                        : "<p>" + Html.escape(value) + "</p>";
            }
        }
        if (!body.isEmpty()) {
            throw ApiError.badRequest("Unsupported body representation " + body.keySet()
                    + "; the emulator accepts body.storage (or editor, wiki, plain).");
        }
        return null;
    }

    private static String firstAncestor(Map<String, Object> json) {
        Object a = json.get("ancestors");
        if (a == null) {
            return null;
        }
        if (!(a instanceof List<?> list)) {
            throw ApiError.badRequest("ancestors must be a list of {\"id\": ...}.");
        }
        if (list.isEmpty()) {
            return null;
        }
        Object last = list.get(list.size() - 1);
        if (!(last instanceof Map<?, ?>)) {
            throw ApiError.badRequest("ancestors must be a list of {\"id\": ...}.");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) last;
        String id = Json.string(m, "id");
        if (id == null) {
            throw ApiError.badRequest("Each ancestor needs an id.");
        }
        return id;
    }

    private Resp createContent(Req req) {
        Map<String, Object> json = req.json();
        String type = Json.string(json, "type");
        if (type == null) {
            throw ApiError.badRequest("type is required (page or comment).");
        }
        String status = req.q("status") != null ? req.q("status") : Json.string(json, "status");
        String body = storage(json);
        String parentId = firstAncestor(json);
        Set<String> ex = expand(req, WRITE_EXPAND);
        return store.write(() -> {
            Content c;
            if (type.equals("page")) {
                Map<String, Object> space = Json.object(json, "space");
                String key = Json.string(space, "key");
                if (key == null) {
                    throw ApiError.badRequest("space.key is required to create a page.");
                }
                Space sp = store.spaceByKey(req.user, key);
                c = store.createPage(req.user, sp, Json.string(json, "title"), body, parentId, status, true);
                applyMetadataProperties(req, c, json);
                if (c.isCurrent()) {
                    webhooks.fire("page_created", c, req.user);
                }
            } else if (type.equals("comment")) {
                Map<String, Object> container = Json.object(json, "container");
                String pageId = Json.string(container, "id");
                String parentComment = parentId;
                if (pageId == null && parentComment != null) {
                    pageId = store.content(req.user, parentComment).parentId;
                }
                if (pageId == null) {
                    throw ApiError.badRequest("container.id (the page) is required to create a comment.");
                }
                Content page = store.page(req.user, pageId);
                if (parentComment != null) {
                    Content pc = store.content(req.user, parentComment);
                    if (pc.type != Type.COMMENT || !pc.parentId.equals(page.id)) {
                        throw ApiError.badRequest(
                                "The ancestor " + parentComment + " is not a comment on page " + page.id);
                    }
                }
                c = store.createComment(req.user, page, parentComment, body);
                webhooks.fire("comment_created", c, req.user);
            } else {
                throw ApiError.badRequest("Creating content of type '" + type
                        + "' is not supported by the emulator; use page or comment (attachments: child/attachment).");
            }
            return Resp.ok(content(req, c, ex));
        });
    }

    private Resp updateContent(Req req) {
        Map<String, Object> json = req.json();
        Map<String, Object> version = Json.object(json, "version");
        Integer number = Json.integer(version, "number");
        String message = Json.string(version, "message");
        Object minor = version == null ? null : version.get("minorEdit");
        String title = Json.string(json, "title");
        String status = Json.string(json, "status");
        String body = storage(json);
        String parentId = firstAncestor(json);
        Set<String> ex = expand(req, WRITE_EXPAND);
        return store.write(() -> {
            Content c = store.content(req.user, req.var("id"));
            if (c.type == Type.COMMENT) {
                if (body == null) {
                    throw ApiError.badRequest("body.storage is required to update a comment.");
                }
                store.updateComment(req.user, c, body, number, message, Boolean.TRUE.equals(minor));
                return Resp.ok(content(req, c, ex));
            }
            if (c.type != Type.PAGE) {
                throw ApiError.badRequest("Update attachments through child/attachment/{id}/data.");
            }
            if (number == null && !("current".equals(status) && c.status.equals("trashed"))) {
                throw ApiError.badRequest("version.number is required: send the current version + 1.");
            }
            store.updatePage(
                    req.user,
                    c,
                    title,
                    body,
                    number,
                    message,
                    Boolean.TRUE.equals(minor),
                    parentId,
                    status == null ? null : status);
            applyMetadataProperties(req, c, json);
            if (c.isCurrent()) {
                webhooks.fire("page_updated", c, req.user);
            }
            return Resp.ok(content(req, c, ex));
        });
    }

    /** {@code metadata.properties.KEY.value} in a create or update body sets those properties, as Confluence does. */
    private void applyMetadataProperties(Req req, Content c, Map<String, Object> json) {
        Map<String, Object> props = Json.object(Json.object(json, "metadata"), "properties");
        if (props == null) {
            return;
        }
        for (String key : props.keySet()) {
            Map<String, Object> p = Json.object(props, key);
            if (p == null || !p.containsKey("value")) {
                throw ApiError.badRequest("metadata.properties." + key + " needs a value.");
            }
            Property existing = c.properties.get(key);
            if (existing == null) {
                store.createProperty(req.user, c, key, p.get("value"));
            } else {
                store.updateProperty(req.user, c, existing, p.get("value"), existing.version + 1, null);
            }
        }
    }

    private Resp deleteContent(Req req) {
        String status = req.q("status");
        return store.write(() -> {
            Content c = store.content(req.user, req.var("id"));
            store.delete(req.user, c, "trashed".equals(status));
            return Resp.noContent();
        });
    }

    private Resp history(Req req) {
        return store.read(() -> Resp.ok(history(req, store.content(req.user, req.var("id")), Set.of())));
    }

    /** {@code GET /content/{id}/version}: newest first, offset paging (default and maximum 200). */
    private Resp versions(Req req) {
        return store.read(() -> {
            Content c = store.content(req.user, req.var("id"));
            List<Version> out = new ArrayList<>(c.versions);
            java.util.Collections.reverse(out);
            return Resp.ok(Paging.offset(req, out, 200, 200, context, v -> version(req, c, v)));
        });
    }

    private Resp versionByNumber(Req req) {
        int number;
        try {
            number = Integer.parseInt(req.var("versionNumber"));
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("The version number must be an integer.");
        }
        return store.read(() -> {
            Content c = store.content(req.user, req.var("id"));
            if (number < 1 || number > c.versions.size()) {
                throw ApiError.notFound("Content " + c.id + " has no version " + number);
            }
            return Resp.ok(version(req, c, c.versions.get(number - 1)));
        });
    }

    private Resp child(Req req) {
        Set<String> ex = expand(req, Set.of());
        return store.read(() -> {
            Content c = store.content(req.user, req.var("id"));
            return Resp.ok(childrenOf(req, c, ex));
        });
    }

    private Resp children(Req req, Type type) {
        Set<String> ex = expand(req, Set.of());
        String filename = req.q("filename");
        String mediaType = req.q("mediaType");
        return store.read(() -> {
            Content c = store.content(req.user, req.var("id"));
            List<Content> out = new ArrayList<>();
            // Comments: the root ones; Data Center gives the replies too with depth=all, Cloud ignores depth
            // ("Currently, this parameter is not used. Comments are returned at the root level only.").
            boolean allComments = type == Type.COMMENT && dataCenter && "all".equalsIgnoreCase(req.q("depth"));
            for (Content x : allComments ? current(c.comments) : childList(c, type)) {
                if ((filename == null || filename.equals(x.title))
                        && (mediaType == null || mediaType.equals(x.mediaType))) {
                    out.add(x);
                }
            }
            return Resp.ok(Paging.offset(req, out, 25, 200, context, x -> content(req, x, ex)));
        });
    }

    // ---- body conversion ----

    private static final Set<String> FROM_STORAGE = Set.of("view", "export_view", "styled_view", "editor");

    /**
     * {@code POST /contentbody/convert/{to}}: storage to view, export_view, styled_view or editor, editor to storage
     * (the conversions Atlassian lists). HTML comes from the web view's renderer; attachments resolve against the
     * page named by {@code contentIdContext}.
     */
    private Resp convertBody(Req req) {
        String to = req.var("to");
        Map<String, Object> json = req.json();
        String from = Json.string(json, "representation");
        String value = Json.string(json, "value");
        if (from == null || value == null) {
            throw ApiError.badRequest(
                    "Send the body to convert as {\"value\": \"...\", \"representation\": \"storage\"}.");
        }
        boolean supported =
                from.equals("storage") ? FROM_STORAGE.contains(to) : from.equals("editor") && to.equals("storage");
        if (!supported) {
            throw ApiError.badRequest("Cannot convert from " + from + " to " + to
                    + ": storage converts to view, export_view, styled_view or editor, editor to storage.");
        }
        String mode = req.q("embeddedContentRender");
        if (mode != null && !mode.equals("current") && !mode.equals("version-at-save")) {
            throw ApiError.badRequest("embeddedContentRender must be current or version-at-save, not '" + mode + "'.");
        }
        String storage = StorageXhtml.requireWellFormed(value);
        Set<String> ex = expand(req, Set.of());
        String contentId = req.q("contentIdContext");
        String spaceKey = req.q("spaceKeyContext");
        return store.read(() -> {
            Content page = contentId == null ? null : store.content(req.user, contentId);
            if (spaceKey != null) {
                store.spaceByKey(req.user, spaceKey);
            }
            String converted;
            if (to.equals("storage") || to.equals("editor")) {
                converted = storage;
            } else {
                String html = StorageRenderer.render(storage, file -> {
                    Content att = page == null || page.type != Type.PAGE ? null : store.attachmentByName(page, file);
                    return att == null
                            ? null
                            : base(req) + "/download/attachments/" + page.id + "/"
                                    + Paging.enc(file).replace("+", "%20");
                });
                converted = to.equals("styled_view")
                        ? "<html><head><style type=\"text/css\">body{font-family:sans-serif}</style></head><body>"
                                + html + "</body></html>"
                        : html;
            }
            Map<String, Object> o = Json.obj();
            o.put("value", converted);
            o.put("representation", to);
            Map<String, Object> expandable = Json.obj();
            if (ex.contains("embeddedContent")) {
                o.put("embeddedContent", List.of());
            } else {
                expandable.put("embeddedContent", "");
            }
            if (ex.contains("webresource")) {
                o.put(
                        "webresource",
                        Json.obj(
                                "keys",
                                List.of(),
                                "contexts",
                                List.of(),
                                "uris",
                                Json.obj("all", List.of(), "css", List.of(), "js", List.of()),
                                "tags",
                                Json.obj("all", "", "css", "", "data", "", "js", "")));
            } else {
                expandable.put("webresource", "");
            }
            expandable.put("mediaToken", "");
            o.put("_expandable", expandable);
            o.put("_links", Json.obj("base", base(req), "context", context));
            return Resp.ok(o);
        });
    }

    // ---- restrictions ----

    private static final List<String> RESTRICTED_OPERATIONS = List.of("read", "update");

    /**
     * The restriction of one operation. The emulator has no content restrictions: space permissions alone decide, so
     * every operation lists no users and no groups.
     */
    private Map<String, Object> restriction(Req req, Content c, String operation, Set<String> ex) {
        int limit = Paging.limit(req, 100, 100);
        int start = req.intParam("start", 0);
        if (start < 0) {
            throw ApiError.badRequest("start must not be negative, got " + start + ".");
        }
        String self = base(req) + "/rest/api/content/" + c.id + "/restriction/byOperation/" + operation;
        Map<String, Object> o = Json.obj();
        o.put("operation", operation);
        o.put(
                "restrictions",
                Json.obj(
                        "user",
                        Json.obj(
                                "results",
                                List.of(),
                                "start",
                                start,
                                "limit",
                                limit,
                                "size",
                                0,
                                "_links",
                                Json.obj("self", self + "/user")),
                        "group",
                        Json.obj("results", List.of(), "start", start, "limit", limit, "size", 0)));
        Map<String, Object> expandable = Json.obj();
        if (ex.contains("content")) {
            o.put("content", content(req, c, Set.of()));
        } else {
            expandable.put("content", "/rest/api/content/" + c.id);
        }
        o.put("_expandable", expandable);
        o.put("_links", Json.obj("self", self));
        return o;
    }

    /** Cloud's {@code GET /content/{id}/restriction}: read and update, both unrestricted. */
    private Resp restrictions(Req req) {
        Set<String> ex = expand(req, Set.of());
        return store.read(() -> {
            Content c = store.content(req.user, req.var("id"));
            List<Object> results = new ArrayList<>();
            for (String op : RESTRICTED_OPERATIONS) {
                results.add(restriction(req, c, op, ex));
            }
            return Resp.ok(Json.obj(
                    "results",
                    results,
                    "start",
                    req.intParam("start", 0),
                    "limit",
                    Paging.limit(req, 100, 100),
                    "size",
                    results.size(),
                    // the same for every unrestricted content, as nothing is restricted
                    "restrictionsHash",
                    "0",
                    "_links",
                    Json.obj(
                            "self",
                            base(req) + "/rest/api/content/" + c.id + "/restriction",
                            "base",
                            base(req),
                            "context",
                            context)));
        });
    }

    /** {@code GET /content/{id}/restriction/byOperation}: the operations as properties, each unrestricted. */
    private Resp restrictionsByOperation(Req req) {
        Set<String> ex = expand(req, Set.of());
        return store.read(() -> {
            Content c = store.content(req.user, req.var("id"));
            Map<String, Object> o = Json.obj();
            for (String op : RESTRICTED_OPERATIONS) {
                o.put(op, restriction(req, c, op, ex));
            }
            o.put("_links", Json.obj("base", base(req), "context", context));
            return Resp.ok(o);
        });
    }

    /** {@code GET /content/{id}/restriction/byOperation/{operationKey}}: read or update, unrestricted. */
    private Resp restrictionFor(Req req) {
        String op = req.var("operationKey");
        if (!RESTRICTED_OPERATIONS.contains(op)) {
            throw ApiError.badRequest("operationKey must be read or update, not '" + op + "'.");
        }
        Set<String> ex = expand(req, Set.of());
        return store.read(() -> Resp.ok(restriction(req, store.content(req.user, req.var("id")), op, ex)));
    }

    // ---- descendants ----

    /** The descendant types each deployment serves: Data Center documents comment descendants only. */
    private List<Type> descendantTypes(Content c) {
        if (dataCenter) {
            return c.type == Type.COMMENT ? List.of() : List.of(Type.COMMENT);
        }
        return switch (c.type) {
            case PAGE -> List.of(Type.ATTACHMENT, Type.COMMENT, Type.PAGE);
            case ATTACHMENT -> List.of(Type.COMMENT);
            case COMMENT -> List.of(Type.ATTACHMENT);
        };
    }

    /**
     * The current descendants of a type down to {@code depth} levels (1 = direct): pages in tree order (each page
     * before its children); the comments of a page, replies nested below their comment; the attachments of a page
     * and of its descendant pages.
     */
    private List<Content> descendants(Content c, Type type, int depth) {
        List<Content> out = new ArrayList<>();
        if (c.type != Type.PAGE) {
            return out; // the emulator keeps no comments on attachments nor attachments on comments
        }
        switch (type) {
            case PAGE -> pageDescendants(c, depth, out);
            case COMMENT -> {
                for (Content root : childList(c, Type.COMMENT)) {
                    commentThread(c, root, 1, depth, out);
                }
            }
            case ATTACHMENT -> {
                out.addAll(childList(c, Type.ATTACHMENT));
                List<Content> pages = new ArrayList<>();
                pageDescendants(c, depth - 1, pages);
                for (Content p : pages) {
                    out.addAll(childList(p, Type.ATTACHMENT));
                }
            }
        }
        return out;
    }

    private static void pageDescendants(Content page, int depth, List<Content> out) {
        if (depth < 1) {
            return;
        }
        for (Content child : childList(page, Type.PAGE)) {
            out.add(child);
            pageDescendants(child, depth - 1, out);
        }
    }

    private static void commentThread(Content page, Content comment, int level, int depth, List<Content> out) {
        out.add(comment);
        if (level >= depth) {
            return;
        }
        for (Content reply : page.comments) {
            if (reply.isCurrent() && comment.id.equals(reply.parentCommentId)) {
                commentThread(page, reply, level + 1, depth, out);
            }
        }
    }

    /** {@code depth}: {@code all} (the default), {@code root} (direct descendants) or 1..100 levels. */
    private static int depth(Req req) {
        String d = req.q("depth");
        if (d == null || d.isEmpty() || d.equalsIgnoreCase("all")) {
            return Integer.MAX_VALUE;
        }
        if (d.equalsIgnoreCase("root")) {
            return 1;
        }
        try {
            int n = Integer.parseInt(d.trim());
            if (n >= 1 && n <= 100) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiError.badRequest("depth must be all, root or a number from 1 to 100, not '" + d + "'.");
    }

    /** {@code GET /content/{id}/descendant}: every descendant type valid for the content, expanded on request. */
    private Resp descendantMap(Req req) {
        Set<String> ex = expand(req, Set.of());
        return store.read(() -> {
            Content c = store.content(req.user, req.var("id"));
            Map<String, Object> o = Json.obj();
            Map<String, Object> expandable = Json.obj();
            for (Type t : descendantTypes(c)) {
                String path = "/rest/api/content/" + c.id + "/descendant/" + t.wire;
                if (ex.contains(t.wire)) {
                    List<Object> results = new ArrayList<>();
                    for (Content d : descendants(c, t, Integer.MAX_VALUE)) {
                        results.add(content(req, d, sub(ex, t.wire)));
                    }
                    o.put(t.wire, wholeList(results, Json.obj("self", base(req) + path)));
                } else {
                    expandable.put(t.wire, path);
                }
            }
            o.put("_expandable", expandable);
            o.put(
                    "_links",
                    Json.obj(
                            "self",
                            base(req) + "/rest/api/content/" + c.id + "/descendant",
                            "base",
                            base(req),
                            "context",
                            context));
            return Resp.ok(o);
        });
    }

    /**
     * {@code GET /content/{id}/descendant/{type}}. Data Center serves comment descendants only and answers page
     * descendants with 501, as Atlassian documents (CONFSERVER-59013); it takes no {@code depth}.
     */
    private Resp descendantsOfType(Req req) {
        String wire = req.var("type");
        Type type = null;
        for (Type t : Type.values()) {
            if (t.wire.equals(wire)) {
                type = t;
            }
        }
        if (type == null) {
            throw ApiError.badRequest("type must be page, comment or attachment, not '" + wire + "'.");
        }
        if (dataCenter && type != Type.COMMENT) {
            throw new ApiError(
                    501,
                    "NOT_IMPLEMENTED",
                    type == Type.PAGE
                            ? "Page children is currently only supported for direct children"
                            : "Only comment descendants are supported");
        }
        int depth = dataCenter ? Integer.MAX_VALUE : depth(req);
        Set<String> ex = expand(req, Set.of());
        Type t = type;
        return store.read(() -> {
            Content c = store.content(req.user, req.var("id"));
            List<Content> out = descendants(c, t, depth);
            return Resp.ok(Paging.offset(req, out, 25, 200, context, x -> content(req, x, ex)));
        });
    }

    // ---- attachments ----

    private static void requireXsrfHeader(Req req) {
        String token = req.header("X-Atlassian-Token");
        // Atlassian accepts both spellings; older clients send "nocheck"
        if (token == null || !(token.equalsIgnoreCase("no-check") || token.equalsIgnoreCase("nocheck"))) {
            throw ApiError.forbidden("XSRF check failed: send the header X-Atlassian-Token: no-check with uploads.");
        }
    }

    private Resp upload(Req req, boolean createOrUpdate) {
        requireXsrfHeader(req);
        List<Multipart.Part> parts = Multipart.parse(req.header("Content-Type"), req.body());
        List<Multipart.Part> files = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        boolean minorEdit = false;
        for (Multipart.Part p : parts) {
            switch (p.name()) {
                case "file" -> files.add(p);
                case "comment" -> comments.add(p.text());
                case "minorEdit" -> minorEdit = p.text().trim().equalsIgnoreCase("true");
                default -> {
                    // other fields are ignored, like Confluence does
                }
            }
        }
        if (files.isEmpty()) {
            throw ApiError.badRequest("No file part: send the file as a multipart part named 'file'.");
        }
        if (!comments.isEmpty() && comments.size() != files.size()) {
            throw ApiError.badRequest("Give one comment per file, in the same order, or none.");
        }
        for (Multipart.Part f : files) {
            if (f.filename() == null
                    || f.filename().isBlank()
                    || f.filename().contains("/")
                    || f.filename().contains("\\")) {
                throw ApiError.badRequest(
                        "Each file part needs a plain file name (no path) in its Content-Disposition.");
            }
        }
        boolean minor = minorEdit;
        return store.write(() -> {
            Content page = store.content(req.user, req.var("id"));
            if (page.type != Type.PAGE) {
                throw ApiError.badRequest("Attachments can only be added to pages in the emulator.");
            }
            List<Content> saved = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                Multipart.Part f = files.get(i);
                String comment = comments.isEmpty() ? null : comments.get(i);
                Content existing = store.attachmentByName(page, f.filename());
                if (existing != null && !createOrUpdate) {
                    throw ApiError.badRequest(
                            "Cannot add a new attachment with same file name as an existing attachment: "
                                    + f.filename());
                }
                saved.add(
                        existing != null
                                ? store.updateAttachment(req.user, existing, f.mediaType(), f.data(), comment, minor)
                                : store.addAttachment(
                                        req.user, page, f.filename(), f.mediaType(), f.data(), comment, minor));
            }
            Set<String> ex = Set.of("version", "container");
            List<Object> results = new ArrayList<>();
            saved.forEach(a -> results.add(content(req, a, ex)));
            return Resp.ok(wholeList(results, Json.obj("base", base(req), "context", context)));
        });
    }

    private Resp uploadData(Req req) {
        requireXsrfHeader(req);
        List<Multipart.Part> parts = Multipart.parse(req.header("Content-Type"), req.body());
        Multipart.Part file = null;
        String comment = null;
        boolean minor = false;
        for (Multipart.Part p : parts) {
            switch (p.name()) {
                case "file" -> file = p;
                case "comment" -> comment = p.text();
                case "minorEdit" -> minor = p.text().trim().equalsIgnoreCase("true");
                default -> {
                    // ignored
                }
            }
        }
        if (file == null) {
            throw ApiError.badRequest("No file part: send the file as a multipart part named 'file'.");
        }
        Multipart.Part f = file;
        String cmt = comment;
        boolean mnr = minor;
        return store.write(() -> {
            Content page = store.content(req.user, req.var("id"));
            Content a = store.content(req.user, req.var("attachmentId"));
            if (a.type != Type.ATTACHMENT || !a.parentId.equals(page.id)) {
                throw ApiError.notFound("No attachment " + a.id + " on content " + page.id);
            }
            store.updateAttachment(req.user, a, f.mediaType(), f.data(), cmt, mnr);
            return Resp.ok(content(req, a, Set.of("version", "container")));
        });
    }

    private Resp downloadRedirect(Req req) {
        return store.read(() -> {
            Content page = store.content(req.user, req.var("id"));
            Content a = store.content(req.user, req.var("attachmentId"));
            if (a.type != Type.ATTACHMENT || !a.parentId.equals(page.id)) {
                throw ApiError.notFound("No attachment " + a.id + " on content " + page.id);
            }
            Integer version = version(req);
            store.attachmentFile(a, version); // an unknown version is a 404 here, not after the redirect
            return Resp.redirect(
                    302, base(req) + V2Api.downloadPath(a, version == null ? a.version().number : version));
        });
    }

    /** The {@code version} query parameter of a download, or null for the current one. */
    private static Integer version(Req req) {
        return req.q("version") == null || req.q("version").isEmpty() ? null : req.intParam("version", 0);
    }

    private Resp download(Req req) {
        return store.read(() -> {
            Content page = store.content(req.user, req.var("pageId"));
            Content a = store.attachmentByName(page, req.var("filename"));
            if (a == null) {
                throw ApiError.notFound("No attachment named " + req.var("filename") + " on page " + page.id);
            }
            Model.AttachmentFile file = store.attachmentFile(a, version(req));
            Resp r = new Resp(200, file.mediaType(), file.data());
            r.header(
                    "Content-Disposition",
                    "attachment; filename*=UTF-8''" + Paging.enc(a.title).replace("+", "%20"));
            return r;
        });
    }

    // ---- labels ----

    private Resp labels(Req req) {
        String prefix = req.q("prefix");
        return store.read(() -> {
            Content c = store.content(req.user, req.var("id"));
            List<Label> out = new ArrayList<>();
            if (prefix == null || prefix.equals("global")) {
                out.addAll(c.labels.values());
            }
            Map<String, Object> page = Paging.offset(req, out, 200, 200, context, V1Api::label);
            return Resp.ok(page);
        });
    }

    @SuppressWarnings("unchecked")
    private Resp addLabels(Req req) {
        Object parsed = Json.parse(req.body());
        List<Object> items = parsed instanceof List<?> l ? (List<Object>) l : List.of(parsed);
        List<String> names = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> m)) {
                throw ApiError.badRequest("Send labels as [{\"prefix\":\"global\",\"name\":\"...\"}].");
            }
            String prefix = Json.string((Map<String, Object>) m, "prefix");
            String name = Json.string((Map<String, Object>) m, "name");
            if (name == null) {
                throw ApiError.badRequest("Each label needs a name.");
            }
            if (prefix != null && !prefix.equals("global") && !prefix.equals("my") && !prefix.equals("team")) {
                throw ApiError.badRequest("Label prefix must be global, my or team, not " + prefix + ".");
            }
            names.add(name);
        }
        return store.write(() -> {
            Content c = store.content(req.user, req.var("id"));
            store.require(req.user, c.space, SpaceAccess.EDIT, "add labels");
            List<Label> resolved = new ArrayList<>();
            for (String n : names) {
                resolved.add(store.label(n));
            }
            resolved.forEach(l -> c.labels.put(l.name, l));
            return Resp.ok(Paging.offset(req, new ArrayList<>(c.labels.values()), 200, 200, context, V1Api::label));
        });
    }

    private Resp removeLabel(Req req, String name) {
        if (name == null || name.isBlank()) {
            throw ApiError.badRequest("Name the label to remove (?name=...).");
        }
        return store.write(() -> {
            Content c = store.content(req.user, req.var("id"));
            store.require(req.user, c.space, SpaceAccess.EDIT, "remove labels");
            if (c.labels.remove(name.trim().toLowerCase(Locale.ROOT)) == null) {
                throw ApiError.notFound("Content " + c.id + " has no label " + name);
            }
            return Resp.noContent();
        });
    }

    // ---- content states ----

    private static Map<String, Object> state(Model.ContentState s) {
        if (s == null) {
            return Json.obj();
        }
        return Json.obj(
                "contentState",
                Json.obj("id", s.id, "name", s.name, "color", s.color),
                "lastUpdated",
                Store.time(s.lastUpdated));
    }

    private Resp getState(Req req) {
        return store.read(() -> Resp.ok(state(store.content(req.user, req.var("id")).state)));
    }

    private Resp putState(Req req) {
        Map<String, Object> json = req.json();
        String name = Json.string(json, "name");
        String color = Json.string(json, "color");
        Integer id = Json.integer(json, "id");
        return store.write(() -> {
            Content c = store.content(req.user, req.var("id"));
            store.setState(req.user, c, name, color, id == null ? null : id.longValue());
            return Resp.ok(state(c.state));
        });
    }

    private Resp deleteState(Req req) {
        return store.write(() -> {
            Content c = store.content(req.user, req.var("id"));
            return Resp.ok(state(store.removeState(req.user, c)));
        });
    }

    private Resp availableStates(Req req) {
        return store.read(() -> {
            store.content(req.user, req.var("id"));
            List<Object> states = new ArrayList<>();
            for (String[] d : Store.DEFAULT_STATES) {
                states.add(Json.obj("id", Long.parseLong(d[0]), "name", d[1], "color", d[2]));
            }
            return Resp.ok(Json.obj("spaceContentStates", states, "customContentStates", List.of()));
        });
    }

    // ---- content properties ----

    private Resp listProperties(Req req) {
        String key = req.q("key");
        return store.read(() -> {
            Content c = store.content(req.user, req.var("id"));
            List<Property> out = new ArrayList<>();
            for (Property p : c.properties.values()) {
                if (key == null || key.equals(p.key)) {
                    out.add(p);
                }
            }
            return Resp.ok(Paging.offset(req, out, 10, 200, context, p -> property(req, c, p)));
        });
    }

    private Resp getProperty(Req req) {
        return store.read(() -> {
            Content c = store.content(req.user, req.var("id"));
            Property p = c.properties.get(req.var("key"));
            if (p == null) {
                throw ApiError.notFound("No content property with key " + req.var("key") + " on content " + c.id);
            }
            return Resp.ok(property(req, c, p));
        });
    }

    private Resp createProperty(Req req, String pathKey) {
        Map<String, Object> json = req.json();
        String key = pathKey != null ? pathKey : Json.string(json, "key");
        if (pathKey != null && json.get("key") != null && !pathKey.equals(Json.string(json, "key"))) {
            throw ApiError.badRequest("The key in the body differs from the key in the path.");
        }
        if (!json.containsKey("value")) {
            throw ApiError.badRequest("value is required.");
        }
        return store.write(() -> {
            Content c = store.content(req.user, req.var("id"));
            return Resp.ok(property(req, c, store.createProperty(req.user, c, key, json.get("value"))));
        });
    }

    private Resp updateProperty(Req req) {
        Map<String, Object> json = req.json();
        if (!json.containsKey("value")) {
            throw ApiError.badRequest("value is required.");
        }
        Map<String, Object> version = Json.object(json, "version");
        Integer number = Json.integer(version, "number");
        String key = req.var("key");
        return store.write(() -> {
            Content c = store.content(req.user, req.var("id"));
            Property p = c.properties.get(key);
            if (p == null) {
                // v1 creates a missing property on PUT
                return Resp.ok(property(req, c, store.createProperty(req.user, c, key, json.get("value"))));
            }
            store.updateProperty(req.user, c, p, json.get("value"), number, Json.string(version, "message"));
            return Resp.ok(property(req, c, p));
        });
    }

    private Resp deleteProperty(Req req) {
        return store.write(() -> {
            Content c = store.content(req.user, req.var("id"));
            store.require(req.user, c.space, SpaceAccess.EDIT, "delete content properties");
            if (c.properties.remove(req.var("key")) == null) {
                throw ApiError.notFound("No content property with key " + req.var("key") + " on content " + c.id);
            }
            return Resp.noContent();
        });
    }

    // ---- spaces, users, groups ----

    private Resp listSpaces(Req req) {
        List<String> keys = req.qs("spaceKey");
        List<String> ids = req.qs("spaceId");
        Set<String> ex = expand(req, Set.of());
        return store.read(() -> {
            List<Space> out = new ArrayList<>();
            for (Space sp : store.spaces.values()) {
                if (store.canView(req.user, sp)
                        && (keys.isEmpty() || keys.contains(sp.key))
                        && (ids.isEmpty() || ids.contains(Long.toString(sp.id)))) {
                    out.add(sp);
                }
            }
            return Resp.ok(Paging.offset(req, out, 25, 250, context, sp -> space(req, sp, ex)));
        });
    }

    private Resp getSpace(Req req) {
        Set<String> ex = expand(req, Set.of());
        return store.read(() -> Resp.ok(space(req, store.spaceByKey(req.user, req.var("spaceKey")), ex)));
    }

    /** {@code depth} of space content: {@code all} (the default) or {@code root} (pages without a parent). */
    private static boolean rootOnly(Req req) {
        String d = req.q("depth");
        if (d == null || d.isEmpty() || d.equalsIgnoreCase("all")) {
            return false;
        }
        if (d.equalsIgnoreCase("root")) {
            return true;
        }
        throw ApiError.badRequest("depth must be all or root, not '" + d + "'.");
    }

    /** The space's current pages by id ascending (creation order); the emulator keeps no blog posts. */
    private List<Content> spacePages(Space sp, String type, boolean rootOnly) {
        List<Content> out = new ArrayList<>();
        if (type.equals("page")) {
            for (Content c : sp.pages.values()) {
                if (c.isCurrent() && (!rootOnly || c.parentId == null)) {
                    out.add(c);
                }
            }
            out.sort(java.util.Comparator.comparingLong(c -> c.seq));
        }
        return out;
    }

    /** {@code GET /space/{spaceKey}/content}: pages, then blog posts, each a page of its own. */
    private Resp spaceContent(Req req) {
        boolean rootOnly = rootOnly(req);
        Set<String> ex = expand(req, Set.of());
        return store.read(() -> {
            Space sp = store.spaceByKey(req.user, req.var("spaceKey"));
            Map<String, Object> o = Json.obj();
            for (String type : List.of("page", "blogpost")) {
                Set<String> typeEx = new HashSet<>(ex);
                typeEx.addAll(sub(ex, type));
                Map<String, Object> page = Paging.offset(
                        req, spacePages(sp, type, rootOnly), 25, 200, context, c -> content(req, c, typeEx));
                // the links of each list point at the list of its type
                @SuppressWarnings("unchecked")
                Map<String, Object> links = (Map<String, Object>) page.get("_links");
                String rel = req.path.substring(context.length());
                for (String k : List.of("next", "prev")) {
                    Object link = links.get(k);
                    if (link != null) {
                        links.put(k, rel + "/" + type + link.toString().substring(rel.length()));
                    }
                }
                links.put("self", base(req) + "/rest/api/space/" + sp.key + "/content/" + type);
                o.put(type, page);
            }
            o.put("_links", Json.obj("base", base(req), "context", context));
            return Resp.ok(o);
        });
    }

    /** {@code GET /space/{spaceKey}/content/{type}}: {@code page} or {@code blogpost}, by id ascending. */
    private Resp spaceContentOfType(Req req, String type) {
        if (!type.equals("page") && !type.equals("blogpost")) {
            throw ApiError.badRequest("type must be page or blogpost, not '" + type + "'.");
        }
        boolean rootOnly = rootOnly(req);
        Set<String> ex = expand(req, Set.of());
        return store.read(() -> {
            Space sp = store.spaceByKey(req.user, req.var("spaceKey"));
            return Resp.ok(
                    Paging.offset(req, spacePages(sp, type, rootOnly), 25, 200, context, c -> content(req, c, ex)));
        });
    }

    private User findUser(Req req) {
        String accountId = req.q("accountId");
        String username = req.q("username");
        String key = req.q("key");
        if (accountId == null && username == null && key == null) {
            throw ApiError.badRequest("accountId is required.");
        }
        return store.read(() -> {
            User u = accountId != null ? store.user(accountId) : key != null ? store.user(key) : null;
            if (u == null && username != null) {
                for (User x : store.users.values()) {
                    if (x.email.equalsIgnoreCase(username)) {
                        u = x;
                    }
                }
            }
            if (u == null) {
                throw ApiError.notFound("No user found with accountId "
                        + (accountId != null ? accountId : key != null ? key : username));
            }
            return u;
        });
    }

    private Resp getUser(Req req) {
        User u = findUser(req);
        Set<String> ex = expand(req, Set.of());
        return store.read(() -> Resp.ok(user(req, u, ex)));
    }

    /** Cloud's {@code GET /user/bulk?accountId=a,b}: known accounts only, deactivated ones included. */
    private Resp bulkUsers(Req req) {
        List<String> ids = new ArrayList<>();
        for (String v : req.qs("accountId")) {
            for (String id : v.split(",")) {
                if (!id.isBlank()) {
                    ids.add(id.trim());
                }
            }
        }
        if (ids.isEmpty()) {
            throw ApiError.badRequest("accountId is required.");
        }
        int limit = req.intParam("limit", 200);
        if (limit < 1 || limit > 200) {
            throw ApiError.badRequest("limit must be 1..200.");
        }
        Set<String> ex = expand(req, Set.of());
        return store.read(() -> {
            List<Object> out = new ArrayList<>();
            for (String id : ids) {
                User u = store.user(id);
                if (u != null && out.size() < limit) {
                    out.add(user(req, u, ex));
                }
            }
            return Resp.ok(Json.obj(
                    "results",
                    out,
                    "start",
                    0,
                    "limit",
                    limit,
                    "size",
                    out.size(),
                    "_links",
                    Json.obj("base", base(req), "context", context)));
        });
    }

    private Resp memberOf(Req req) {
        User u = findUser(req);
        return store.read(() -> {
            List<Group> out = new ArrayList<>();
            for (String g : u.groups) {
                out.add(store.groups.get(g));
            }
            return Resp.ok(Paging.offset(req, out, 200, 200, context, g -> group(req, g)));
        });
    }

    private Resp listGroups(Req req) {
        return store.read(() -> Resp.ok(
                Paging.offset(req, new ArrayList<>(store.groups.values()), 200, 200, context, g -> group(req, g))));
    }

    /** Cloud's {@code GET /group/picker?query=}: groups whose name contains the query, ignoring case. */
    private Resp groupPicker(Req req) {
        String query = req.q("query");
        if (query == null) {
            throw ApiError.badRequest("query is required.");
        }
        boolean total = req.flag("shouldReturnTotalSize");
        String needle = query.trim().toLowerCase(Locale.ROOT);
        return store.read(() -> {
            List<Group> out = new ArrayList<>();
            for (Group g : store.groups.values()) {
                if (g.name.toLowerCase(Locale.ROOT).contains(needle)) {
                    out.add(g);
                }
            }
            Map<String, Object> page = Paging.offset(req, out, 200, 200, context, g -> group(req, g));
            if (total) {
                page.put("totalSize", (long) out.size());
            }
            return Resp.ok(page);
        });
    }

    private Resp groupByName(Req req, String name) {
        if (name == null) {
            throw ApiError.badRequest("name is required.");
        }
        return store.read(() -> {
            Group g = store.groups.get(name);
            if (g == null) {
                throw ApiError.notFound("No group named " + name);
            }
            return Resp.ok(group(req, g));
        });
    }

    private Resp members(Req req, String name) {
        if (name == null) {
            throw ApiError.badRequest("name is required.");
        }
        return store.read(() -> {
            Group g = store.groups.get(name);
            if (g == null) {
                throw ApiError.notFound("No group named " + name);
            }
            List<User> out = new ArrayList<>();
            g.members.forEach(id -> out.add(store.user(id)));
            Set<String> ex = expand(req, Set.of());
            Map<String, Object> page = Paging.offset(req, out, 200, 200, context, u -> user(req, u, ex));
            page.put("totalSize", (long) out.size());
            return Resp.ok(page);
        });
    }

    // ---- search ----

    private List<Content> runCql(Req req, Cql.Query q) {
        Cql.Ctx ctx = new Cql.Ctx(store, req.user, store.clock.instant());
        List<Content> out = new ArrayList<>();
        for (Content c : store.contents.values()) {
            if (c.isCurrent() && store.canView(req.user, c.space) && q.where().test(c, ctx)) {
                out.add(c);
            }
        }
        out.sort(q.order());
        return out;
    }

    private Resp contentSearch(Req req) {
        Cql.Query q = Cql.parse(req.q("cql"), store.clock.instant());
        Set<String> ex = expand(req, Set.of());
        int max = ex.contains("body") ? 50 : 200;
        return store.read(() -> Resp.ok(Paging.offset(
                req,
                runCql(req, q),
                25,
                max,
                context,
                dataCenter ? Paging.V1Links.START : Paging.V1Links.CURSOR,
                c -> content(req, c, ex))));
    }

    private Resp search(Req req) {
        String cql = req.q("cql");
        Cql.Query q = Cql.parse(cql, store.clock.instant());
        Set<String> ex = expand(req, Set.of());
        Set<String> contentEx = sub(ex, "content");
        int max = contentEx.contains("body") ? 50 : 100;
        long started = System.nanoTime();
        return store.read(() -> {
            List<Content> all = runCql(req, q);
            Map<String, Object> page = Paging.offset(
                    req,
                    all,
                    25,
                    max,
                    context,
                    dataCenter ? Paging.V1Links.START : Paging.V1Links.CURSOR_AND_START,
                    c -> searchResult(req, c, contentEx));
            page.put("totalSize", all.size());
            page.put("cqlQuery", cql);
            page.put("searchDuration", (int) ((System.nanoTime() - started) / 1_000_000));
            return Resp.ok(page);
        });
    }

    private Map<String, Object> searchResult(Req req, Content c, Set<String> ex) {
        Map<String, Object> o = Json.obj();
        o.put("content", content(req, c, ex));
        o.put("title", c.title);
        String text = StorageRenderer.plainText(c.body == null ? "" : c.body);
        o.put("excerpt", text.length() > 200 ? text.substring(0, 200) : text);
        Map<String, Object> links = links(req, c);
        o.put("url", links.get("webui"));
        o.put(
                "resultGlobalContainer",
                Json.obj(
                        "title",
                        c.space.name,
                        "displayUrl",
                        dataCenter ? "/display/" + c.space.key : "/spaces/" + c.space.key));
        o.put("breadcrumbs", List.of());
        o.put("entityType", "content");
        o.put("iconCssClass", "aui-icon content-type-" + c.type.wire);
        o.put("lastModified", Store.time(c.lastModified()));
        o.put("friendlyLastModified", "just a moment ago");
        o.put("score", 1.0);
        return o;
    }

    /** A list given whole, in one page: an expansion nested in a content object, or an upload's answer. */
    private static Map<String, Object> wholeList(List<Object> results, Map<String, Object> links) {
        return Json.obj(
                "results", results, "start", 0, "limit", results.size(), "size", results.size(), "_links", links);
    }
}
