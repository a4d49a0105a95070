package dev.conftekton.confluence.publish;

import dev.conftekton.confluence.markdown.ConvertedDocument;
import dev.conftekton.confluence.markdown.MarkdownConverter;
import dev.conftekton.confluence.storage.StorageEscaper;
import dev.conftekton.core.error.ConflictException;
import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.HttpResponse;
import dev.conftekton.core.http.RequestBody;
import dev.conftekton.core.http.RestClient;
import dev.conftekton.core.retry.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Build records: a page made from a Markdown template (created or updated by title) and a row
 * appended to the table on a log page. Both survive concurrent runs: a write rejected because the
 * page moved on (409) is re-read and re-applied.
 *
 * <pre>{@code
 * BuildRecords records = BuildRecords.create(rest);
 * String md = BuildRecords.fill(template, Map.of("pipeline_run", "build-42", "status", "Succeeded"));
 * RecordResult page = records.writePage("DEV", parentId, md, Optional.of("sha256:…"));
 * RecordResult log = records.appendRow(logPageId, List.of("Run", "Status"), List.of("build-42", "Succeeded"));
 * }</pre>
 *
 * <p>The record page carries the artifact digest in the content property {@value #RELEASE_PROPERTY}
 * as {@code {"digest":"sha256:<64 hex>","recordedAt":"<ISO-8601>","pageVersion":<n>}}, so an
 * approval given on that page can be bound to exactly that artifact.
 */
public final class BuildRecords {
    /** Content property holding the artifact digest a record page describes. */
    public static final String RELEASE_PROPERTY = "conftekton-release";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.\\-]+)\\s*}}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern TBODY_END = Pattern.compile("</tbody>");
    private static final int MAX_ATTEMPTS = 12;

    private final RestClient rest;
    private final Sleeper sleeper;
    private final MarkdownConverter converter = MarkdownConverter.create();

    private BuildRecords(RestClient rest, Sleeper sleeper) {
        this.rest = Objects.requireNonNull(rest, "rest");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** Records written through {@code rest} (base URL: the site's API root, e.g. {@code https://SITE/wiki}). */
    public static BuildRecords create(RestClient rest) {
        return new BuildRecords(rest, Sleeper.system());
    }

    /** As {@link #create(RestClient)} with the sleeper used between conflict retries (tests pass a no-op). */
    public static BuildRecords create(RestClient rest, Sleeper sleeper) {
        return new BuildRecords(rest, sleeper);
    }

    /**
     * The result of a record write.
     *
     * @param pageId the page
     * @param version its version after the write
     * @param url its URL
     * @param attempts how many read-modify-write rounds it took (more than 1 after conflicts)
     * @param title the page's title
     * @param spaceKey the page's space (null when Confluence did not say)
     */
    public record RecordResult(String pageId, int version, String url, int attempts, String title, String spaceKey) {}

    /**
     * Fills {@code {{name}}} placeholders. Values are inserted as text: Markdown punctuation that
     * could change the structure is escaped and line breaks become spaces.
     *
     * @throws PublishException naming every placeholder without a value, and the names that have one
     */
    public static String fill(String template, Map<String, String> values) {
        return fill(template, values, true);
    }

    /** As {@link #fill(String, Map)} for plain text (a log cell): values are inserted unchanged. */
    public static String fillText(String template, Map<String, String> values) {
        return fill(template, values, false);
    }

    private static String fill(String template, Map<String, String> values, boolean markdown) {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(values, "values");
        Set<String> unknown = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                unknown.add(m.group(1));
                m.appendReplacement(out, "");
            } else {
                m.appendReplacement(out, Matcher.quoteReplacement(markdown ? escapeMarkdown(value) : value));
            }
        }
        m.appendTail(out);
        if (!unknown.isEmpty()) {
            throw new PublishException("the template uses placeholders without a value: " + unknown
                    + "; give them with --set NAME=VALUE (known: " + new TreeSet<>(values.keySet()) + ")");
        }
        return out.toString();
    }

    static String escapeMarkdown(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                sb.append(' ');
            } else if ("\\`*[]<>|!{}".indexOf(c) >= 0) {
                sb.append('\\').append(c);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Creates the record page under {@code parentId}, or updates the page with the same title in
     * the space, from filled Markdown; stores {@code digest} in {@value #RELEASE_PROPERTY}. When the
     * page already holds exactly this content (as written by this method), no new version is made.
     *
     * @param markdown filled Markdown; its front-matter title or first heading is the page title
     * @param digest the artifact digest ({@code sha256:} + 64 lower-case hex digits), if any
     */
    public RecordResult writePage(String spaceKey, String parentId, String markdown, Optional<String> digest) {
        Objects.requireNonNull(spaceKey, "spaceKey");
        Publisher.requirePageId(parentId);
        digest.ifPresent(d -> {
            if (!DIGEST.matcher(d).matches()) {
                throw new PublishException(
                        "the digest '" + d + "' is not sha256: followed by 64 lower-case hex digits");
            }
        });
        ConvertedDocument doc = converter.convert(markdown, "record.md", p -> Optional.empty());
        String title = doc.title()
                .orElseThrow(() -> new PublishException(
                        "the record template has no title: start it with '# Title' or give 'title:' in front matter"));
        String message = PublishPlanner.versionMessage(Hashes.sha256(doc.storage()));
        for (int attempt = 1; ; attempt++) {
            Optional<Map<String, Object>> existing = findByTitle(spaceKey, title);
            try {
                String id;
                int version;
                if (existing.isEmpty()) {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("type", "page");
                    body.put("title", title);
                    body.put("space", Map.of("key", spaceKey));
                    body.put("ancestors", List.of(Map.of("id", parentId)));
                    body.put("body", Map.of("storage", Map.of("value", doc.storage(), "representation", "storage")));
                    Map<String, Object> c = json(HttpRequest.post("rest/api/content", RequestBody.json(toJson(body))));
                    id = str(c.get("id"));
                    version = 1;
                } else if (message.equals(versionMessageOf(existing.get()))
                        || doc.storage().equals(storageOf(existing.get()))) {
                    // the same record written again (a retried step, a reporter re-reporting a run):
                    // no new version, so re-recording is idempotent
                    id = str(existing.get().get("id"));
                    version = versionOf(existing.get());
                } else {
                    Map<String, Object> c = existing.get();
                    id = str(c.get("id"));
                    int current = versionOf(c);
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("type", "page");
                    body.put("title", title);
                    body.put("body", Map.of("storage", Map.of("value", doc.storage(), "representation", "storage")));
                    body.put("version", Map.of("number", current + 1, "message", message));
                    json(HttpRequest.put("rest/api/content/" + id, RequestBody.json(toJson(body))));
                    version = current + 1;
                }
                addLabels(id, doc.labels());
                if (digest.isPresent()) {
                    writeReleaseProperty(id, digest.get(), version);
                }
                return new RecordResult(id, version, pageUrl(id), attempt, title, spaceKey);
            } catch (ConflictException e) {
                backoff(attempt, "the record page '" + title + "'");
            } catch (dev.conftekton.core.error.BadRequestException e) {
                // two runs creating the same title at once: the loser updates the winner's page
                if (existing.isPresent() || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                backoff(attempt, "the record page '" + title + "'");
            }
        }
    }

    /**
     * Appends a row to the first table on the log page (creating the table with {@code header}
     * when the page has none). Concurrent appends are safe: a 409 re-reads the page and re-applies
     * the row; a row already present (a retried request that had succeeded) is not added twice.
     */
    public RecordResult appendRow(String logPageId, List<String> header, List<String> cells) {
        Publisher.requirePageId(logPageId);
        if (cells.isEmpty()) {
            throw new PublishException("the log row has no cells; give at least one --log-cell");
        }
        String row = row("td", cells);
        for (int attempt = 1; ; attempt++) {
            Map<String, Object> c = json(HttpRequest.get("rest/api/content/" + logPageId)
                    .newBuilder()
                    .query("expand", "body.storage,version,space")
                    .build());
            int current = versionOf(c);
            String title = str(c.get("title"));
            String space = c.get("space") instanceof Map<?, ?> sp ? str(sp.get("key")) : null;
            String storage = storageOf(c);
            if (storage.contains(row)) {
                return new RecordResult(logPageId, current, pageUrl(logPageId), attempt, title, space);
            }
            String updated = withRow(storage, header, row);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "page");
            body.put("title", c.get("title"));
            body.put("body", Map.of("storage", Map.of("value", updated, "representation", "storage")));
            body.put("version", Map.of("number", current + 1, "message", "conftekton publish record: row appended"));
            try {
                json(HttpRequest.put("rest/api/content/" + logPageId, RequestBody.json(toJson(body))));
                return new RecordResult(logPageId, current + 1, pageUrl(logPageId), attempt, title, space);
            } catch (ConflictException e) {
                backoff(attempt, "log page " + logPageId);
            }
        }
    }

    static String withRow(String storage, List<String> header, String row) {
        int tableStart = storage.indexOf("<table");
        if (tableStart >= 0) {
            Matcher end = TBODY_END.matcher(storage);
            if (end.find(tableStart)) {
                return storage.substring(0, end.start()) + row + storage.substring(end.start());
            }
        }
        String head = header.isEmpty() ? "" : row("th", header);
        return storage + "<table><tbody>" + head + row + "</tbody></table>";
    }

    private static String row(String cell, List<String> cells) {
        StringBuilder sb = new StringBuilder("<tr>");
        for (String c : cells) {
            sb.append('<')
                    .append(cell)
                    .append('>')
                    .append(StorageEscaper.escapeText(c))
                    .append("</")
                    .append(cell)
                    .append('>');
        }
        return sb.append("</tr>").toString();
    }

    private void writeReleaseProperty(String pageId, String digest, int pageVersion) {
        int current;
        try {
            current = versionOf(json(HttpRequest.get("rest/api/content/" + pageId + "/property/" + RELEASE_PROPERTY)));
        } catch (dev.conftekton.core.error.NotFoundException e) {
            current = 0;
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("digest", digest);
        value.put("recordedAt", Instant.now(rest.clock()).toString());
        value.put("pageVersion", pageVersion);
        Map<String, Object> body =
                Map.of("key", RELEASE_PROPERTY, "value", value, "version", Map.of("number", current + 1));
        json(HttpRequest.put(
                "rest/api/content/" + pageId + "/property/" + RELEASE_PROPERTY, RequestBody.json(toJson(body))));
    }

    private void addLabels(String pageId, List<String> labels) {
        if (labels.isEmpty()) {
            return;
        }
        List<Map<String, String>> body = new ArrayList<>();
        labels.forEach(l -> body.add(Map.of("prefix", "global", "name", l)));
        try (HttpResponse ignored = rest.execute(
                HttpRequest.post("rest/api/content/" + pageId + "/label", RequestBody.json(toJson(body))))) {
            // 200
        }
    }

    @SuppressWarnings("unchecked")
    private Optional<Map<String, Object>> findByTitle(String spaceKey, String title) {
        Map<String, Object> page = json(HttpRequest.get("rest/api/content/search")
                .newBuilder()
                .query(
                        "cql",
                        "space = " + ConfluencePublishTarget.cqlString(spaceKey) + " and type = page and title = "
                                + ConfluencePublishTarget.cqlString(title))
                .query("expand", "version,body.storage")
                .build());
        Object results = page.get("results");
        if (results instanceof List<?> l) {
            for (Object o : l) {
                Map<String, Object> c = (Map<String, Object>) o;
                if (title.equalsIgnoreCase(str(c.get("title")))) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    private void backoff(int attempt, String what) {
        if (attempt >= MAX_ATTEMPTS) {
            throw new PublishException(what + " kept changing while writing (" + attempt
                    + " attempts); too many runs at once? Run the step again");
        }
        long max = Math.min(2000, 50L << Math.min(attempt, 5));
        try {
            sleeper.sleep(Duration.ofMillis(ThreadLocalRandom.current().nextLong(max / 2, max + 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while retrying " + what, e);
        }
    }

    private String pageUrl(String id) {
        String base = rest.baseUrl().toString();
        return (base.endsWith("/") ? base : base + "/") + "pages/viewpage.action?pageId=" + id;
    }

    private String toJson(Object o) {
        return rest.json().toJson(o, Object.class);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> json(HttpRequest request) {
        return rest.executeJson(request, Map.class);
    }

    @SuppressWarnings("unchecked")
    private static int versionOf(Map<String, Object> c) {
        Object v = c.get("version");
        if (v instanceof Map<?, ?> m && m.get("number") instanceof Number n) {
            return n.intValue();
        }
        throw new dev.conftekton.core.error.DecodingException("Confluence's answer lacks version.number");
    }

    private static String versionMessageOf(Map<String, Object> c) {
        return c.get("version") instanceof Map<?, ?> m && m.get("message") instanceof String s ? s : "";
    }

    @SuppressWarnings("unchecked")
    private static String storageOf(Map<String, Object> c) {
        Object body = c.get("body");
        if (body instanceof Map<?, ?> b
                && b.get("storage") instanceof Map<?, ?> s
                && s.get("value") instanceof String v) {
            return v;
        }
        return "";
    }

    private static String str(Object o) {
        if (o instanceof Number n) {
            return Long.toString(n.longValue());
        }
        return o == null ? null : o.toString();
    }
}
