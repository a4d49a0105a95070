package dev.conftekton.confluence.internal;

import dev.conftekton.confluence.model.Attachment;
import dev.conftekton.confluence.model.ContentProperty;
import dev.conftekton.confluence.model.ContentState;
import dev.conftekton.confluence.model.FooterComment;
import dev.conftekton.confluence.model.Group;
import dev.conftekton.confluence.model.Label;
import dev.conftekton.confluence.model.Page;
import dev.conftekton.confluence.model.PageSummary;
import dev.conftekton.confluence.model.SearchResult;
import dev.conftekton.confluence.model.Space;
import dev.conftekton.confluence.model.User;
import dev.conftekton.confluence.model.Version;
import java.util.ArrayList;
import java.util.List;

/** Maps Confluence's JSON (v2 and v1 shapes) onto the model records. */
final class Mappers {
    private Mappers() {}

    // ---- v2 -------------------------------------------------------------------------------

    static Space v2Space(Json.Node n) {
        return new Space(
                n.get("id").text(),
                n.get("key").text(),
                n.get("name").textOrNull(),
                n.get("type").textOrNull(),
                n.get("status").textOrNull(),
                n.get("homepageId").textOrNull());
    }

    static Version v2Version(Json.Node n) {
        n.required();
        return new Version(
                n.get("number").intValue(),
                n.get("message").textOrNull(),
                n.get("authorId").textOrNull(),
                n.get("createdAt").instantOrNull(),
                n.get("minorEdit").boolOr(false));
    }

    static Page v2Page(Json.Node n) {
        List<Label> labels = new ArrayList<>();
        for (Json.Node l : n.get("labels").get("results").items()) {
            labels.add(label(l));
        }
        List<ContentProperty> properties = new ArrayList<>();
        for (Json.Node p : n.get("properties").get("results").items()) {
            properties.add(v2Property(p));
        }
        return new Page(
                n.get("id").text(),
                n.get("status").textOrNull(),
                n.get("title").text(),
                n.get("spaceId").textOrNull(),
                null,
                n.get("parentId").textOrNull(),
                v2Version(n.get("version")),
                n.get("body").get("storage").get("value").textOrNull(),
                n.get("authorId").textOrNull(),
                n.get("createdAt").instantOrNull(),
                labels,
                properties);
    }

    static ContentProperty v2Property(Json.Node n) {
        return new ContentProperty(
                n.get("id").textOrNull(),
                n.get("key").text(),
                n.get("value").required().raw(),
                n.get("version").required().get("number").intValue());
    }

    static FooterComment v2Comment(Json.Node n) {
        return new FooterComment(
                n.get("id").text(),
                n.get("pageId").textOrNull(),
                n.get("parentCommentId").textOrNull(),
                v2Version(n.get("version")),
                n.get("body").get("storage").get("value").textOrNull());
    }

    static PageSummary v2Child(Json.Node n) {
        return new PageSummary(
                n.get("id").text(),
                n.get("title").textOrNull(),
                n.get("status").textOrNull(),
                n.get("spaceId").textOrNull());
    }

    static Label label(Json.Node n) {
        return new Label(
                n.get("id").textOrNull(),
                n.get("prefix").textOrNull(),
                n.get("name").text());
    }

    // ---- v1 (Cloud v1 and Data Center) ------------------------------------------------------

    static Space v1Space(Json.Node n) {
        return new Space(
                n.get("id").text(),
                n.get("key").text(),
                n.get("name").textOrNull(),
                n.get("type").textOrNull(),
                n.get("status").textOrNull(),
                n.get("homepage").get("id").textOrNull());
    }

    /** The identity of a v1 user: account id on Cloud, user key on Data Center. */
    static String v1UserId(Json.Node user) {
        String id = user.get("accountId").textOrNull();
        if (id == null || id.isBlank()) {
            id = user.get("userKey").textOrNull();
        }
        if (id == null || id.isBlank()) {
            id = user.get("username").textOrNull();
        }
        return id;
    }

