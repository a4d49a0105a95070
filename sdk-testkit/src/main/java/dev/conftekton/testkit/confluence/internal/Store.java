package dev.conftekton.testkit.confluence.internal;

import dev.conftekton.testkit.confluence.EmulatorSeed;
import dev.conftekton.testkit.confluence.EmulatorUser;
import dev.conftekton.testkit.confluence.SpaceAccess;
import dev.conftekton.testkit.confluence.internal.Model.AttachmentFile;
import dev.conftekton.testkit.confluence.internal.Model.Content;
import dev.conftekton.testkit.confluence.internal.Model.ContentState;
import dev.conftekton.testkit.confluence.internal.Model.Group;
import dev.conftekton.testkit.confluence.internal.Model.Label;
import dev.conftekton.testkit.confluence.internal.Model.Property;
import dev.conftekton.testkit.confluence.internal.Model.Space;
import dev.conftekton.testkit.confluence.internal.Model.Type;
import dev.conftekton.testkit.confluence.internal.Model.User;
import dev.conftekton.testkit.confluence.internal.Model.Version;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/** The emulator's state and the rules that guard it; every access holds the read or write lock. */
final class Store {
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    final Clock clock;
    final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, User> byEmail = new HashMap<>();
    private final Map<String, User> byPat = new HashMap<>();
    final Map<String, Group> groups = new LinkedHashMap<>();
    final Map<String, Space> spaces = new LinkedHashMap<>();
    private final Map<Long, Space> spacesById = new HashMap<>();
    final Map<String, Content> contents = new LinkedHashMap<>();
    private final Map<String, Label> labels = new HashMap<>();
    private long nextId = 65537;
    private long nextSeq;

    Store(EmulatorSeed seed, Clock clock) {
        this.clock = clock;
        for (EmulatorUser u : seed.users()) {
            User user = new User(
                    u.accountId(), u.displayName(), u.email(), u.apiToken(), u.personalAccessToken(), u.active());
            users.put(user.accountId, user);
            byEmail.put(user.email.toLowerCase(Locale.ROOT), user);
            if (user.pat != null) {
                byPat.put(user.pat, user);
            }
        }
        seed.groups().forEach((name, members) -> {
            Group g = new Group(uuidLike(name), name);
            for (String m : members) {
                User user = resolve(m);
                g.members.add(user.accountId);
                user.groups.add(name);
            }
            groups.put(name, g);
        });
        String fallbackAuthor =
                users.isEmpty() ? "system" : users.keySet().iterator().next();
        for (EmulatorSeed.Space s : seed.spaces()) {
            String admin = s.users().entrySet().stream()
                    .filter(e -> e.getValue().contains(SpaceAccess.ADMIN))
                    .map(e -> resolve(e.getKey()).accountId)
                    .findFirst()
                    .orElse(fallbackAuthor);
            Space space = new Space(nextId++, s.key(), s.name(), admin, clock.instant());
            s.users().forEach((ref, perms) -> space.users.put(resolve(ref).accountId, max(perms)));
            s.groups().forEach((g, perms) -> space.groups.put(g, max(perms)));
            spaces.put(space.key, space);
            spacesById.put(space.id, space);
            Content home = newPage(
                    space,
                    admin,
                    space.name + " Home",
                    "<p>Welcome to " + escapeXml(space.name) + ".</p>",
                    null,
                    "current",
                    "");
            space.homepageId = home.id;
            for (EmulatorSeed.Page p : s.pages()) {
                seedPage(space, p, home.id, fallbackAuthor);
            }
        }
    }

    private void seedPage(Space space, EmulatorSeed.Page p, String parentId, String fallbackAuthor) {
        String author = p.author() == null ? fallbackAuthor : resolve(p.author()).accountId;
        String body;
        try {
            body = StorageXhtml.requireWellFormed(p.body()); // as the APIs require of every body they store
        } catch (ApiError e) {
            throw new IllegalArgumentException(
                    "Seed page '" + p.title() + "' in space " + space.key + ": " + e.getMessage(), e);
        }
        Content page = newPage(space, author, p.title(), body, parentId, "current", "");
        for (String l : p.labels()) {
            Label label = label(l);
            page.labels.put(label.name, label);
        }
        for (EmulatorSeed.Page c : p.children()) {
            seedPage(space, c, page.id, fallbackAuthor);
        }
    }

