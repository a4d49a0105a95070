package dev.conftekton.confluence.publish;

import dev.conftekton.confluence.publish.PublishPlanner.ExistingPage;
import dev.conftekton.core.error.DecodingException;
import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.HttpResponse;
import dev.conftekton.core.http.MultipartBody;
import dev.conftekton.core.http.RequestBody;
import dev.conftekton.core.http.RestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link PublishTarget} over Confluence's REST API v1 (Cloud under {@code /wiki}, Data Center at the
 * context path): CQL {@code content/search} with version, ancestors, labels and the publish
 * property expanded (200 pages per request), {@code content} create/update with a version message,
 * content properties by key, multi-file attachment upload and labels.
 *
 * <pre>{@code
 * RestClient rest = RestClient.builder().baseUrl("https://example.atlassian.net/wiki")
 *         .tokenSource(tokens).build();
 * PublishTarget target = new ConfluencePublishTarget(rest);
 * }</pre>
 *
 * <p>The {@code RestClient}'s base URL is the site's API root: {@code https://SITE/wiki} on Cloud,
 * the context path (for example {@code https://HOST/confluence}) on Data Center.
 */
public final class ConfluencePublishTarget implements PublishTarget {
    static final int SEARCH_LIMIT = 200;
    private static final String EXPAND =
            "version,ancestors,metadata.labels,metadata.properties." + PublishState.PROPERTY_KEY;

    private final RestClient rest;

    public ConfluencePublishTarget(RestClient rest) {
        this.rest = Objects.requireNonNull(rest, "rest");
    }

    @Override
    public Root rootPage(String pageId) {
        Map<String, Object> c = getJson(HttpRequest.get("rest/api/content/" + enc(pageId))
                .newBuilder()
                .query("expand", "space")
                .build());
        return new Root(str(c, "id"), str(c, "title"), str(obj(c, "space"), "key"));
    }

    @Override
    public Root spaceHome(String spaceKey) {
        Map<String, Object> s = getJson(HttpRequest.get("rest/api/space/" + enc(spaceKey))
                .newBuilder()
                .query("expand", "homepage")
                .build());
        Map<String, Object> home = obj(s, "homepage");
        if (home == null || str(home, "id") == null) {
            throw new PublishException("space " + spaceKey + " has no home page; give --root-page-id instead");
        }
        return new Root(str(home, "id"), str(home, "title"), spaceKey);
    }

    @Override
    public List<RemotePage> readTree(String rootId) {
        List<RemotePage> pages = new ArrayList<>();
        HttpRequest request = HttpRequest.get("rest/api/content/search")
                .newBuilder()
                .query("cql", "ancestor = " + rootId + " and type = page order by id")
                .query("expand", EXPAND)
                .query("limit", Integer.toString(SEARCH_LIMIT))
                .build();
        while (request != null) {
            Map<String, Object> page = getJson(request);
            for (Object o : list(page, "results")) {
                pages.add(remotePage(asMap(o)));
            }
            String next = str(obj(page, "_links"), "next");
            request = next == null || list(page, "results").isEmpty() ? null : HttpRequest.get(next);
        }
        return pages;
    }

    private RemotePage remotePage(Map<String, Object> c) {
        Map<String, Object> version = obj(c, "version");
        Map<String, Object> by = version == null ? null : obj(version, "by");
        List<Object> ancestors = list(c, "ancestors");
        Optional<String> parent = ancestors.isEmpty()
                ? Optional.empty()
                : Optional.ofNullable(str(asMap(ancestors.get(ancestors.size() - 1)), "id"));
        Map<String, Object> metadata = obj(c, "metadata");
        List<String> labels = new ArrayList<>();
        Optional<PublishState> state = Optional.empty();
        int stateVersion = 0;
        if (metadata != null) {
            Map<String, Object> l = obj(metadata, "labels");
            if (l != null) {
                for (Object o : list(l, "results")) {
                    String name = str(asMap(o), "name");
                    if (name != null) {
                        labels.add(name);
                    }
                }
            }
            Map<String, Object> props = obj(metadata, "properties");
            Map<String, Object> prop = props == null ? null : obj(props, PublishState.PROPERTY_KEY);
            if (prop != null && prop.get("value") instanceof Map<?, ?> value) {
                try {
                    state = Optional.of(
                            rest.json().fromJson(rest.json().toJson(value, Object.class), PublishState.class));
                } catch (RuntimeException e) {
                    state = Optional.empty(); // unreadable record: treated as unrecorded, never trusted
                }
                Map<String, Object> pv = obj(prop, "version");
                stateVersion = pv == null ? 1 : num(pv, "number");
            }
        }
        String editor =
                by == null ? null : Optional.ofNullable(str(by, "displayName")).orElse(str(by, "accountId"));
        return new RemotePage(
                str(c, "id"),
                Optional.ofNullable(str(c, "title")).orElse(""),
                parent,
                version == null ? 0 : num(version, "number"),
                editor,
                version == null ? null : str(version, "when"),
                version == null ? null : str(version, "message"),
                labels,
                state,
                stateVersion);
    }

    @Override
    public Map<String, ExistingPage> findTitles(String spaceKey, Set<String> titles) {
        Map<String, ExistingPage> found = new HashMap<>();
        Map<String, String> wanted = new HashMap<>();
        titles.forEach(t -> wanted.put(t.toLowerCase(Locale.ROOT), t));
        List<String> all = new ArrayList<>(titles);
        for (int i = 0; i < all.size(); i += 50) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + 50));
            StringBuilder in = new StringBuilder();
            for (String t : chunk) {
                in.append(in.length() == 0 ? "" : ", ").append(cqlString(t));
            }
            HttpRequest request = HttpRequest.get("rest/api/content/search")
                    .newBuilder()
                    .query("cql", "space = " + cqlString(spaceKey) + " and type = page and title in (" + in + ")")
                    .query("expand", "ancestors")
                    .query("limit", Integer.toString(SEARCH_LIMIT))
                    .build();
            while (request != null) {
                Map<String, Object> page = getJson(request);
                for (Object o : list(page, "results")) {
                    Map<String, Object> c = asMap(o);
                    String title = str(c, "title");
                    String key = title == null ? null : wanted.get(title.toLowerCase(Locale.ROOT));
                    if (key != null) {
                        List<Object> anc = list(c, "ancestors");
                        String where = anc.isEmpty()
                                ? "at the top of space " + spaceKey
                                : "under '" + str(asMap(anc.get(anc.size() - 1)), "title") + "' in space " + spaceKey;
                        found.putIfAbsent(key, new ExistingPage(str(c, "id"), title, where));
                    }
                }
                String next = str(obj(page, "_links"), "next");
                request = next == null || list(page, "results").isEmpty() ? null : HttpRequest.get(next);
            }
        }
        return found;
    }

    @Override
    public Written createPage(String spaceKey, String parentId, String title, String storage, String versionMessage) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "page");
        body.put("title", title);
        body.put("space", Map.of("key", spaceKey));
        body.put("ancestors", List.of(Map.of("id", parentId)));
        body.put("body", Map.of("storage", Map.of("value", storage, "representation", "storage")));
        body.put("version", Map.of("number", 1, "message", versionMessage));
        Map<String, Object> c = sendJson(HttpRequest.post(
                "rest/api/content", RequestBody.json(rest.json().toJson(body, Object.class))));
        Map<String, Object> v = obj(c, "version");
        return new Written(str(c, "id"), v == null ? 1 : num(v, "number"));
    }

    @Override
    public Written updatePage(
            String id, String parentId, String title, String storage, int newVersion, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("type", "page");
        body.put("title", title);
        body.put("ancestors", List.of(Map.of("id", parentId)));
        body.put("body", Map.of("storage", Map.of("value", storage, "representation", "storage")));
        body.put("version", Map.of("number", newVersion, "message", message));
        Map<String, Object> c = sendJson(HttpRequest.put(
                "rest/api/content/" + enc(id), RequestBody.json(rest.json().toJson(body, Object.class))));
        Map<String, Object> v = obj(c, "version");
        return new Written(str(c, "id"), v == null ? newVersion : num(v, "number"));
    }

    @Override
    public void writeState(String pageId, PublishState state, int currentPropertyVersion) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", PublishState.PROPERTY_KEY);
        body.put("value", rest.json().fromJson(rest.json().toJson(state), Map.class));
        body.put("version", Map.of("number", currentPropertyVersion + 1));
        HttpRequest request = HttpRequest.put(
                "rest/api/content/" + enc(pageId) + "/property/" + PublishState.PROPERTY_KEY,
                RequestBody.json(rest.json().toJson(body, Object.class)));
        try (HttpResponse ignored = rest.execute(request)) {
            // 200 with the property
        }
    }

    @Override
    public void uploadAttachments(String pageId, List<SourceAttachment> attachments) {
        if (attachments.isEmpty()) {
            return;
        }
        MultipartBody.Builder mp = MultipartBody.builder();
        for (SourceAttachment a : attachments) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(a.path());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read attachment " + a.path(), e);
            }
            if (!Hashes.sha256(bytes).equals(a.sha256())) {
                throw new PublishException(a.path() + " changed while publishing; run the publish again");
            }
            mp.addFile("file", a.fileName(), contentType(a.fileName()), bytes);
            mp.addField("minorEdit", "true");
        }
        HttpRequest request = HttpRequest.put("rest/api/content/" + enc(pageId) + "/child/attachment", mp.build())
                .newBuilder()
                .header("X-Atlassian-Token", "no-check")
                .build();
        try (HttpResponse ignored = rest.execute(request)) {
            // 200 with the attachments
        }
    }

    @Override
    public void addLabels(String pageId, List<String> labels) {
        if (labels.isEmpty()) {
            return;
        }
        List<Map<String, String>> body =
                labels.stream().map(l -> Map.of("prefix", "global", "name", l)).toList();
        try (HttpResponse ignored = rest.execute(HttpRequest.post(
                "rest/api/content/" + enc(pageId) + "/label",
                RequestBody.json(rest.json().toJson(body, Object.class))))) {
            // 200 with the labels
        }
    }

    @Override
    public void removeLabel(String pageId, String label) {
        try (HttpResponse ignored = rest.execute(HttpRequest.delete("rest/api/content/" + enc(pageId) + "/label")
                .newBuilder()
                .query("name", label)
                .build())) {
            // 204
        }
    }

    @Override
    public void archivePage(String pageId) {
        String body = rest.json().toJson(Map.of("pages", List.of(Map.of("id", Long.parseLong(pageId)))), Object.class);
        try (HttpResponse ignored =
                rest.execute(HttpRequest.post("rest/api/content/archive", RequestBody.json(body)))) {
            // 202 with a long task
        }
    }

    @Override
    public void deletePage(String pageId) {
        try (HttpResponse ignored = rest.execute(HttpRequest.delete("rest/api/content/" + enc(pageId)))) {
            // 204
        }
    }

    @Override
    public String pageUrl(String pageId) {
        String base = rest.baseUrl().toString();
        return (base.endsWith("/") ? base : base + "/") + "pages/viewpage.action?pageId=" + enc(pageId);
    }

    // ------------------------------------------------------------------ JSON helpers

    private Map<String, Object> getJson(HttpRequest request) {
        return sendJson(request);
    }

    private Map<String, Object> sendJson(HttpRequest request) {
        return asMap(rest.executeJson(request, Map.class));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new DecodingException("expected a JSON object from Confluence, got "
                + (o == null ? "null" : o.getClass().getSimpleName()));
    }

    private static Map<String, Object> obj(Map<String, Object> m, String name) {
        Object o = m == null ? null : m.get(name);
        return o instanceof Map<?, ?> ? asMap(o) : null;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> m, String name) {
        Object o = m == null ? null : m.get(name);
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }

    private static String str(Map<String, Object> m, String name) {
        Object o = m == null ? null : m.get(name);
        if (o == null) {
            return null;
        }
        if (o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return Long.toString(n.longValue());
        }
        return o.toString();
    }

    private static int num(Map<String, Object> m, String name) {
        Object o = m.get(name);
        if (o instanceof Number n) {
            return n.intValue();
        }
        if (o instanceof String s) {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new DecodingException("Confluence's answer lacks the number '" + name + "'");
    }

    static String cqlString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String enc(String pathSegment) {
        return java.net.URLEncoder.encode(pathSegment, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    private static String contentType(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".png")) return "image/png";
        if (n.endsWith(".jpg") || n.endsWith(".jpeg")) return "image/jpeg";
        if (n.endsWith(".gif")) return "image/gif";
        if (n.endsWith(".svg")) return "image/svg+xml";
        if (n.endsWith(".webp")) return "image/webp";
        if (n.endsWith(".pdf")) return "application/pdf";
        if (n.endsWith(".txt") || n.endsWith(".log")) return "text/plain";
        if (n.endsWith(".json")) return "application/json";
        return "application/octet-stream";
    }
}
