package dev.conftekton.testkit.confluence.internal;

import java.util.ArrayList;
import java.util.List;

/** Matches method and path templates such as {@code /wiki/api/v2/pages/{id}}. */
final class Router {
    enum Style {
        V2,
        V1,
        HTML,
        PLAIN
    }

    interface Handler {
        Resp handle(Req req);
    }

    record Route(String method, String template, String[] segments, Style style, boolean auth, Handler handler) {}

    record Match(Route route, String[] values, boolean methodMismatch) {}

    private final List<Route> routes = new ArrayList<>();

    void add(String method, String template, Style style, boolean auth, Handler handler) {
        routes.add(new Route(method, template, split(template), style, auth, handler));
    }

    static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }

    Match match(String method, String rawPath) {
        String[] parts = split(rawPath);
        boolean pathMatched = false;
        Route pathRoute = null;
        for (Route r : routes) {
            if (r.segments.length != parts.length) {
                continue;
            }
            boolean ok = true;
            for (int i = 0; i < parts.length && ok; i++) {
                String s = r.segments[i];
                ok = s.startsWith("{") || s.equals(parts[i]);
            }
            if (!ok) {
                continue;
            }
            if (r.method.equals(method) || (method.equals("HEAD") && r.method.equals("GET"))) {
                return new Match(r, parts, false);
            }
            pathMatched = true;
            pathRoute = r;
        }
        return pathMatched ? new Match(pathRoute, parts, true) : null;
    }

    static void bind(Match m, Req req) {
        String[] segs = m.route().segments();
        for (int i = 0; i < segs.length; i++) {
            if (segs[i].startsWith("{")) {
                req.vars.put(segs[i].substring(1, segs[i].length() - 1), Req.decodePath(m.values()[i]));
            }
        }
    }
}