    static Version v1Version(Json.Node n) {
        n.required();
        return new Version(
                n.get("number").intValue(),
                n.get("message").textOrNull(),
                v1UserId(n.get("by")),
                n.get("when").instantOrNull(),
                n.get("minorEdit").boolOr(false));
    }

    static Page v1Page(Json.Node n, List<ContentProperty> properties) {
        List<Label> labels = new ArrayList<>();
        for (Json.Node l : n.get("metadata").get("labels").get("results").items()) {
            labels.add(label(l));
        }
        List<Json.Node> ancestors = n.get("ancestors").items();
        String parentId = ancestors.isEmpty()
                ? null
                : ancestors.get(ancestors.size() - 1).get("id").textOrNull();
        Json.Node history = n.get("history");
        return new Page(
                n.get("id").text(),
                n.get("status").textOrNull(),
                n.get("title").text(),
                n.get("space").get("id").textOrNull(),
                n.get("space").get("key").textOrNull(),
                parentId,
                v1Version(n.get("version")),
                n.get("body").get("storage").get("value").textOrNull(),
                v1UserId(history.get("createdBy")),
                history.get("createdDate").instantOrNull(),
                labels,
                properties);
    }

    static PageSummary v1Summary(Json.Node n) {
        return new PageSummary(
                n.get("id").text(),
                n.get("title").textOrNull(),
                n.get("status").textOrNull(),
                n.get("space").get("id").textOrNull());
    }

    static FooterComment v1Comment(Json.Node n, String pageId) {
        List<Json.Node> ancestors = n.get("ancestors").items();
        String parent = null;
        for (Json.Node a : ancestors) {
            if ("comment".equals(a.get("type").textOrNull())) {
                parent = a.get("id").textOrNull();
            }
        }
        String container = n.get("container").get("id").textOrNull();
        return new FooterComment(
                n.get("id").text(),
                container != null ? container : pageId,
                parent,
                v1Version(n.get("version")),
                n.get("body").get("storage").get("value").textOrNull());
    }

    static ContentProperty v1Property(Json.Node n) {
        return new ContentProperty(
                n.get("id").textOrNull(),
                n.get("key").text(),
                n.get("value").required().raw(),
                n.get("version").required().get("number").intValue());
    }

    static Attachment v1Attachment(Json.Node n, String pageId) {
        Json.Node ext = n.get("extensions");
        String container = n.get("container").get("id").textOrNull();
        return new Attachment(
                n.get("id").text(),
                n.get("title").text(),
                ext.get("mediaType").textOrNull(),
                ext.get("fileSize").longOr(-1),
                ext.get("comment").textOrNull(),
                container != null ? container : pageId,
                v1Version(n.get("version")),
                n.get("_links").get("download").textOrNull());
    }

    static User v1User(Json.Node n) {
        String id = v1UserId(n);
        if (id == null) {
            // Trigger the standard "missing field" message.
            n.get("accountId").text();
        }
        return new User(
                id,
                n.get("username").textOrNull(),
                n.get("displayName").textOrNull() != null
                        ? n.get("displayName").textOrNull()
                        : n.get("publicName").textOrNull(),
                n.get("email").textOrNull(),
                n.get("accountStatus").textOrNull());
    }

    static Group v1Group(Json.Node n) {
        return new Group(n.get("id").textOrNull(), n.get("name").text());
    }

    static ContentState contentState(Json.Node n) {
        return new ContentState(
                n.get("id").longOr(-1), n.get("name").text(), n.get("color").textOrNull());
    }

    static SearchResult searchResult(Json.Node n) {
        Json.Node content = n.get("content");
        String type = content.present()
                ? content.get("type").textOrNull()
                : n.get("entityType").textOrNull();
        String spaceKey = content.get("space").get("key").textOrNull();
        if (spaceKey == null) {
            spaceKey = n.get("space").get("key").textOrNull();
        }
        return new SearchResult(
                content.get("id").textOrNull(),
                type,
                n.get("title").textOrNull(),
                spaceKey,
                n.get("excerpt").textOrNull(),
                n.get("url").textOrNull(),
                n.get("lastModified").instantOrNull(),
                content.get("version").get("number").intOr(0));
    }
}
