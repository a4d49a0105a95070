package dev.conftekton.tekton.interceptor;

import dev.conftekton.tekton.interceptor.internal.JsonTree;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The parts of a Confluence Data Center webhook payload that the interceptor checks and passes on.
 *
 * <p>Assumed payload shape (Confluence Data Center 7.7+ webhooks): a JSON object with {@code event}
 * (for example {@code page_updated}), {@code timestamp} (epoch milliseconds), {@code userKey} (the
 * acting user) and the entity: {@code page} (or {@code blog}, {@code content}; for comment and
 * attachment events their {@code container}). The entity carries at least {@code id} (a number or
 * a string of digits); {@code spaceKey} (or {@code space.key}), {@code title}, {@code version}
 * (a number or {@code {number}}), {@code self} (its URL), {@code creatorKey}/{@code
 * lastModifierKey} and {@code labels} are used when present (for comments: {@code comment.parent}
 * or {@code comment.container}, the page the comment is on). Real deliveries are often minimal
 * ({@code {"page":{"id":1015809}}}), so every field but the event type may be missing.
 *
 * @param type the event type, for example {@code page_updated}
 * @param timestamp when Confluence says the event happened, if it said
 * @param pageId the page (or blog post) id, empty for events without one (space events)
 * @param spaceKey the space key, empty when the payload does not carry it
 * @param title the title, empty when not carried
 * @param version the content version, 0 when not carried
 * @param author the acting user's key (or the last modifier), empty when not carried
 * @param pageUrl the page URL from the payload (absolute, or a path starting with {@code /}), empty
 *     when not carried
 * @param labels the labels the payload carries, empty when none
 */