    private static SpaceAccess max(Collection<SpaceAccess> perms) {
        SpaceAccess best = SpaceAccess.VIEW;
        for (SpaceAccess a : perms) {
            if (a.grants(best)) {
                best = a;
            }
        }
        return best;
    }

    private User resolve(String ref) {
        User u = users.get(ref);
        if (u == null) {
            u = byEmail.get(ref.toLowerCase(Locale.ROOT));
        }
        if (u == null) {
            throw new IllegalArgumentException("Unknown user " + ref);
        }
        return u;
    }

    private static String uuidLike(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                hex.append(String.format("%02x", d[i]));
                if (i == 3 || i == 5 || i == 7 || i == 9) {
                    hex.append('-');
                }
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- locking ----

    <T> T read(Supplier<T> work) {
        lock.readLock().lock();
        try {
            return work.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    <T> T write(Supplier<T> work) {
        lock.writeLock().lock();
        try {
            return work.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ---- authentication ----

    User byBasic(String email, String token) {
        User u = byEmail.get(email.toLowerCase(Locale.ROOT));
        if (u == null) {
            u = users.get(email);
        }
        if (u == null || u.apiToken == null || !constantTimeEquals(u.apiToken, token) || !u.active) {
            return null;
        }
        return u;
    }

    User byBearer(String token) {
        for (User u : byPat.values()) {
            if (constantTimeEquals(u.pat, token)) {
                return u.active ? u : null;
            }
        }
        return null;
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    User user(String accountId) {
        return users.get(accountId);
    }

    /** Activates or deactivates a user (write lock held by the caller); false if there is no such user. */
    boolean setActive(String accountIdOrEmail, boolean active) {
        User u = users.get(accountIdOrEmail);
        if (u == null) {
            u = byEmail.get(accountIdOrEmail.toLowerCase(Locale.ROOT));
        }
        if (u == null) {
            return false;
        }
        u.active = active;
        return true;
    }

    // ---- permissions ----

    SpaceAccess access(User user, Space space) {
        SpaceAccess best = space.users.get(user.accountId);
        for (String g : user.groups) {
            SpaceAccess a = space.groups.get(g);
            if (a != null && (best == null || a.grants(best))) {
                best = a;
            }
        }
        return best;
    }

    boolean canView(User user, Space space) {
        return access(user, space) != null;
    }

    void require(User user, Space space, SpaceAccess needed, String action) {
        SpaceAccess a = access(user, space);
        if (a == null) {
            throw ApiError.notFound("No space with key " + space.key + " visible to you");
        }
        if (!a.grants(needed)) {
            throw ApiError.forbidden("User " + user.accountId + " does not have permission to " + action + " in space "
                    + space.key + " (needs " + needed.name().toLowerCase(Locale.ROOT) + ")");
        }
    }

    // ---- lookups ----

    Space spaceByKey(User user, String key) {
        Space s = key == null ? null : spaces.get(key);
        if (s == null || !canView(user, s)) {
            throw ApiError.notFound("No space found with key : " + key);
        }
        return s;
    }

    Space spaceById(User user, String id) {
        Space s = null;
        try {
            s = spacesById.get(Long.parseLong(id));
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("Space id '" + id + "' is not a number");
        }
        if (s == null || !canView(user, s)) {
            throw ApiError.notFound("No space found with id " + id);
        }
        return s;
    }

    Space spaceByIdOrNull(long id) {
        return spacesById.get(id);
    }

    /** Content visible to the user in any status except purged; 404 otherwise (existence is not revealed). */
    Content content(User user, String id) {
        Content c = id == null ? null : contents.get(id);
        if (c == null || !canView(user, c.space)) {
            throw ApiError.notFound("No content found with id : " + id);
        }
        return c;
    }

    Content page(User user, String id) {
        Content c = content(user, id);
        if (c.type != Type.PAGE) {
            throw ApiError.notFound("No page found with id : " + id);
        }
        return c;
    }

    List<Content> ancestors(Content page) {
        List<Content> out = new ArrayList<>();
        String p = page.type == Type.PAGE ? page.parentId : null;
        while (p != null) {
            Content parent = contents.get(p);
            if (parent == null) {
                break;
            }
            out.add(0, parent);
            p = parent.parentId;
        }
        return out;
    }

    Label label(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.isEmpty()
                || n.length() > 255
                || n.chars().anyMatch(ch -> Character.isWhitespace(ch) || ":,&?;#*!".indexOf(ch) >= 0)) {
            throw ApiError.badRequest("Label '" + name + "' is invalid: labels are non-empty, at most 255 characters, "
                    + "without spaces or any of : , & ? ; # * !");
        }
        return labels.computeIfAbsent(n, k -> new Label(nextId++, k));
    }

    Label existingLabel(String name) {
        return labels.get(name.trim().toLowerCase(Locale.ROOT));
    }

    /** The label with this id, or {@code null}; ids are the ones v2 {@code GET /pages/{id}/labels} reports. */
    Label labelById(long id) {
        for (Label l : labels.values()) {
            if (l.id == id) {
                return l;
            }
        }
        return null;
    }

    // ---- writes (callers hold the write lock) ----

    String newId() {
        return Long.toString(nextId++);
    }

    private Content newPage(
            Space space, String author, String title, String body, String parentId, String status, String message) {
        Content c = new Content(newId(), nextSeq++, Type.PAGE, space, author, clock.instant());
        c.title = title;
        c.body = body == null ? "" : body;
        c.status = status;
        c.parentId = parentId;
        c.versions.add(new Version(1, author, c.createdAt, message, false, title, c.body));
        contents.put(c.id, c);
        space.pages.put(c.id, c);
        if (!"draft".equals(status)) {
            space.titles.put(title, c);
        }
        if (parentId != null) {
            Content parent = contents.get(parentId);
            c.position = parent.children.size();
            parent.children.add(c);
        }
        return c;
    }

    Content createPage(
            User user, Space space, String title, String body, String parentId, String status, boolean rootLevel) {
        require(user, space, SpaceAccess.EDIT, "create pages");
        if (status == null) {
            status = "current";
        }
        if (!status.equals("current") && !status.equals("draft")) {
            throw ApiError.badRequest("Page status must be current or draft, not " + status);
        }
        if (title == null || title.isBlank()) {
            throw ApiError.badRequest("A page must have a title.");
        }
        if (title.length() > 255) {
            throw ApiError.badRequest("Title is too long: at most 255 characters.");
        }
        if (!status.equals("draft") && space.titles.containsKey(title)) {
            throw ApiError.badRequest(
                    "A page with this title already exists: A page already exists with the same TITLE in this space");
        }
        if (parentId != null) {
            Content parent = contents.get(parentId);
            if (parent == null || parent.type != Type.PAGE || !canView(user, parent.space) || !parent.isCurrent()) {
                throw ApiError.badRequest("Parent page " + parentId + " does not exist or is not current.");
            }
            if (parent.space != space) {
                throw ApiError.badRequest("Parent page " + parentId + " is in another space than " + space.key + ".");
            }
        } else if (!rootLevel) {
            parentId = space.homepageId;
        }
        return newPage(space, user.accountId, title, body, parentId, status, "");
    }

    void checkVersion(int current, Integer requested) {
        if (requested == null) {
            throw ApiError.badRequest("Version number is required: send version.number = current version + 1.");
        }
        if (requested != current + 1) {
            throw ApiError.conflict("Version must be incremented on update. Current version is: " + current);
        }
    }

    Content updatePage(
            User user,
            Content page,
            String title,
            String body,
            Integer version,
            String message,
            boolean minorEdit,
            String parentId,
            String status) {
        require(user, page.space, SpaceAccess.EDIT, "edit pages");
        if (status != null && status.equals("current") && !page.isCurrent() && !page.status.equals("draft")) {
            // restoring from the trash: Confluence changes only the status
            if (page.space.titles.containsKey(page.title)) {
                throw ApiError.badRequest("A page with this title already exists: cannot restore '" + page.title + "'");
            }
            page.status = "current";
            page.space.titles.put(page.title, page);
            attach(page);
            return page;
        }
        if (!page.isCurrent() && !page.status.equals("draft")) {
            throw ApiError.conflict("Page " + page.id + " is " + page.status + "; restore it before updating.");
        }
        checkVersion(page.version().number, version);
        String newTitle = title == null ? page.title : title;
        if (newTitle.isBlank()) {
            throw ApiError.badRequest("A page must have a title.");
        }
        if (newTitle.length() > 255) {
            throw ApiError.badRequest("Title is too long: at most 255 characters.");
        }
        Content holder = page.space.titles.get(newTitle);
        if (holder != null && holder != page) {
            throw ApiError.badRequest(
                    "A page with this title already exists: A page already exists with the same TITLE in this space");
        }
        if (parentId != null && !parentId.equals(page.parentId)) {
            Content parent = contents.get(parentId);
            if (parent == null || parent.type != Type.PAGE || parent.space != page.space || !parent.isCurrent()) {
                throw ApiError.badRequest("Parent page " + parentId + " does not exist in space " + page.space.key);
            }
            for (Content a = parent; a != null; a = a.parentId == null ? null : contents.get(a.parentId)) {
                if (a == page) {
                    throw ApiError.badRequest("A page cannot be moved below itself or its descendants.");
                }
            }
            detach(page);
            page.parentId = parentId;
            attach(page);
        }
        page.space.titles.remove(page.title);
        page.title = newTitle;
        if (body != null) {
            page.body = body;
        }
        if (status != null && status.equals("current")) {
            page.status = "current";
        }
        if (!"draft".equals(page.status)) {
            page.space.titles.put(page.title, page);
        }
        page.versions.add(new Version(
                page.version().number + 1, user.accountId, clock.instant(), message, minorEdit, page.title, page.body));
        return page;
    }

    private void detach(Content page) {
        if (page.parentId != null) {
            Content parent = contents.get(page.parentId);
            if (parent != null) {
                parent.children.remove(page);
            }
        }
    }

    private void attach(Content page) {
        if (page.parentId != null) {
            Content parent = contents.get(page.parentId);
            if (parent != null && !parent.children.contains(page)) {
                page.position = parent.children.size();
                parent.children.add(page);
            }
        }
    }

    /** Moves current content to the trash, or purges trashed content. */
    void delete(User user, Content c, boolean purge) {
        if (c.type == Type.COMMENT) {
            Content page = contents.get(c.parentId);
            if (!c.creatorId.equals(user.accountId)) {
                require(user, c.space, SpaceAccess.ADMIN, "delete other people's comments");
            }
            page.comments.remove(c);
            contents.remove(c.id);
            return;
        }
        if (c.type == Type.ATTACHMENT) {
            require(user, c.space, SpaceAccess.EDIT, "delete attachments");
            Content page = contents.get(c.parentId);
            if (page != null) {
                page.attachments.remove(c);
            }
            contents.remove(c.id);
            return;
        }
        if (c.isCurrent() || "draft".equals(c.status)) {
            if (purge) {
                throw ApiError.badRequest("Only trashed pages can be purged; delete the page first.");
            }
            require(user, c.space, SpaceAccess.EDIT, "delete pages");
            if (c.id.equals(c.space.homepageId)) {
                throw ApiError.badRequest("The space home page cannot be deleted.");
            }
            c.status = "trashed";
            c.space.titles.remove(c.title, c);
            detach(c);
            // like Confluence, children move up to the deleted page's parent
            for (Content child : new ArrayList<>(c.children)) {
                child.parentId = c.parentId;
                attach(child);
            }
            c.children.clear();
        } else if ("trashed".equals(c.status)) {
            if (!purge) {
                throw ApiError.notFound("Page " + c.id + " is already in the trash; pass purge=true to purge it.");
            }
            require(user, c.space, SpaceAccess.ADMIN, "purge pages");
            c.status = "deleted";
            contents.remove(c.id);
            c.space.pages.remove(c.id);
        } else {
            throw ApiError.notFound("No content found with id : " + c.id);
        }
    }

    /**
     * v2 {@code DELETE /attachments/{id}}: moves a current attachment to the trash (it leaves its page's list but keeps
     * its id and files), or, with {@code purge}, removes a trashed one for good (space admins only).
     */
    void trashOrPurgeAttachment(User user, Content a, boolean purge) {
        if (a.isCurrent()) {
            if (purge) {
                throw ApiError.badRequest("Only trashed attachments can be purged; delete the attachment first.");
            }
            require(user, a.space, SpaceAccess.EDIT, "delete attachments");
            a.status = "trashed";
            Content page = contents.get(a.parentId);
            if (page != null) {
                page.attachments.remove(a);
            }
        } else if ("trashed".equals(a.status)) {
            if (!purge) {
                throw ApiError.notFound(
                        "Attachment " + a.id + " is already in the trash; pass purge=true to purge it.");
            }
            require(user, a.space, SpaceAccess.ADMIN, "purge attachments");
            a.status = "deleted";
            contents.remove(a.id);
        } else {
            throw ApiError.notFound("No attachment found with id : " + a.id);
        }
    }

    Content createComment(User user, Content page, String parentCommentId, String body) {
        require(user, page.space, SpaceAccess.COMMENT, "add comments");
        if (!page.isCurrent()) {
            throw ApiError.badRequest("Cannot comment on a page that is " + page.status + ".");
        }
        if (body == null || body.isBlank()) {
            throw ApiError.badRequest("A comment needs a non-empty body.");
        }
        Content c = new Content(newId(), nextSeq++, Type.COMMENT, page.space, user.accountId, clock.instant());
        c.title = "Re: " + page.title;
        c.body = body;
        c.parentId = page.id;
        c.parentCommentId = parentCommentId;
        c.versions.add(new Version(1, user.accountId, c.createdAt, "", false, c.title, body));
        contents.put(c.id, c);
        page.comments.add(c);
        return c;
    }

    static void checkPropertyValue(Object value) {
        if (Json.writeString(value).length() > 32_768) {
            throw new ApiError(
                    413,
                    "REQUEST_ENTITY_TOO_LARGE",
                    "A content property value may be at most 32768 characters of JSON.");
        }
    }

    Property createProperty(User user, Content c, String key, Object value) {
        require(user, c.space, SpaceAccess.EDIT, "add content properties");
        checkPropertyKey(key);
        checkPropertyValue(value);
        if (c.properties.containsKey(key)) {
            throw ApiError.badRequest("A content property with key '" + key + "' already exists on content " + c.id
                    + "; update it with version.number = current + 1.");
        }
        Property p = new Property(nextId++, key);
        p.value = value;
        p.version = 1;
        p.when = clock.instant();
        p.authorId = user.accountId;
        c.properties.put(key, p);
        return p;
    }

    Property updateProperty(User user, Content c, Property p, Object value, Integer version, String message) {
        require(user, c.space, SpaceAccess.EDIT, "update content properties");
        checkVersion(p.version, version);
        checkPropertyValue(value);
        p.value = value;
        p.version++;
        p.when = clock.instant();
        p.authorId = user.accountId;
        p.message = message == null ? "" : message;
        return p;
    }

    static void checkPropertyKey(String key) {
        if (key == null || key.isBlank() || key.length() > 255) {
            throw ApiError.badRequest("A content property needs a key of 1 to 255 characters.");
        }
    }

    Property propertyById(Content c, String id) {
        for (Property p : c.properties.values()) {
            if (Long.toString(p.id).equals(id)) {
                return p;
            }
        }
        throw ApiError.notFound("No content property with id " + id + " on content " + c.id);
    }

    Content addAttachment(
            User user,
            Content page,
            String filename,
            String mediaType,
            byte[] data,
            String comment,
            boolean minorEdit) {
        require(user, page.space, SpaceAccess.EDIT, "add attachments");
        Content a =
                new Content("att" + newId(), nextSeq++, Type.ATTACHMENT, page.space, user.accountId, clock.instant());
        a.title = filename;
        a.parentId = page.id;
        a.mediaType = mediaType;
        a.data = data;
        a.files.add(new AttachmentFile(mediaType, data));
        a.comment = comment == null ? "" : comment;
        a.fileId = uuidLike(a.id + ":" + a.createdAt);
        a.versions.add(new Version(1, user.accountId, a.createdAt, a.comment, minorEdit, filename, null));
        contents.put(a.id, a);
        page.attachments.add(a);
        return a;
    }

    Content updateAttachment(User user, Content a, String mediaType, byte[] data, String comment, boolean minorEdit) {
        require(user, a.space, SpaceAccess.EDIT, "update attachments");
        a.mediaType = mediaType;
        a.data = data;
        a.files.add(new AttachmentFile(mediaType, data));
        if (comment != null) {
            a.comment = comment;
        }
        a.fileId = uuidLike(a.id + ":" + a.versions.size());
        a.versions.add(new Version(
                a.version().number + 1, user.accountId, clock.instant(), comment, minorEdit, a.title, null));
        return a;
    }

    /**
     * The file of an attachment at {@code version} ({@code null}: the current one), as Confluence serves it from
     * {@code /download/attachments/...?version=N}; an unknown version is a 404.
     */
    AttachmentFile attachmentFile(Content a, Integer version) {
        if (version == null) {
            return a.files.get(a.files.size() - 1);
        }
        if (version < 1 || version > a.files.size()) {
            throw ApiError.notFound(
                    "Attachment " + a.id + " has no version " + version + " (it has 1 to " + a.files.size() + ").");
        }
        return a.files.get(version - 1);
    }

    Content attachmentByName(Content page, String filename) {
        for (Content a : page.attachments) {
            if (a.title.equals(filename)) {
                return a;
            }
        }
        return null;
    }

    ContentState setState(User user, Content c, String name, String color, Long id) {
        require(user, c.space, SpaceAccess.EDIT, "set content states");
        if (id != null) {
            for (String[] d : DEFAULT_STATES) {
                if (Long.parseLong(d[0]) == id) {
                    name = d[1];
                    color = d[2];
                }
            }
            if (name == null) {
                throw ApiError.badRequest("No content state with id " + id);
            }
        }
        if (name == null || name.isBlank() || name.length() > 20) {
            throw ApiError.badRequest(
                    "A content state needs a name of 1 to 20 characters (or the id of a space state).");
        }
        if (color == null || !color.matches("#?[0-9a-fA-F]{6}")) {
            throw ApiError.badRequest("A content state needs a color in hex form, e.g. #ff8b00.");
        }
        long sid = id != null ? id : Math.abs((long) (name + color).hashCode());
        Version published = publishWithoutChange(user, c);
        c.state = new ContentState(sid, name, color.startsWith("#") ? color : "#" + color, published.when);
        return c.state;
    }

    /** Removes the content state, publishing a version as Confluence does; returns the removed state. */
    ContentState removeState(User user, Content c) {
        require(user, c.space, SpaceAccess.EDIT, "remove content states");
        ContentState old = c.state;
        if (old != null) {
            publishWithoutChange(user, c);
            c.state = null;
        }
        return old;
    }

    /**
     * Setting or removing a content state "creates a new version (publishes the content without changing the
     * body)" (Cloud REST v1, PUT/DELETE /content/{id}/state): a version by whoever changed the state, same title
     * and body.
     */
    private Version publishWithoutChange(User user, Content c) {
        if (c.type != Type.PAGE || !c.isCurrent()) {
            throw ApiError.badRequest("Content states can be set on current pages only.");
        }
        Version v = new Version(c.version().number + 1, user.accountId, clock.instant(), "", false, c.title, c.body);
        c.versions.add(v);
        return v;
    }

    /** Edits a footer comment: its author, or a space admin, publishes version {@code current + 1}. */
    Content updateComment(User user, Content c, String body, Integer number, String message, boolean minorEdit) {
        if (!c.creatorId.equals(user.accountId)) {
            require(user, c.space, SpaceAccess.ADMIN, "edit other people's comments");
        }
        checkVersion(c.version().number, number);
        if (body == null || body.isBlank()) {
            throw ApiError.badRequest("A comment needs a non-empty body.");
        }
        c.body = body;
        c.versions.add(new Version(number, user.accountId, clock.instant(), message, minorEdit, c.title, body));
        return c;
    }

    static final String[][] DEFAULT_STATES = {
        {"1", "Rough draft", "#ffc400"}, {"2", "In progress", "#2684ff"}, {"3", "Ready for review", "#57d9a3"}
    };

    static String escapeXml(String s) {
        return Html.escape(s);
    }

    static String time(Instant i) {
        return TIME.format(i);
    }
}
