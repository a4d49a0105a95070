package dev.conftekton.testkit.confluence.internal;

import dev.conftekton.testkit.confluence.internal.Model.Content;
import dev.conftekton.testkit.confluence.internal.Model.User;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Data Center webhooks ({@code /rest/api/webhooks}), delivered asynchronously with an HMAC signature. */
final class Webhooks {
    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
    static final Set<String> EVENTS = Set.of("page_created", "page_updated", "page_trashed", "comment_created");

    private final Store store;
    private final Map<Long, Hook> hooks = new LinkedHashMap<>();
    private long nextId = 1;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "confluence-emulator-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .executor(sender)
            .build();

    private static final class Hook {
        final long id;
        String name;
        String url;
        List<String> events;
        boolean active;
        String secret;
        final Instant created;
        Instant updated;

        Hook(long id, Instant created) {
            this.id = id;
            this.created = created;
        }
    }

    Webhooks(Store store) {
        this.store = store;
    }

    void register(Router r) {
        Router.Style s = Router.Style.V1;
        r.add("GET", "/rest/api/webhooks", s, true, this::list);
        r.add("POST", "/rest/api/webhooks", s, true, this::create);
        r.add("GET", "/rest/api/webhooks/{id}", s, true, this::get);
        r.add("PUT", "/rest/api/webhooks/{id}", s, true, this::update);
        r.add("DELETE", "/rest/api/webhooks/{id}", s, true, this::delete);
    }

    void close() {
        sender.shutdownNow();
    }

    private void requireAdmin(Req req) {
        boolean admin = store.read(() -> store.spaces.values().stream().anyMatch(sp -> {
            var a = store.access(req.user, sp);
            return a != null && a.grants(dev.conftekton.testkit.confluence.SpaceAccess.ADMIN);
        }));
        if (!admin) {
            throw ApiError.forbidden("Managing webhooks needs admin permission (admin of at least one space here).");
        }
    }

    private Map<String, Object> json(Hook h) {
        Map<String, Object> o = Json.obj();
        o.put("id", h.id);
        o.put("name", h.name);
        o.put("createdDate", h.created.toEpochMilli());
        o.put("updatedDate", h.updated.toEpochMilli());
        o.put("events", h.events);
        o.put("configuration", h.secret == null ? Json.obj() : Json.obj("secret", "********"));
        o.put("url", h.url);
        o.put("active", h.active);
        return o;
    }

    private Resp list(Req req) {
        requireAdmin(req);
        synchronized (hooks) {
            List<Object> values = new ArrayList<>();
            hooks.values().forEach(h -> values.add(json(h)));
            return Resp.ok(Json.obj(
                    "size", values.size(), "limit", values.size(), "isLastPage", true, "values", values, "start", 0));
        }
    }

    private Resp get(Req req) {
        requireAdmin(req);
        synchronized (hooks) {
            return Resp.ok(json(find(req)));
        }
    }

    private Hook find(Req req) {
        try {
            Hook h = hooks.get(Long.parseLong(req.var("id")));
            if (h != null) {
                return h;
            }
        } catch (NumberFormatException e) {
            // not found below
        }
        throw ApiError.notFound("No webhook with id " + req.var("id"));
    }

    private Resp create(Req req) {
        requireAdmin(req);
        Map<String, Object> body = req.json();
        synchronized (hooks) {
            Hook h = new Hook(nextId++, store.clock.instant());
            apply(h, body, true);
            hooks.put(h.id, h);
            return Resp.json(201, json(h));
        }
    }

    private Resp update(Req req) {
        requireAdmin(req);
        Map<String, Object> body = req.json();
        synchronized (hooks) {
            Hook h = find(req);
            apply(h, body, false);
            return Resp.ok(json(h));
        }
    }

    private Resp delete(Req req) {
        requireAdmin(req);
        synchronized (hooks) {
            hooks.remove(find(req).id);
            return Resp.noContent();
        }
    }

