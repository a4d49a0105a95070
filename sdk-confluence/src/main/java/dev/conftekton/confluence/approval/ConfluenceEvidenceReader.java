package dev.conftekton.confluence.approval;

import dev.conftekton.confluence.ConfluenceClient;
import dev.conftekton.confluence.Flavour;
import dev.conftekton.confluence.approval.ApprovalEvidence.CommentVersion;
import dev.conftekton.confluence.approval.ApprovalEvidence.FooterComment;
import dev.conftekton.confluence.approval.ApprovalEvidence.PageVersion;
import dev.conftekton.confluence.model.Group;
import dev.conftekton.confluence.model.Page;
import dev.conftekton.confluence.model.PageSummary;
import dev.conftekton.confluence.model.User;
import dev.conftekton.confluence.model.Version;
import dev.conftekton.core.error.DecodingException;
import dev.conftekton.core.error.NotFoundException;
import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.RequestBody;
import dev.conftekton.core.http.RestClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@link EvidenceReader} on a {@link ConfluenceClient} (Cloud and Data Center). Typed services are
 * used where they carry what the gate needs; the rest (comment and page bodies at a given version,
 * the content state's time, account status) is read from REST v1, which both flavours serve; on Cloud,
 * comment versions, property authors and the account status come from REST v2, where Cloud reports them.
 *
 * <pre>{@code
 * EvidenceReader reader = new ConfluenceEvidenceReader(confluence);
 * }</pre>
 */
public final class ConfluenceEvidenceReader implements EvidenceReader {
    private static final int MAX_COMMENT_VERSIONS = 200;
    /** Account ids one users-bulk request may carry. */
    private static final int USERS_BULK_MAX = 250;

    private final ConfluenceClient client;
    private final RestClient rest;
    private volatile String currentAccountId;

    public ConfluenceEvidenceReader(ConfluenceClient client) {
        this.client = Objects.requireNonNull(client, "client");
        this.rest = client.restClient();
    }

    @Override
    public PageInfo page(String pageId) {
        Page page = client.pages().get(pageId, EnumSet.noneOf(dev.conftekton.confluence.PageField.class));
        String spaceKey = page.spaceKey();
        if (spaceKey == null && page.spaceId() != null) {
            spaceKey = client.spaces().byId(page.spaceId()).key();
        }
        List<String> ancestors = new ArrayList<>();
        for (PageSummary a : client.pages().ancestors(pageId)) {
            ancestors.add(a.id());
        }
        return new PageInfo(
                page.id(),
                page.status(),
                page.title(),
                spaceKey,
                ancestors,
                page.version().number());
    }

    @Override
    public List<PageVersion> pageVersions(String pageId) {
        List<PageVersion> out = new ArrayList<>();
        for (Version v : client.pages().versions(pageId)) {
            out.add(new PageVersion(v.number(), v.authorId(), timeOrFar(v.createdAt()), v.minorEdit(), null));
        }
        return out;
    }

    /** An unknown time is taken as the far future: it expires approvals instead of admitting them. */
    private static Instant timeOrFar(Instant t) {
        return t == null ? Instant.parse("9999-12-31T23:59:59Z") : t;
    }

    @Override
    public String versionContent(String pageId, int version) {
        if (client.flavour() == Flavour.CLOUD) {
            HttpRequest req = HttpRequest.builder()
                    .method("GET")
                    .url("/api/v2/pages/" + seg(pageId))
                    .query("version", Integer.toString(version))
                    .query("body-format", "storage")
                    .header("Accept", "application/json")
                    .build();
            Map<String, Object> p = object(rest.executeJson(req, Map.class), "page " + pageId + " version " + version);
            return str(p.get("title")) + "\n" + storage(p);
        }
        Map<String, Object> c;
        try {
            c = contentAt(pageId, version);
        } catch (NotFoundException e) {
            c = contentAt(pageId, version, "current"); // Data Center serves the current version as current only
        }
        return str(c.get("title")) + "\n" + storage(c);
    }

    private Map<String, Object> contentAt(String id, int version) {
        return contentAt(id, version, "historical");
    }

    private Map<String, Object> contentAt(String id, int version, String status) {
        HttpRequest req = HttpRequest.builder()
                .method("GET")
                .url("/rest/api/content/" + seg(id))
                .query("status", status)
                .query("version", Integer.toString(version))
                .query("expand", "body.storage,version")
                .header("Accept", "application/json")
                .build();
        return object(rest.executeJson(req, Map.class), "content " + id + " version " + version);
    }

    @Override
    public List<FooterComment> footerComments(String pageId) {
        List<FooterComment> out = new ArrayList<>();
        for (dev.conftekton.confluence.model.FooterComment c : client.comments().list(pageId)) {
            int n = c.version().number();
            if (n > MAX_COMMENT_VERSIONS) {
                throw new DecodingException("comment " + c.id() + " has " + n + " versions, more than the "
                        + MAX_COMMENT_VERSIONS + " the approval gate reads; delete it or raise the limit");
            }
            List<CommentVersion> versions = new ArrayList<>();
            for (int k = 1; k < n; k++) {
                versions.add(
                        client.flavour() == Flavour.CLOUD
                                ? cloudCommentVersion(c.id(), k)
                                : v1CommentVersion(c.id(), k));
            }
            versions.add(new CommentVersion(n, c.authorId(), timeOrFar(c.createdAt()), c.body()));
            out.add(new FooterComment(c.id(), versions));
        }
        return out;
    }

    /** Cloud: REST v2 {@code GET /footer-comments/{id}?version=N}, the comment as that version published it. */
    private CommentVersion cloudCommentVersion(String commentId, int k) {
        HttpRequest req = HttpRequest.builder()
                .method("GET")
                .url("/api/v2/footer-comments/" + seg(commentId))
                .query("version", Integer.toString(k))
                .query("body-format", "storage")
                .header("Accept", "application/json")
                .build();
        Map<String, Object> c = object(rest.executeJson(req, Map.class), "comment " + commentId + " version " + k);
        Map<String, Object> v = commentVersion(c, commentId, k);
        Object author = v.get("authorId");
        return new CommentVersion(
                k, author == null ? null : String.valueOf(author), timeOrFar(instant(v.get("createdAt"))), storage(c));
    }

    /** Data Center: REST v1 {@code status=historical&version=N} (or {@code current} where a server wants that). */
    private CommentVersion v1CommentVersion(String commentId, int k) {
        Map<String, Object> old;
        try {
            old = contentAt(commentId, k);
        } catch (NotFoundException e) {
            old = contentAt(commentId, k, "current");
        }
        Map<String, Object> v = commentVersion(old, commentId, k);
        return new CommentVersion(k, userId(v.get("by")), timeOrFar(instant(v.get("when"))), storage(old));
    }

    /** The {@code version} object of a comment read at version {@code k}; it must say it is version {@code k}. */
    private static Map<String, Object> commentVersion(Map<String, Object> comment, String commentId, int k) {
        Map<String, Object> v = object(comment.get("version"), "comment version");
        if (!(v.get("number") instanceof Number num) || num.intValue() != k) {
            throw new DecodingException("Confluence answered comment " + commentId + " version " + k + " with version "
                    + v.get("number") + "; the approval gate cannot attribute it");
        }
        return v;
    }

    @Override
    public Optional<State> contentState(String pageId) {
        HttpRequest req = HttpRequest.builder()
                .method("GET")
                .url("/rest/api/content/" + seg(pageId) + "/state")
                .query("status", "current")
                .header("Accept", "application/json")
                .build();
        Map<String, Object> r = object(rest.executeJson(req, Map.class), "content state");
        Object state = r.get("contentState");
        if (!(state instanceof Map)) {
            return Optional.empty();
        }
        String name = str(((Map<?, ?>) state).get("name"));
        return Optional.of(new State(name, timeOrFar(instant(r.get("lastUpdated")))));
    }

    @Override
    public Optional<Property> property(String pageId, String key) {
        return client.flavour() == Flavour.CLOUD ? cloudProperty(pageId, key) : v1Property(pageId, key);
    }

    /**
     * Cloud: REST v2, whose property version names its author ({@code version.authorId}); REST v1's property
     * version does not (its description has no {@code by}).
     */
    private Optional<Property> cloudProperty(String pageId, String key) {
        HttpRequest req = HttpRequest.builder()
                .method("GET")
                .url("/api/v2/pages/" + seg(pageId) + "/properties")
                .query("key", key)
                .header("Accept", "application/json")
                .build();
        Map<String, Object> r = object(rest.executeJson(req, Map.class), "content properties of page " + pageId);
        if (!(r.get("results") instanceof List<?> results)) {
            throw new DecodingException("Confluence returned no results for the content properties of page " + pageId);
        }
        for (Object o : results) {
            if (o instanceof Map<?, ?> m && key.equals(m.get("key"))) {
                Map<String, Object> p = object(m, "content property " + key);
                Map<String, Object> v =
                        p.get("version") instanceof Map ? object(p.get("version"), "version") : Map.of();
                Object value = p.get("value");
                String json = value instanceof String str ? str : rest.json().toJson(value, Object.class);
                int number = v.get("number") instanceof Number num ? num.intValue() : 1;
                Object author = v.get("authorId");
                return Optional.of(new Property(
                        key,
                        json,
                        number,
                        author == null ? null : String.valueOf(author),
                        timeOrFar(instant(v.get("createdAt")))));
            }
        }
        return Optional.empty();
    }

    private Optional<Property> v1Property(String pageId, String key) {
        HttpRequest req = HttpRequest.builder()
                .method("GET")
                .url("/rest/api/content/" + seg(pageId) + "/property/" + seg(key))
                .query("expand", "version")
                .header("Accept", "application/json")
                .build();
        Map<String, Object> p;
        try {
            p = object(rest.executeJson(req, Map.class), "content property " + key);
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        Map<String, Object> v = p.get("version") instanceof Map ? object(p.get("version"), "version") : Map.of();
        Object value = p.get("value");
        String json = value instanceof String s ? s : rest.json().toJson(value, Object.class);
        int number = v.get("number") instanceof Number num ? num.intValue() : 1;
        return Optional.of(new Property(key, json, number, userId(v.get("by")), timeOrFar(instant(v.get("when")))));
    }

    /**
     * An account, active only when Confluence confirms it (fail closed). Cloud: REST v1 {@code /user} for the name and
     * type (a deactivated user still resolves there, with no operations under {@code expand=operations}), then REST v2
     * {@code users-bulk}, whose {@code accountStatus} must be {@code active}; if that cannot be read the account is
     * not confirmed active. Data Center: REST v1 {@code /user?key=...&expand=status}, whose {@code status} must say
     * active; a server that reports no status does not confirm it.
     */
    @Override
    public Optional<Account> account(String accountId) {
        return account(accountId, id -> cloudStatuses(List.of(id)).get(id));
    }

    /** On Cloud one {@code users-bulk} request per {@value #USERS_BULK_MAX} accounts, not one per account. */
    @Override
    public Map<String, Optional<Account>> accounts(Collection<String> accountIds) {
        if (client.flavour() != Flavour.CLOUD) {
            return EvidenceReader.super.accounts(accountIds);
        }
        List<String> ids = List.copyOf(new LinkedHashSet<>(accountIds));
        Map<String, String> statuses = new HashMap<>();
        for (int i = 0; i < ids.size(); i += USERS_BULK_MAX) {
            statuses.putAll(cloudStatuses(ids.subList(i, Math.min(ids.size(), i + USERS_BULK_MAX))));
        }
        Map<String, Optional<Account>> out = new LinkedHashMap<>();
        for (String id : ids) {
            Optional<Account> account;
            try {
                account = account(id, statuses::get);
            } catch (NotFoundException e) {
                account = Optional.empty();
            }
            out.put(id, account);
        }
        return out;
    }

    /** {@code cloudStatus}: the account's users-bulk status (Cloud only, asked only when it matters). */
    private Optional<Account> account(String accountId, Function<String, String> cloudStatus) {
        boolean cloud = client.flavour() == Flavour.CLOUD;
        HttpRequest req = HttpRequest.builder()
                .method("GET")
                .url("/rest/api/user")
                .query(cloud ? "accountId" : "key", accountId)
                .query("expand", cloud ? "operations" : "status")
                .header("Accept", "application/json")
                .build();
        Map<String, Object> u;
        try {
            u = object(rest.executeJson(req, Map.class), "user");
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        String type = str(u.get("type"));
        if (type.isEmpty() || type.equals("anonymous") || type.equals("unknown")) {
            return Optional.empty();
        }
        boolean active;
        if (cloud) {
            boolean noOperations = u.get("operations") instanceof List<?> ops && ops.isEmpty();
            active = !noOperations && "active".equals(cloudStatus.apply(accountId));
        } else {
            active = u.get("status") instanceof String status && status.equalsIgnoreCase("active");
        }
        if (u.get("active") instanceof Boolean b && !b) {
            active = false;
        }
        boolean app = "app".equals(str(u.get("accountType")));
        String name = str(u.get("displayName"));
        return Optional.of(new Account(accountId, name.isEmpty() ? accountId : name, active, app));
    }

    /**
     * Cloud's REST v2 {@code users-bulk} status of each account: {@code active}, {@code inactive}, {@code closed},
     * {@code unknown} (also when the account is missing from the answer), or {@code unconfirmed} when the endpoint
     * answers 404 (no permission to view user profiles).
     */
    private Map<String, String> cloudStatuses(List<String> accountIds) {
        HttpRequest req = HttpRequest.post(
                        "/api/v2/users-bulk",
                        RequestBody.json("{\"accountIds\":" + rest.json().toJson(accountIds, List.class) + "}"))
                .newBuilder()
                .header("Accept", "application/json")
                .build();
        Map<String, String> out = new HashMap<>();
        Map<String, Object> r;
        try {
            r = object(rest.executeJson(req, Map.class), "users-bulk");
        } catch (NotFoundException e) {
            accountIds.forEach(id -> out.put(id, "unconfirmed"));
            return out;
        }
        if (r.get("results") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m && m.get("accountId") instanceof String id && accountIds.contains(id)) {
                    out.putIfAbsent(id, str(m.get("accountStatus")));
                }
            }
        }
        accountIds.forEach(id -> out.putIfAbsent(id, "unknown"));
        return out;
    }

    @Override
    public Set<String> groupNames(String accountId) {
        Set<String> names = new LinkedHashSet<>();
        for (Group g : client.users().groupsOf(new User(accountId, null, accountId, null, null))) {
            names.add(g.name());
        }
        return names;
    }

    /**
     * Asked once per reader: the account behind the reader's credentials does not change, and a gate
     * run needs it twice (the evidence, then the audit event's actor).
     */
    @Override
    public String currentAccountId() {
        String id = currentAccountId;
        if (id == null) {
            id = client.users().current().accountId();
            currentAccountId = id;
        }
        return id;
    }

    @Override
    public String addFooterComment(String pageId, String storageBody) {
        return client.comments().create(pageId, storageBody).id();
    }

    // ---- small JSON helpers: values from Confluence are untrusted, so every cast is checked

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object o, String what) {
        if (!(o instanceof Map)) {
            throw new DecodingException("Confluence returned no JSON object for " + what);
        }
        return (Map<String, Object>) o;
    }

    private static String str(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    private static String storage(Map<String, Object> content) {
        if (content.get("body") instanceof Map<?, ?> body && body.get("storage") instanceof Map<?, ?> st) {
            return str(st.get("value"));
        }
        return "";
    }

    private static String userId(Object by) {
        if (!(by instanceof Map<?, ?> m)) {
            return null;
        }
        Object id = m.get("accountId") != null ? m.get("accountId") : m.get("userKey");
        return id == null ? null : String.valueOf(id);
    }

    private static Instant instant(Object o) {
        if (o == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(String.valueOf(o)).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
