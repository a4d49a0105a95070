package dev.conftekton.testkit.confluence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The initial state of a {@link ConfluenceEmulator}: users, groups, spaces with permissions, and pages.
 *
 * <p>Built in code or read from a YAML or JSON file (JSON is YAML); {@link ConfluenceEmulator#seedExample()} is a
 * documented example of the file format.
 *
 * <pre>{@code
 * EmulatorSeed seed = EmulatorSeed.builder()
 *     .user(EmulatorUser.of("557058:alice", "Alice", "alice@example.com", "alice-token", "alice-pat"))
 *     .group("approvers", "alice@example.com")
 *     .space(new EmulatorSeed.Space("DEV", "Development")
 *         .withUser("alice@example.com", SpaceAccess.ADMIN)
 *         .withGroup("approvers", SpaceAccess.COMMENT)
 *         .withPage(EmulatorSeed.Page.of("Runbook", "<p>Steps</p>", "alice@example.com")))
 *     .build();
 * }</pre>
 */
public final class EmulatorSeed {
    /** The largest seed file read (3 MiB, SnakeYAML's default document limit). */
    static final int MAX_SEED_BYTES = 3 * 1024 * 1024;
    /** How deep {@code children} may nest in a seed file. */
    static final int MAX_PAGE_DEPTH = 30;

    private final List<EmulatorUser> users;
    private final Map<String, List<String>> groups;
    private final List<Space> spaces;

    private EmulatorSeed(Builder b) {
        this.users = List.copyOf(b.users);
        this.groups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.groups));
        this.spaces = List.copyOf(b.spaces);
        validate();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An empty seed: no users, so every API request answers 401. */
    public static EmulatorSeed empty() {
        return builder().build();
    }

    /** The seed of {@link ConfluenceEmulator#seedExample()}. */
    public static EmulatorSeed example() {
        return parse(ConfluenceEmulator.seedExample(), "seed example");
    }

    /** Reads a YAML or JSON seed file; errors name the file and, for syntax errors, the line. */
    public static EmulatorSeed fromFile(Path file) {
        Objects.requireNonNull(file, "file");
        String text;
        try (InputStream in = Files.newInputStream(file)) {
            // bounded: a huge file (or /dev/zero) is refused instead of filling the heap
            byte[] bytes = in.readNBytes(MAX_SEED_BYTES + 1);
            if (bytes.length > MAX_SEED_BYTES) {
                throw new IllegalArgumentException(
                        "Seed file " + file + " is larger than " + MAX_SEED_BYTES + " bytes; that is not a seed");
            }
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Seed file " + file + " is not UTF-8 text", e);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Cannot read seed file " + file + ": no such file", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read seed file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses YAML or JSON seed text; {@code source} names it in error messages. */
    public static EmulatorSeed parse(String text, String source) {
        Objects.requireNonNull(text, "text");
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(20);
            options.setCodePointLimit(MAX_SEED_BYTES);
            root = new Yaml(new SafeConstructor(options)).load(text);
        } catch (YAMLException e) {
            throw new IllegalArgumentException("Seed " + source + " is not valid YAML/JSON: " + e.getMessage(), e);
        }
        if (root == null) {
            return empty();
        }
        try {
            return fromTree(root);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("Seed " + source + " is invalid: " + e.getMessage(), e);
        }
    }

    public List<EmulatorUser> users() {
        return users;
    }

    /** Group name to members (account ids or emails). */
    public Map<String, List<String>> groups() {
        return groups;
    }

    public List<Space> spaces() {
        return spaces;
    }

    private void validate() {
        Set<String> ids = new HashSet<>();
        Set<String> emails = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        for (EmulatorUser u : users) {
            if (!ids.add(u.accountId())) {
                throw new IllegalArgumentException("Duplicate user accountId " + u.accountId());
            }
            if (!emails.add(u.email().toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("Duplicate user email " + u.email());
            }
            if (u.personalAccessToken() != null && !secrets.add(u.personalAccessToken())) {
                throw new IllegalArgumentException(
                        "Two users share a personal access token (user " + u.accountId() + "); tokens must be unique");
            }
        }
        for (Map.Entry<String, List<String>> g : groups.entrySet()) {
            for (String member : g.getValue()) {
                requireUser(member, "group " + g.getKey());
            }
        }
        Set<String> keys = new HashSet<>();
        for (Space s : spaces) {
            if (!keys.add(s.key())) {
                throw new IllegalArgumentException("Duplicate space key " + s.key());
            }
            s.users().keySet().forEach(u -> requireUser(u, "permissions of space " + s.key()));
            for (String g : s.groups().keySet()) {
                if (!groups.containsKey(g)) {
                    throw new IllegalArgumentException("Space " + s.key() + " grants permissions to unknown group '" + g
                            + "'; declare it under groups");
                }
            }
            checkPages(s.key(), s.pages(), new HashSet<>());
        }
    }

    private void checkPages(String spaceKey, List<Page> pages, Set<String> titles) {
        for (Page p : pages) {
            if (!titles.add(p.title())) {
                throw new IllegalArgumentException(
                        "Space " + spaceKey + " has two pages titled '" + p.title() + "'; titles are unique per space");
            }
            if (p.author() != null) {
                requireUser(p.author(), "author of page '" + p.title() + "'");
            }
            checkPages(spaceKey, p.children(), titles);
        }
    }

    /** Resolves an account id or email (case-insensitive) to a user. */
    EmulatorUser requireUser(String ref, String where) {
        for (EmulatorUser u : users) {
            if (u.accountId().equals(ref) || u.email().equalsIgnoreCase(ref)) {
                return u;
            }
        }
        throw new IllegalArgumentException(
                "Unknown user '" + ref + "' in " + where + "; use the accountId or email of a user under users");
    }

    /**
     * A space and who may do what in it.
     *
     * @param key space key, letters and digits (e.g. {@code DEV})
     * @param name display name
     * @param users account id or email to permissions
     * @param groups group name to permissions
     * @param pages top-level pages (children of the space home page)
     */
    public record Space(
            String key,
            String name,
            Map<String, Set<SpaceAccess>> users,
            Map<String, Set<SpaceAccess>> groups,
            List<Page> pages) {
        public Space {
            Objects.requireNonNull(key, "key");
            if (!key.matches("[A-Za-z0-9]{1,255}")) {
                throw new IllegalArgumentException("Space key '" + key + "' must be letters and digits only");
            }
            name = name == null || name.isBlank() ? key : name;
            users = copy(users);
            groups = copy(groups);
            pages = pages == null ? List.of() : List.copyOf(pages);
        }

        public Space(String key, String name) {
            this(key, name, Map.of(), Map.of(), List.of());
        }

        public Space withUser(String accountIdOrEmail, SpaceAccess access) {
            Map<String, Set<SpaceAccess>> m = new LinkedHashMap<>(users);
            m.merge(accountIdOrEmail, Set.of(access), EmulatorSeed::union);
            return new Space(key, name, m, groups, pages);
        }

        public Space withGroup(String group, SpaceAccess access) {
            Map<String, Set<SpaceAccess>> m = new LinkedHashMap<>(groups);
            m.merge(group, Set.of(access), EmulatorSeed::union);
            return new Space(key, name, users, m, pages);
        }

        public Space withPage(Page page) {
            List<Page> list = new ArrayList<>(pages);
            list.add(page);
            return new Space(key, name, users, groups, list);
        }

        private static Map<String, Set<SpaceAccess>> copy(Map<String, Set<SpaceAccess>> in) {
            Map<String, Set<SpaceAccess>> out = new LinkedHashMap<>();
            if (in != null) {
                in.forEach((k, v) -> out.put(k, Set.copyOf(v)));
            }
            return java.util.Collections.unmodifiableMap(out);
        }
    }

    /**
     * A page with its storage-format body.
     *
     * @param title unique in its space
     * @param body Confluence storage format (XHTML)
     * @param author account id or email; {@code null} means the first user of the seed
     * @param labels global labels
     * @param children child pages
     */
    public record Page(String title, String body, String author, List<String> labels, List<Page> children) {
        public Page {
            Objects.requireNonNull(title, "title");
            if (title.isBlank()) {
                throw new IllegalArgumentException("Page title must not be blank");
            }
            body = body == null ? "" : body;
            labels = labels == null ? List.of() : List.copyOf(labels);
            children = children == null ? List.of() : List.copyOf(children);
        }

        public static Page of(String title, String body, String author) {
            return new Page(title, body, author, List.of(), List.of());
        }

        public Page withChild(Page child) {
            List<Page> list = new ArrayList<>(children);
            list.add(child);
            return new Page(title, body, author, labels, list);
        }

        public Page withLabels(String... names) {
            return new Page(title, body, author, List.of(names), children);
        }
    }

    /** Collects users, groups and spaces; {@link #build()} checks every reference. */
    public static final class Builder {
        private final List<EmulatorUser> users = new ArrayList<>();
        private final Map<String, List<String>> groups = new LinkedHashMap<>();
        private final List<Space> spaces = new ArrayList<>();

        private Builder() {}

        public Builder user(EmulatorUser user) {
            users.add(Objects.requireNonNull(user, "user"));
            return this;
        }

        /** Declares a group; members are account ids or emails of users. */
        public Builder group(String name, String... members) {
            Objects.requireNonNull(name, "name");
            groups.computeIfAbsent(name, k -> new ArrayList<>()).addAll(List.of(members));
            return this;
        }

        public Builder space(Space space) {
            spaces.add(Objects.requireNonNull(space, "space"));
            return this;
        }

        public EmulatorSeed build() {
            Map<String, List<String>> frozen = new LinkedHashMap<>();
            groups.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
            groups.clear();
            groups.putAll(frozen);
            return new EmulatorSeed(this);
        }
    }

    private static Set<SpaceAccess> union(Set<SpaceAccess> a, Set<SpaceAccess> b) {
        EnumSet<SpaceAccess> s = EnumSet.noneOf(SpaceAccess.class);
        s.addAll(a);
        s.addAll(b);
        return s;
    }

    // ---- reading the YAML/JSON tree ----

    private static EmulatorSeed fromTree(Object root) {
        Map<String, Object> top = map(root, "the document");
        allowOnly(top, "the document", "users", "groups", "spaces");
        Builder b = builder();
        List<Object> users = list(top.get("users"), "users");
        for (int i = 0; i < users.size(); i++) {
            String where = "users[" + i + "]";
            Map<String, Object> u = map(users.get(i), where);
            allowOnly(u, where, "accountId", "displayName", "email", "apiToken", "personalAccessToken", "active");
            Object active = u.getOrDefault("active", Boolean.TRUE);
            if (!(active instanceof Boolean)) {
                throw new IllegalArgumentException(where + ".active must be true or false");
            }
            b.user(new EmulatorUser(
                    str(u, "accountId", where, true),
                    str(u, "displayName", where, false),
                    str(u, "email", where, true),
                    str(u, "apiToken", where, false),
                    str(u, "personalAccessToken", where, false),
                    (Boolean) active));
        }
        List<Object> groups = list(top.get("groups"), "groups");
        for (int i = 0; i < groups.size(); i++) {
            String where = "groups[" + i + "]";
            Map<String, Object> g = map(groups.get(i), where);
            allowOnly(g, where, "name", "members");
            List<String> members = strings(g.get("members"), where + ".members");
            b.group(str(g, "name", where, true), members.toArray(String[]::new));
        }
        List<Object> spaces = list(top.get("spaces"), "spaces");
        for (int i = 0; i < spaces.size(); i++) {
            String where = "spaces[" + i + "]";
            Map<String, Object> s = map(spaces.get(i), where);
            allowOnly(s, where, "key", "name", "permissions", "pages");
            Map<String, Set<SpaceAccess>> users2 = new LinkedHashMap<>();
            Map<String, Set<SpaceAccess>> groups2 = new LinkedHashMap<>();
            if (s.get("permissions") != null) {
                Map<String, Object> p = map(s.get("permissions"), where + ".permissions");
                allowOnly(p, where + ".permissions", "users", "groups");
                grants(p.get("users"), where + ".permissions.users", users2);
                grants(p.get("groups"), where + ".permissions.groups", groups2);
            }
            b.space(new Space(
                    str(s, "key", where, true),
                    str(s, "name", where, false),
                    users2,
                    groups2,
                    pages(s.get("pages"), where + ".pages", 1)));
        }
        return b.build();
    }

    private static void grants(Object node, String where, Map<String, Set<SpaceAccess>> out) {
        if (node == null) {
            return;
        }
        map(node, where).forEach((principal, perms) -> {
            EnumSet<SpaceAccess> set = EnumSet.noneOf(SpaceAccess.class);
            for (String p : strings(perms, where + "." + principal)) {
                set.add(SpaceAccess.parse(p));
            }
            out.put(principal, set);
        });
    }

    private static List<Page> pages(Object node, String where, int depth) {
        if (depth > MAX_PAGE_DEPTH) {
            // also what a page that is its own child through a YAML alias (&p ... children: [*p]) comes to
            throw new IllegalArgumentException(
                    where + ": pages nest deeper than " + MAX_PAGE_DEPTH + " levels (is a page its own descendant?)");
        }
        List<Page> out = new ArrayList<>();
        List<Object> items = list(node, where);
        for (int i = 0; i < items.size(); i++) {
            String w = where + "[" + i + "]";
            Map<String, Object> p = map(items.get(i), w);
            allowOnly(p, w, "title", "body", "author", "labels", "children");
            out.add(new Page(
                    str(p, "title", w, true),
                    str(p, "body", w, false),
                    str(p, "author", w, false),
                    strings(p.get("labels"), w + ".labels"),
                    pages(p.get("children"), w + ".children", depth + 1)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String where) {
        if (!(node instanceof Map)) {
            throw new IllegalArgumentException(where + " must be a mapping (key: value)");
        }
        Map<Object, Object> raw = (Map<Object, Object>) node;
        Map<String, Object> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node, String where) {
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof List)) {
            throw new IllegalArgumentException(where + " must be a list");
        }
        return (List<Object>) node;
    }

    private static List<String> strings(Object node, String where) {
        List<String> out = new ArrayList<>();
        for (Object o : list(node, where)) {
            if (o == null || o instanceof Map || o instanceof List) {
                throw new IllegalArgumentException(where + " must be a list of strings");
            }
            out.add(String.valueOf(o));
        }
        return out;
    }

    private static String str(Map<String, Object> m, String key, String where, boolean required) {
        Object v = m.get(key);
        if (v == null) {
            if (required) {
                throw new IllegalArgumentException(where + "." + key + " is required");
            }
            return null;
        }
        if (v instanceof Map || v instanceof List) {
            throw new IllegalArgumentException(where + "." + key + " must be a string");
        }
        return String.valueOf(v);
    }

    private static void allowOnly(Map<String, Object> m, String where, String... keys) {
        Set<String> allowed = Set.of(keys);
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException(
                        where + " has unknown field '" + k + "'; allowed: " + String.join(", ", keys));
            }
        }
    }
}