    @SuppressWarnings("unchecked")
    private void apply(Hook h, Map<String, Object> body, boolean creating) {
        String name = Json.string(body, "name");
        String url = Json.string(body, "url");
        Object events = body.get("events");
        if (creating && (name == null || url == null || events == null)) {
            throw ApiError.badRequest("A webhook needs name, url and events.");
        }
        if (url != null) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("Webhook url is not a valid URI: " + url);
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw ApiError.badRequest("Webhook url must be an absolute http(s) URL: " + url);
            }
            h.url = url;
        }
        if (name != null) {
            h.name = name;
        }
        if (events != null) {
            if (!(events instanceof List<?> list) || list.isEmpty()) {
                throw ApiError.badRequest("events must be a non-empty list, e.g. [\"page_created\"].");
            }
            for (Object e : list) {
                if (!(e instanceof String s) || !EVENTS.contains(s)) {
                    throw ApiError.badRequest("Unsupported webhook event '" + e + "'; supported: " + EVENTS);
                }
            }
            h.events = List.copyOf((List<String>) events);
        }
        Object active = body.get("active");
        if (active instanceof Boolean b) {
            h.active = b;
        } else if (creating) {
            h.active = true;
        }
        Map<String, Object> config = Json.object(body, "configuration");
        if (config != null && config.containsKey("secret")) {
            String secret = Json.string(config, "secret");
            h.secret = secret == null || secret.isEmpty() ? null : secret;
        }
        h.updated = store.clock.instant();
    }

    /** Queues delivery of an event; called under the store's lock, so the payload is consistent. */
    void fire(String event, Content c, User user) {
        List<Hook> targets = new ArrayList<>();
        synchronized (hooks) {
            for (Hook h : hooks.values()) {
                if (h.active && h.events.contains(event)) {
                    targets.add(h);
                }
            }
        }
        if (targets.isEmpty()) {
            return;
        }
        long now = store.clock.millis();
        Map<String, Object> payload =
                Json.obj("timestamp", now, "event", event, "userKey", user.accountId, "userAccountId", user.accountId);
        if (c.type == Model.Type.COMMENT) {
            Content page = store.contents.get(c.parentId);
            payload.put(
                    "comment",
                    Json.obj(
                            "id",
                            Long.parseLong(c.id),
                            "spaceKey",
                            c.space.key,
                            "creatorKey",
                            c.creatorId,
                            "creationDate",
                            c.createdAt.toEpochMilli(),
                            "version",
                            c.version().number,
                            "parent",
                            page == null ? null : entity(page),
                            "self",
                            "/pages/viewpage.action?pageId=" + c.parentId + "&focusedCommentId=" + c.id));
        } else {
            payload.put("page", entity(c));
        }
        byte[] body = Json.write(payload);
        for (Hook h : targets) {
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(h.url))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("X-Event-Key", event)
                    .header("X-Request-Id", java.util.UUID.randomUUID().toString())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (h.secret != null) {
                rb.header("X-Hub-Signature", "sha256=" + hmac(h.secret, body));
            }
            HttpRequest request = rb.build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((resp, err) -> {
                if (err != null) {
                    LOG.debug(
                            "Webhook {} delivery to {} failed: {}",
                            h.id,
                            request.uri().getHost(),
                            err.toString());
                }
            });
        }
    }

    private static Map<String, Object> entity(Content c) {
        return Json.obj(
                "id",
                Long.parseLong(c.id),
                "spaceKey",
                c.space.key,
                "title",
                c.title,
                "creatorKey",
                c.creatorId,
                "lastModifierKey",
                c.version().authorId,
                "creationDate",
                c.createdAt.toEpochMilli(),
                "modificationDate",
                c.lastModified().toEpochMilli(),
                "version",
                c.version().number,
                "self",
                "/pages/viewpage.action?pageId=" + c.id);
    }

    static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
