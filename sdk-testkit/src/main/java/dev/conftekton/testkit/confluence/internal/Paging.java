package dev.conftekton.testkit.confluence.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Cursor pagination (Cloud v2) and offset pagination (v1). */
final class Paging {
    private Paging() {}

    static int limit(Req req, int dflt, int max) {
        int limit = req.intParam("limit", dflt);
        if (limit < 1) {
            throw ApiError.badRequest("limit must be at least 1, got " + limit + ".");
        }
        return Math.min(limit, max);
    }

    static String encodeCursor(int offset) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("next:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    static int decodeCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (s.startsWith("next:")) {
                int offset = Integer.parseInt(s.substring(5));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw ApiError.badRequest(
                "The cursor '" + cursor + "' is not valid; use the cursor from _links.next or the Link header.");
    }

    /** A v2 page: {@code results} and {@code _links}, plus a {@code Link} header when there is more. */
    static <T> Resp cursor(Req req, List<T> items, int dflt, int max, Function<T, Object> render) {
        int limit = limit(req, dflt, max);
        int offset = decodeCursor(req.q("cursor"));
        int end = (int) Math.min(items.size(), (long) offset + limit);
        List<Object> results = new ArrayList<>(Math.max(0, end - offset));
        for (int i = offset; i < end; i++) {
            results.add(render.apply(items.get(i)));
        }
        Map<String, Object> links = Json.obj();
        Resp resp;
        String base = req.origin + "/wiki";
        if (end < items.size()) {
            String next =
                    req.path + "?" + withParams(req, "cursor", encodeCursor(end), "limit", Integer.toString(limit));
            links.put("next", next);
            links.put("base", base);
            resp = Resp.ok(Json.obj("results", results, "_links", links));
            resp.header("Link", "<" + next + ">; rel=\"next\", <" + base + ">; rel=\"base\"");
        } else {
            links.put("base", base);
            resp = Resp.ok(Json.obj("results", results, "_links", links));
        }
        return resp;
    }

    /** The request's query with some parameters replaced (a {@code null} value drops one), in a stable order. */
    static String withParams(Req req, String... replace) {
        StringBuilder q = new StringBuilder();
        java.util.Set<String> replaced = new java.util.HashSet<>();
        for (int i = 0; i < replace.length; i += 2) {
            replaced.add(replace[i]);
        }
        for (Map.Entry<String, List<String>> e : req.query.entrySet()) {
            if (replaced.contains(e.getKey())) {
                continue;
            }
            for (String v : e.getValue()) {
                append(q, e.getKey(), v);
            }
        }
        for (int i = 0; i < replace.length; i += 2) {
            if (replace[i + 1] != null) {
                append(q, replace[i], replace[i + 1]);
            }
        }
        return q.toString();
    }

    private static void append(StringBuilder q, String k, String v) {
        if (q.length() > 0) {
            q.append('&');
        }
        q.append(enc(k)).append('=').append(enc(v));
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * A v1 page: {@code results, start, limit, size, _links}.
     *
     * @param context {@code /wiki} on Cloud, empty on Data Center
     */
    static <T> Map<String, Object> offset(
            Req req, List<T> items, int dflt, int max, String context, Function<T, Object> render) {
        return offset(req, items, dflt, max, context, req.q("cursor") != null ? V1Links.CURSOR : V1Links.START, render);
    }

    /** How a v1 page's {@code next} and {@code prev} links point at their page. */
    enum V1Links {
        /** {@code start} and {@code limit}: Data Center, and Cloud's other v1 lists. */
        START,
        /**
         * {@code cursor} and {@code limit}: Cloud's {@code /content/search}, which takes no {@code start} ("The URLs
         * each contain a cursor"); clients that follow it pass the cursor and nothing else.
         */
        CURSOR,
        /** Cloud's {@code /search}: {@code next=true} (or {@code prev=true}), {@code cursor}, {@code limit}, {@code start}. */
        CURSOR_AND_START
    }

    /** A v1 page whose links point at their page as {@code style} says. */
    static <T> Map<String, Object> offset(
            Req req, List<T> items, int dflt, int max, String context, V1Links style, Function<T, Object> render) {
        int limit = limit(req, dflt, max);
        int start = req.intParam("start", 0);
        if (start < 0) {
            throw ApiError.badRequest("start must not be negative, got " + start + ".");
        }
        if (req.q("cursor") != null && !req.q("cursor").isEmpty()) {
            start = decodeCursor(req.q("cursor"));
        }
        int end = (int) Math.min(items.size(), (long) start + limit);
        List<Object> results = new ArrayList<>();
        for (int i = start; i < end; i++) {
            results.add(render.apply(items.get(i)));
        }
        Map<String, Object> links = Json.obj();
        links.put("base", req.origin + context);
        links.put("context", context);
        String rel = req.path.substring(context.length());
        if (end < items.size()) {
            links.put("next", rel + "?" + pageQuery(req, style, "next", end, limit));
        }
        if (start > 0) {
            links.put("prev", rel + "?" + pageQuery(req, style, "prev", Math.max(0, start - limit), limit));
        }
        links.put("self", req.origin + req.path + (req.rawQuery == null ? "" : "?" + req.rawQuery));
        Map<String, Object> out = Json.obj();
        out.put("results", results);
        out.put("start", start);
        out.put("limit", limit);
        out.put("size", results.size());
        out.put("_links", links);
        return out;
    }

    private static String pageQuery(Req req, V1Links style, String direction, int start, int limit) {
        String at = Integer.toString(start);
        String size = Integer.toString(limit);
        return switch (style) {
            case START -> withParams(req, "start", at, "limit", size);
            // A cursor from an earlier page wins over start, so a stale start is dropped.
            case CURSOR -> withParams(req, "start", null, "cursor", encodeCursor(start), "limit", size);
            case CURSOR_AND_START -> {
                String other = direction.equals("next") ? "prev" : "next";
                yield withParams(
                        req, other, null, direction, "true", "cursor", encodeCursor(start), "limit", size, "start", at);
            }
        };
    }
}