public record ConfluenceEvent(
        String type,
        Optional<Instant> timestamp,
        String pageId,
        String spaceKey,
        String title,
        long version,
        String author,
        String pageUrl,
        List<String> labels) {

    /** The Confluence Data Center webhook events. */
    public static final Set<String> KNOWN_TYPES = Set.of(
            "attachment_created",
            "attachment_removed",
            "attachment_restored",
            "attachment_trashed",
            "attachment_updated",
            "blog_created",
            "blog_removed",
            "blog_restored",
            "blog_trashed",
            "blog_updated",
            "blueprint_page_created",
            "comment_created",
            "comment_removed",
            "comment_updated",
            "content_created",
            "content_restored",
            "content_trashed",
            "content_updated",
            "content_permissions_updated",
            "group_created",
            "group_removed",
            "label_added",
            "label_created",
            "label_deleted",
            "label_removed",
            "page_children_reordered",
            "page_created",
            "page_moved",
            "page_removed",
            "page_restored",
            "page_trashed",
            "page_updated",
            "space_created",
            "space_logo_updated",
            "space_permissions_updated",
            "space_removed",
            "space_updated",
            "theme_enabled",
            "user_created",
            "user_deactivated",
            "user_followed",
            "user_reactivated",
            "user_removed");

    static final int MAX_TITLE = 1024;
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,20}");
    private static final Pattern SPACE_KEY = Pattern.compile("~?[A-Za-z0-9_.@-]{1,255}");

    public ConfluenceEvent {
        Objects.requireNonNull(type, "type");
        timestamp = timestamp == null ? Optional.empty() : timestamp;
        pageId = Objects.requireNonNullElse(pageId, "");
        spaceKey = Objects.requireNonNullElse(spaceKey, "");
        title = Objects.requireNonNullElse(title, "");
        author = Objects.requireNonNullElse(author, "");
        pageUrl = Objects.requireNonNullElse(pageUrl, "");
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /**
     * Reads a webhook body.
     *
     * @throws IllegalArgumentException saying what is wrong: not JSON, not an object, no or an
     *     unknown {@code event}, an id that is not digits, a malformed space key or timestamp
     */
    public static ConfluenceEvent parse(String body) {
        Object root;
        try {
            root = JsonTree.parse(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the webhook body is not valid JSON: " + e.getMessage());
        }
        Map<String, Object> object = JsonTree.object(root)
                .orElseThrow(() -> new IllegalArgumentException("the webhook body is not a JSON object"));
        Object eventValue = object.get("event");
        if (!(eventValue instanceof String type) || type.isEmpty()) {
            throw new IllegalArgumentException("the webhook body has no \"event\" field");
        }
        if (!KNOWN_TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown Confluence event '" + shorten(type) + "'");
        }
        Optional<Instant> timestamp = Optional.empty();
        if (object.containsKey("timestamp")) {
            if (!(object.get("timestamp") instanceof Number n)
                    || !Double.isFinite(n.doubleValue())
                    || n.doubleValue() < 0
                    || n.doubleValue() > 1e14) {
                throw new IllegalArgumentException("\"timestamp\" must be epoch milliseconds");
            }
            timestamp = Optional.of(Instant.ofEpochMilli(n.longValue()));
        }
        Object entity = entity(object);
        String pageId = JsonTree.at(entity, "id").flatMap(JsonTree::scalarText).orElse("");
        if (!pageId.isEmpty() && !DIGITS.matcher(pageId).matches()) {
            throw new IllegalArgumentException("the content id must be digits, got '" + shorten(pageId) + "'");
        }
        if (pageId.isEmpty() && (type.startsWith("page_") || type.startsWith("blog_"))) {
            throw new IllegalArgumentException("a " + type + " event must carry the page id");
        }
        String spaceKey = text(entity, "spaceKey")
                .or(() -> text(entity, "space", "key"))
                .or(() -> text(object, "space", "key"))
                .orElse("");
        if (!spaceKey.isEmpty() && !SPACE_KEY.matcher(spaceKey).matches()) {
            throw new IllegalArgumentException("malformed space key '" + shorten(spaceKey) + "'");
        }
        String title = text(entity, "title").orElse("");
        if (title.length() > MAX_TITLE) {
            throw new IllegalArgumentException("the title is longer than " + MAX_TITLE + " characters");
        }
        long version = JsonTree.at(entity, "version")
                .or(() -> JsonTree.at(entity, "version", "number"))
                .flatMap(v -> v instanceof Map<?, ?> ? JsonTree.at(v, "number") : Optional.of(v))
                .filter(v -> v instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() < 1e12)
                .map(v -> ((Number) v).longValue())
                .orElse(0L);
        String author = text(object, "userKey")
                .or(() -> text(entity, "lastModifierKey"))
                .or(() -> text(entity, "creatorKey"))
                .orElse("");
        String url = text(entity, "self").orElse("");
        // absolute, or a path relative to the Confluence base URL (resolved by the interceptor)
        if (!url.isEmpty() && !(url.startsWith("https://") || url.startsWith("http://") || url.startsWith("/"))) {
            url = "";
        }
        List<String> labels = new ArrayList<>();
        JsonTree.at(entity, "labels").flatMap(JsonTree::array).ifPresent(list -> {
            for (Object o : list) {
                (o instanceof String s ? Optional.of(s) : text(o, "name")).ifPresent(labels::add);
            }
        });
        text(object, "label", "name").ifPresent(labels::add);
        return new ConfluenceEvent(
                type, timestamp, pageId, spaceKey, title, version, shorten(author), shorten(url), labels);
    }

    private static Object entity(Map<String, Object> root) {
        for (String key : List.of("page", "blog", "blogpost", "content")) {
            if (JsonTree.object(root.get(key)).isPresent()) {
                return root.get(key);
            }
        }
        for (String key : List.of("comment", "attachment")) {
            for (String holder : List.of("container", "parent")) {
                Optional<Object> container = JsonTree.at(root, key, holder);
                if (container.flatMap(JsonTree::object).isPresent()) {
                    return container.get();
                }
            }
        }
        return Map.of();
    }

    private static Optional<String> text(Object root, String... path) {
        return JsonTree.at(root, path).flatMap(JsonTree::scalarText).filter(s -> !s.isEmpty());
    }

    static String shorten(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
