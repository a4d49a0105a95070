package dev.conftekton.testkit.confluence.internal;

import dev.conftekton.testkit.confluence.internal.Model.Content;
import dev.conftekton.testkit.confluence.internal.Model.Space;
import dev.conftekton.testkit.confluence.internal.Model.Type;
import dev.conftekton.testkit.confluence.internal.Model.User;
import dev.conftekton.testkit.confluence.internal.Model.Version;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * HTML pages for people trying the emulator: spaces, pages rendered from storage format, version history, comments,
 * and a form to comment as a seeded user. Read-only pages need no login (the emulator listens on loopback by
 * default); the comment form carries a per-server token against cross-site posts, and the chosen user's space
 * permissions still apply.
 */
final class WebView {
    private static final String CSS = "body{font-family:system-ui,sans-serif;margin:0;color:#172b4d;background:#fff}"
            + "header{background:#0747a6;color:#fff;padding:10px 24px}header a{color:#fff;text-decoration:none;font-weight:600}"
            + "main{max-width:960px;margin:24px auto;padding:0 24px}nav.crumbs{font-size:13px;color:#6b778c;margin-bottom:8px}"
            + "table{border-collapse:collapse;margin:12px 0}td,th{border:1px solid #c1c7d0;padding:6px 10px;text-align:left}"
            + "th{background:#f4f5f7}pre.code{background:#f4f5f7;border:1px solid #dfe1e6;padding:10px;overflow:auto}"
            + ".macro{border-left:4px solid #6b778c;background:#f4f5f7;padding:8px 12px;margin:12px 0}"
            + ".macro-info{border-color:#0065ff;background:#deebff}.macro-note{border-color:#ff991f;background:#fffae6}"
            + ".macro-warning{border-color:#de350b;background:#ffebe6}.macro-tip{border-color:#00875a;background:#e3fcef}"
            + ".macro-title{display:block;margin-bottom:4px}.comment{border-top:1px solid #dfe1e6;padding:8px 0}"
            + ".meta{color:#6b778c;font-size:13px}.label{background:#dfe1e6;border-radius:3px;padding:2px 6px;margin-right:4px;"
            + "font-size:12px}.state{background:#e3fcef;border-radius:3px;padding:2px 6px;font-size:12px}"
            + "textarea{width:100%;min-height:80px}img{max-width:100%}";

    private final Store store;
    private final Webhooks webhooks;
    private final String context;
    private final String formToken;

    WebView(Store store, Webhooks webhooks, String context) {
        this.store = store;
        this.webhooks = webhooks;
        this.context = context;
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.formToken = HexFormat.of().formatHex(random);
    }

