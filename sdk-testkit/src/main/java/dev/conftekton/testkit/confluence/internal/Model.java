package dev.conftekton.testkit.confluence.internal;

import dev.conftekton.testkit.confluence.SpaceAccess;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Mutable state records; read and written only under {@link Store}'s lock. */
final class Model {
    private Model() {}

    static final class User {
        final String accountId;
        final String displayName;
        final String email;
        final String apiToken;
        final String pat;
        /** Deactivated users keep their content, groups and history but cannot sign in. */
        boolean active;

        final Set<String> groups = new LinkedHashSet<>();

        User(String accountId, String displayName, String email, String apiToken, String pat, boolean active) {
            this.accountId = accountId;
            this.displayName = displayName;
            this.email = email;
            this.apiToken = apiToken;
            this.pat = pat;
            this.active = active;
        }
    }

    static final class Group {
        final String id;
        final String name;
        final Set<String> members = new LinkedHashSet<>();

        Group(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    static final class Space {
        final long id;
        final String key;
        final String name;
        final String authorId;
        final Instant createdAt;
        String homepageId;
        final Map<String, SpaceAccess> users = new HashMap<>();
        final Map<String, SpaceAccess> groups = new HashMap<>();
        /** Current and draft pages by title, for the per-space uniqueness rule. */
        final Map<String, Content> titles = new HashMap<>();
        /** Every page of the space in creation order. */
        final Map<String, Content> pages = new LinkedHashMap<>();

        Space(long id, String key, String name, String authorId, Instant createdAt) {
            this.id = id;
            this.key = key;
            this.name = name;
            this.authorId = authorId;
            this.createdAt = createdAt;
        }
    }

    enum Type {
        PAGE("page"),
        COMMENT("comment"),
        ATTACHMENT("attachment");

        final String wire;

        Type(String wire) {
            this.wire = wire;
        }
    }

    static final class Version {
        final int number;
        final String authorId;
        final Instant when;
        final String message;
        final boolean minorEdit;
        final String title;
        final String body;

        Version(
                int number,
                String authorId,
                Instant when,
                String message,
                boolean minorEdit,
                String title,
                String body) {
            this.number = number;
            this.authorId = authorId;
            this.when = when;
            this.message = message == null ? "" : message;
            this.minorEdit = minorEdit;
            this.title = title;
            this.body = body;
        }
    }

    static final class Property {
        final long id;
        final String key;
        Object value;
        int version;
        Instant when;
        String authorId;
        String message = "";

        Property(long id, String key) {
            this.id = id;
            this.key = key;
        }
    }

    static final class Label {
        final long id;
        final String name;

        Label(long id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    /** One version of an attachment's file. */
    record AttachmentFile(String mediaType, byte[] data) {}

    static final class ContentState {
        final long id;
        final String name;
        final String color;
        final Instant lastUpdated;

        ContentState(long id, String name, String color, Instant lastUpdated) {
            this.id = id;
            this.name = name;
            this.color = color;
            this.lastUpdated = lastUpdated;
        }
    }

    static final class Content {
        final String id;
        final long seq;
        final Type type;
        final Space space;
        final String creatorId;
        final Instant createdAt;
        String status = "current";
        String title;
        String body = "";
        /** Parent page of a page; the container page of a comment or attachment. */
        String parentId;

        String parentCommentId;
        int position;
        final List<Version> versions = new ArrayList<>();
        final Map<String, Property> properties = new LinkedHashMap<>();
        final Map<String, Label> labels = new LinkedHashMap<>();
        final List<Content> children = new ArrayList<>();
        final List<Content> comments = new ArrayList<>();
        final List<Content> attachments = new ArrayList<>();
        ContentState state;
        // attachments: the current file, and every version's (index = version number - 1)
        String mediaType;
        byte[] data;
        final List<AttachmentFile> files = new ArrayList<>();
        String comment;
        String fileId;

        Content(String id, long seq, Type type, Space space, String creatorId, Instant createdAt) {
            this.id = id;
            this.seq = seq;
            this.type = type;
            this.space = space;
            this.creatorId = creatorId;
            this.createdAt = createdAt;
        }

        Version version() {
            return versions.get(versions.size() - 1);
        }

        Instant lastModified() {
            return version().when;
        }

        boolean isCurrent() {
            return "current".equals(status);
        }
    }
}
