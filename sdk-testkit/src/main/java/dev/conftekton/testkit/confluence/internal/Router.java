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

    /** The matching route with the most literal segments, so {@code /group/member} wins over {@code /group/{name}}. */
    Match match(String method, String rawPath) {
        String[] parts = split(rawPath);
        Route best = null;
        int bestLiterals = -1;
        Route pathRoute = null;
        for (Route r : routes) {
            if (r.segments.length != parts.length) {
                continue;
            }
            boolean ok = true;
            int literals = 0;
            for (int i = 0; i < parts.length && ok; i++) {
                String s = r.segments[i];
                if (s.startsWith("{")) {
                    ok = !parts[i].isEmpty();
                } else {
                    ok = s.equals(parts[i]);
                    literals++;
                }
            }
            if (!ok) {
                continue;
            }
            if (r.method.equals(method) || (method.equals("HEAD") && r.method.equals("GET"))) {
                if (literals > bestLiterals) {
                    best = r;
                    bestLiterals = literals;
                }
            } else {
                pathRoute = r;
            }
        }
        if (best != null) {
            return new Match(best, parts, false);
        }
        return pathRoute != null ? new Match(pathRoute, parts, true) : null;
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