    static String tiny(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    void register(Router r) {
        Router.Style s = Router.Style.HTML;
        r.add("GET", "/", s, false, this::home);
        if (!context.isEmpty()) {
            r.add("GET", context, s, false, this::home);
        }
        for (String c : context.isEmpty() ? List.of("") : List.of(context, "")) {
            r.add("GET", c + "/pages/viewpage.action", s, false, req -> page(req, req.q("pageId")));
        }
        r.add("GET", context + "/spaces/{key}", s, false, this::space);
        r.add("GET", context + "/display/{key}", s, false, this::space);
        r.add("GET", context + "/spaces/{key}/pages/{id}", s, false, req -> page(req, req.var("id")));
        r.add("GET", context + "/spaces/{key}/pages/{id}/{title}", s, false, req -> page(req, req.var("id")));
        r.add("POST", context + "/spaces/{key}/pages/{id}/comments", s, false, this::comment);
        r.add("GET", context + "/x/{tiny}", s, false, this::tinyLink);
        r.add("GET", context + "/view/attachments/{pageId}/{filename}", s, false, this::attachment);
    }

    private static String layout(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Html.escape(title)
                + " - Confluence emulator</title><style>" + CSS + "</style></head><body><header><a href=\"/\">"
                + "Confluence emulator</a></header><main>" + body + "</main></body></html>";
    }

    private String pageUrl(Content c) {
        return context + "/spaces/" + Paging.enc(c.space.key) + "/pages/" + c.id;
    }

    private Resp home(Req req) {
        return store.read(() -> {
            StringBuilder b = new StringBuilder("<h1>Spaces</h1><ul class=\"spaces\">");
            for (Space sp : store.spaces.values()) {
                b.append("<li><a href=\"")
                        .append(context)
                        .append("/spaces/")
                        .append(Html.escape(Paging.enc(sp.key)))
                        .append("\">")
                        .append(Html.escape(sp.name))
                        .append("</a> <span class=\"meta\">")
                        .append(Html.escape(sp.key))
                        .append(" &middot; ")
                        .append(sp.pages.size())
                        .append(" pages</span></li>");
            }
            b.append("</ul>");
            return Resp.html(200, layout("Spaces", b.toString()));
        });
    }

    private Resp space(Req req) {
        return store.read(() -> {
            Space sp = store.spaces.get(req.var("key"));
            if (sp == null) {
                throw ApiError.notFound("No space " + req.var("key"));
            }
            StringBuilder b = new StringBuilder("<nav class=\"crumbs\"><a href=\"/\">Spaces</a></nav><h1>")
                    .append(Html.escape(sp.name))
                    .append("</h1><ul>");
            tree(b, store.contents.get(sp.homepageId), 0);
            for (Content c : sp.pages.values()) { // root-level pages other than the home page
                if (c.parentId == null && !c.id.equals(sp.homepageId) && c.isCurrent()) {
                    tree(b, c, 0);
                }
            }
            b.append("</ul>");
            return Resp.html(200, layout(sp.name, b.toString()));
        });
    }

    private void tree(StringBuilder b, Content c, int depth) {
        if (c == null || depth > 50) {
            return;
        }
        b.append("<li><a href=\"")
                .append(Html.escape(pageUrl(c)))
                .append("\">")
                .append(Html.escape(c.title))
                .append("</a>");
        if (!c.children.isEmpty()) {
            b.append("<ul>");
            for (Content child : c.children) {
                if (child.isCurrent()) {
                    tree(b, child, depth + 1);
                }
            }
            b.append("</ul>");
        }
        b.append("</li>");
    }

    private String name(String accountId) {
        User u = store.user(accountId);
        return u == null ? accountId : u.displayName;
    }

    private Resp page(Req req, String id) {
        return store.read(() -> {
            Content c = id == null ? null : store.contents.get(id);
            if (c == null || c.type != Type.PAGE || !c.isCurrent()) {
                throw ApiError.notFound("No page with id " + id);
            }
            StringBuilder b = new StringBuilder("<nav class=\"crumbs\"><a href=\"/\">Spaces</a> / <a href=\"")
                    .append(context)
                    .append("/spaces/")
                    .append(Html.escape(Paging.enc(c.space.key)))
                    .append("\">")
                    .append(Html.escape(c.space.name))
                    .append("</a>");
            for (Content a : store.ancestors(c)) {
                b.append(" / <a href=\"")
                        .append(Html.escape(pageUrl(a)))
                        .append("\">")
                        .append(Html.escape(a.title))
                        .append("</a>");
            }
            b.append("</nav><h1 id=\"title\">")
                    .append(Html.escape(c.title))
                    .append("</h1><p class=\"meta\">Created by ")
                    .append(Html.escape(name(c.creatorId)))
                    .append(", version ")
                    .append(c.version().number)
                    .append(", last updated ")
                    .append(Store.time(c.lastModified()))
                    .append("</p>");
            if (c.state != null || !c.labels.isEmpty()) {
                b.append("<p>");
                if (c.state != null) {
                    b.append("<span class=\"state\">")
                            .append(Html.escape(c.state.name))
                            .append("</span> ");
                }
                c.labels.values().forEach(l -> b.append("<span class=\"label\">")
                        .append(Html.escape(l.name))
                        .append("</span>"));
                b.append("</p>");
            }
            String pageId = c.id;
            b.append("<article id=\"content\">")
                    .append(StorageRenderer.render(c.body, file -> {
                        Content att = store.attachmentByName(c, file);
                        return att == null
                                ? null
                                : context + "/view/attachments/" + pageId + "/"
                                        + Paging.enc(file).replace("+", "%20");
                    }))
                    .append("</article>");
            b.append("<h2>Comments</h2><div id=\"comments\">");
            if (c.comments.isEmpty()) {
                b.append("<p class=\"meta\">No comments yet.</p>");
            }
            for (Content cm : c.comments) {
                b.append("<div class=\"comment\" id=\"comment-")
                        .append(Html.escape(cm.id))
                        .append("\"><div class=\"meta\">")
                        .append(Html.escape(name(cm.creatorId)))
                        .append(" &middot; ")
                        .append(Store.time(cm.createdAt))
                        .append("</div>")
                        .append(StorageRenderer.render(cm.body))
                        .append("</div>");
            }
            b.append("</div><h3>Add a comment</h3><form method=\"post\" action=\"")
                    .append(Html.escape(pageUrl(c)))
                    .append("/comments\"><input type=\"hidden\" name=\"token\" value=\"")
                    .append(formToken)
                    .append("\"><p><label>As <select name=\"author\">");
            for (User u : store.users.values()) {
                if (u.active) {
                    b.append("<option value=\"")
                            .append(Html.escape(u.accountId))
                            .append("\">")
                            .append(Html.escape(u.displayName))
                            .append(" (")
                            .append(Html.escape(u.email))
                            .append(")</option>");
                }
            }
            b.append("</select></label></p><p><textarea name=\"body\" placeholder=\"/approve\" required></textarea></p>"
                    + "<p><button type=\"submit\">Comment</button></p></form>");
            b.append(
                    "<h2>Version history</h2><table id=\"history\"><thead><tr><th>Version</th><th>Author</th><th>When</th>"
                            + "<th>Message</th></tr></thead><tbody>");
            List<Version> versions = c.versions;
            for (int i = versions.size() - 1; i >= 0; i--) {
                Version v = versions.get(i);
                b.append("<tr><td>")
                        .append(v.number)
                        .append("</td><td>")
                        .append(Html.escape(name(v.authorId)))
                        .append("</td><td>")
                        .append(Store.time(v.when))
                        .append("</td><td>")
                        .append(Html.escape(v.message))
                        .append("</td></tr>");
            }
            b.append("</tbody></table>");
            return Resp.html(200, layout(c.title, b.toString()));
        });
    }

    private Resp comment(Req req) {
        String type = req.header("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new ApiError(
                    415, "UNSUPPORTED_MEDIA_TYPE", "Post the comment form as application/x-www-form-urlencoded.");
        }
        Map<String, List<String>> form = Req.parseQuery(new String(req.body(), StandardCharsets.UTF_8));
        String token = first(form, "token");
        if (token == null
                || !java.security.MessageDigest.isEqual(
                        token.getBytes(StandardCharsets.UTF_8), formToken.getBytes(StandardCharsets.UTF_8))) {
            throw ApiError.forbidden("The form token is missing or stale; reload the page and try again.");
        }
        String author = first(form, "author");
        String text = first(form, "body");
        if (author == null || text == null || text.isBlank()) {
            throw ApiError.badRequest("Choose a user and write a comment.");
        }
        if (text.length() > 32_000) {
            throw ApiError.badRequest("The comment is too long (at most 32000 characters).");
        }
        return store.write(() -> {
            User u = store.user(author);
            if (u == null || !u.active) {
                throw ApiError.badRequest("Unknown or inactive user " + author);
            }
            Content page = store.contents.get(req.var("id"));
            if (page == null || page.type != Type.PAGE || !page.isCurrent()) {
                throw ApiError.notFound("No page with id " + req.var("id"));
            }
            if (!store.canView(u, page.space)) {
                throw ApiError.forbidden(u.displayName + " cannot see space " + page.space.key + ".");
            }
            StringBuilder storage = new StringBuilder();
            for (String para : text.strip().split("\\r?\\n\\s*\\r?\\n")) {
                storage.append("<p>")
                        .append(Html.escape(para.strip()).replaceAll("\\r?\\n", "<br/>"))
                        .append("</p>");
            }
            Content c = store.createComment(u, page, null, storage.toString());
            webhooks.fire("comment_created", c, u);
            return Resp.redirect(303, pageUrl(page) + "#comment-" + c.id);
        });
    }

    private static String first(Map<String, List<String>> form, String key) {
        List<String> v = form.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private Resp tinyLink(Req req) {
        String id;
        try {
            id = new String(Base64.getUrlDecoder().decode(req.var("tiny")), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.notFound("Unknown short link");
        }
        return store.read(() -> {
            Content c = store.contents.get(id);
            if (c == null || c.type != Type.PAGE) {
                throw ApiError.notFound("Unknown short link");
            }
            return Resp.redirect(302, pageUrl(c));
        });
    }

    private Resp attachment(Req req) {
        return store.read(() -> {
            Content page = store.contents.get(req.var("pageId"));
            Content a = page == null ? null : store.attachmentByName(page, req.var("filename"));
            if (a == null) {
                throw ApiError.notFound("No such attachment");
            }
            // only images are shown inline; everything else downloads
            String type = a.mediaType != null && a.mediaType.matches("image/(png|jpeg|gif|webp)")
                    ? a.mediaType
                    : "application/octet-stream";
            Resp r = new Resp(200, type, a.data);
            r.header("Content-Security-Policy", "default-src 'none'; sandbox");
            return r;
        });
    }
}
