package dev.conftekton.identity.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A resource named in a request or a rule.
 *
 * <p>Request names are strict: {@code confluence:space/KEY}, {@code
 * confluence:space/KEY/page/ID[/ID...]} (the page ids from the tree root down to the page, so that
 * a rule on an ancestor covers it), {@code tekton:namespace/NS}, {@code
 * tekton:namespace/NS/pipeline/NAME}. Empty, {@code .} and {@code ..} segments, encoded characters
 * and anything outside the documented character sets are rejected rather than normalized, so a
 * name can never climb out of the tree it names. Space keys compare case-insensitively, as
 * Confluence resolves them; Kubernetes names are lower-case by definition.
 *
 * <p>Rule patterns have the same shapes with {@code *} in key, namespace or pipeline segments, and
 * a lone {@code *} matches every resource.
 */
final class Resource {
    enum Kind {
        SPACE,
        PAGE,
        NAMESPACE,
        PIPELINE,
        ANY
    }

    private static final Pattern SPACE_KEY = Pattern.compile("[A-Za-z0-9]{1,255}|~[A-Za-z0-9._@:-]{1,255}");
    private static final Pattern SPACE_KEY_GLOB = Pattern.compile("[A-Za-z0-9*]{1,255}|~[A-Za-z0-9._@:*-]{1,255}");
    private static final Pattern PAGE_ID = Pattern.compile("[0-9]{1,20}");
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern NAMESPACE_GLOB = Pattern.compile("[a-z0-9*][-a-z0-9*]{0,62}");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS_SUBDOMAIN_GLOB = Pattern.compile("[a-z0-9*]([-a-z0-9*.]*[a-z0-9*])?");
    private static final int MAX_DEPTH = 64;
    static final String FORMS = "confluence:space/KEY, confluence:space/KEY/page/ID[/ID...],"
            + " tekton:namespace/NS or tekton:namespace/NS/pipeline/NAME";

    final Kind kind;
    final String first; // space key (upper case) or namespace
    final String second; // pipeline name, or null
    final List<String> pages; // page chain (request) or [root id] (pattern)
    final Glob firstGlob;
    final Glob secondGlob;

    private Resource(Kind kind, String first, String second, List<String> pages, boolean pattern) {
        this.kind = kind;
        this.first = first;
        this.second = second;
        this.pages = List.copyOf(pages);
        this.firstGlob = pattern && first != null ? Glob.compile(first) : null;
        this.secondGlob = pattern && second != null ? Glob.compile(second) : null;
    }

    /** Parses a request's resource name; IllegalArgumentException says what is wrong. */
    static Resource parse(String name) {
        return parse(name, false);
    }

    /** Parses a rule's resource pattern. */
    static Resource parsePattern(String name) {
        if (name.equals("*")) {
            return new Resource(Kind.ANY, null, null, List.of(), false);
        }
        return parse(name, true);
    }

    private static Resource parse(String name, boolean pattern) {
        if (name.length() > 4096) {
            throw new IllegalArgumentException("longer than 4096 characters");
        }
        int colon = name.indexOf(':');
        String type = colon < 0 ? "" : name.substring(0, colon);
        String[] seg = name.substring(colon + 1).split("/", -1);
        for (String s : seg) {
            if (s.isEmpty() || s.equals(".") || s.equals("..")) {
                throw new IllegalArgumentException("segment '" + s + "' is not allowed; resources are never"
                        + " normalized, write the name without empty, '.' or '..' segments");
            }
        }
        switch (type) {
            case "confluence" -> {
                if (seg.length < 2 || !seg[0].equals("space")) {
                    throw new IllegalArgumentException("expected " + FORMS);
                }
                String key = seg[1];
                if (!(pattern ? SPACE_KEY_GLOB : SPACE_KEY).matcher(key).matches()) {
                    throw new IllegalArgumentException("'" + Text.safe(key) + "' is not a Confluence space key");
                }
                key = key.toUpperCase(Locale.ROOT);
                if (seg.length == 2) {
                    return new Resource(Kind.SPACE, key, null, List.of(), pattern);
                }
                if (!seg[2].equals("page") || seg.length < 4) {
                    throw new IllegalArgumentException("expected " + FORMS);
                }
                if (pattern && seg.length > 4) {
                    throw new IllegalArgumentException("a rule names one page-tree root: confluence:space/KEY/page/ID");
                }
                if (seg.length - 3 > MAX_DEPTH) {
                    throw new IllegalArgumentException("page chain deeper than " + MAX_DEPTH);
                }
                List<String> pages = new ArrayList<>();
                for (int i = 3; i < seg.length; i++) {
                    if (!PAGE_ID.matcher(seg[i]).matches()) {
                        throw new IllegalArgumentException("'" + Text.safe(seg[i]) + "' is not a page id (digits)");
                    }
                    pages.add(seg[i]);
                }
                return new Resource(Kind.PAGE, key, null, pages, pattern);
            }
            case "tekton" -> {
                if (seg.length < 2 || !seg[0].equals("namespace")) {
                    throw new IllegalArgumentException("expected " + FORMS);
                }
                if (!(pattern ? NAMESPACE_GLOB : NAMESPACE).matcher(seg[1]).matches()) {
                    throw new IllegalArgumentException(
                            "'" + Text.safe(seg[1]) + "' is not a Kubernetes namespace name (lower-case DNS label)");
                }
                if (seg.length == 2) {
                    return new Resource(Kind.NAMESPACE, seg[1], null, List.of(), pattern);
                }
                if (seg.length != 4 || !seg[2].equals("pipeline")) {
                    throw new IllegalArgumentException("expected " + FORMS);
                }
                if (seg[3].length() > 253
                        || !(pattern ? DNS_SUBDOMAIN_GLOB : DNS_SUBDOMAIN)
                                .matcher(seg[3])
                                .matches()) {
                    throw new IllegalArgumentException(
                            "'" + Text.safe(seg[3]) + "' is not a Tekton pipeline name (lower-case DNS subdomain)");
                }
                return new Resource(Kind.PIPELINE, seg[1], seg[3], List.of(), pattern);
            }
            default -> throw new IllegalArgumentException("unknown resource type; expected " + FORMS);
        }
    }

    /** Whether this pattern covers {@code r}. */
    boolean covers(Resource r) {
        return switch (kind) {
            case ANY -> true;
            case SPACE -> (r.kind == Kind.SPACE || r.kind == Kind.PAGE) && firstGlob.matches(r.first);
            case PAGE -> r.kind == Kind.PAGE && firstGlob.matches(r.first) && r.pages.contains(pages.get(0));
            case NAMESPACE -> (r.kind == Kind.NAMESPACE || r.kind == Kind.PIPELINE) && firstGlob.matches(r.first);
            case PIPELINE -> r.kind == Kind.PIPELINE && firstGlob.matches(r.first) && secondGlob.matches(r.second);
        };
    }
}
