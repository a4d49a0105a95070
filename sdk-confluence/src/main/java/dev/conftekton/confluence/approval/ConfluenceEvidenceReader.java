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
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link EvidenceReader} on a {@link ConfluenceClient} (Cloud and Data Center). Typed services are
 * used where they carry what the gate needs; the rest (comment and page bodies at a given version,
 * the content state's time, a property's author, account status) is read from REST v1, which both
 * flavours serve, and on Cloud the account status from REST v2 {@code users-bulk}.
 *
 * <pre>{@code
 * EvidenceReader reader = new ConfluenceEvidenceReader(confluence);
 * }</pre>
 */
public final class ConfluenceEvidenceReader implements EvidenceReader {
    private static final int MAX_COMMENT_VERSIONS = 200;

    private final ConfluenceClient client;
    private final RestClient rest;

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
                Map<String, Object> old;
                try {
                    old = contentAt(c.id(), k);
                } catch (NotFoundException e) {
                    old = contentAt(c.id(), k, "current"); // some servers address old versions this way
                }
                Map<String, Object> v = object(old.get("version"), "comment version");
                versions.add(
                        new CommentVersion(k, userId(v.get("by")), timeOrFar(instant(v.get("when"))), storage(old)));
            }
            versions.add(new CommentVersion(n, c.authorId(), timeOrFar(c.createdAt()), c.body()));
            out.add(new FooterComment(c.id(), versions));
        }
        return out;
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

    @Override
    public Optional<Account> account(String accountId) {
        HttpRequest req = HttpRequest.builder()
                .method("GET")
                .url("/rest/api/user")
                .query(client.flavour() == Flavour.CLOUD ? "accountId" : "key", accountId)
                .header("Accept", "application/json")
                .build();
        Map<String, Object> u;
        try {
            u = object(rest.executeJson(req, Map.class), "user");
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        String type = str(u.get("type"));
        if (type.equals("anonymous") || type.equals("unknown")) {
            return Optional.empty();
        }
        String status = u.get("accountStatus") == null ? cloudStatus(accountId) : str(u.get("accountStatus"));
        boolean active = status == null || status.equalsIgnoreCase("active");
        if (u.get("active") instanceof Boolean b && !b) {
            active = false; // Data Center style flag, when present
        }
        boolean app = "app".equals(str(u.get("accountType")));
        String name = str(u.get("displayName"));
        return Optional.of(new Account(accountId, name.isEmpty() ? accountId : name, active, app));
    }

    /** Cloud reports deactivation in REST v2 users-bulk; null when it cannot be read there. */
    private String cloudStatus(String accountId) {
        if (client.flavour() != Flavour.CLOUD) {
            return null;
        }
        HttpRequest req = HttpRequest.post(
                        "/api/v2/users-bulk",
                        RequestBody.json("{\"accountIds\":[" + rest.json().toJson(accountId) + "]}"))
                .newBuilder()
                .header("Accept", "application/json")
                .build();
        try {
            Map<String, Object> r = object(rest.executeJson(req, Map.class), "users-bulk");
            if (r.get("results") instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Map<?, ?> m && accountId.equals(m.get("accountId"))) {
                        return str(m.get("accountStatus"));
                    }
                }
            }
            return "unknown"; // Confluence answered but does not know the account: not active
        } catch (NotFoundException e) {
            return null; // endpoint not served (older sites, emulators): rely on REST v1
        }
    }

    @Override
    public Set<String> groupNames(String accountId) {
        Set<String> names = new LinkedHashSet<>();
        for (Group g : client.users().groupsOf(new User(accountId, null, accountId, null, null))) {
            names.add(g.name());
        }
        return names;
    }

    @Override
    public String currentAccountId() {
        return client.users().current().accountId();
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
