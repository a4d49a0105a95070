package dev.conftekton.testkit.confluence.internal;

import com.sun.net.httpserver.HttpExchange;
import dev.conftekton.testkit.confluence.internal.Model.User;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One request as the API handlers see it. */
final class Req {
    static final int MAX_BODY = 32 * 1024 * 1024;

    final HttpExchange exchange;
    final String method;
    final String path;
    final String rawQuery;
    final Map<String, List<String>> query;
    final Map<String, String> vars = new LinkedHashMap<>();
    /** Absolute URL of the server as the client addressed it, e.g. {@code http://127.0.0.1:8090}. */
    final String origin;

    User user;
    private byte[] body;

    Req(HttpExchange exchange, String origin) {
        this.exchange = exchange;
        this.method = exchange.getRequestMethod();
        this.path = exchange.getRequestURI().getRawPath();
        this.rawQuery = exchange.getRequestURI().getRawQuery();
        this.query = parseQuery(rawQuery);
        this.origin = origin;
    }

    static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("Malformed percent-encoding in the URL: " + e.getMessage());
        }
    }

    static String decodePath(String segment) {
        // path segments keep '+' literally
        return decode(segment.replace("+", "%2B"));
    }

    String var(String name) {
        return vars.get(name);
    }

    /** The first value of a query parameter, or {@code null}. */
    String q(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** All values of a multi-valued parameter, accepting both repeated and comma-separated forms. */
    List<String> qs(String name) {
        List<String> out = new ArrayList<>();
        for (String v : query.getOrDefault(name, List.of())) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    boolean flag(String name) {
        String v = q(name);
        if (v == null) {
            return false;
        }
        if (v.equalsIgnoreCase("true") || v.isEmpty()) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw ApiError.badRequest("Query parameter '" + name + "' must be true or false, not '" + v + "'.");
    }

    int intParam(String name, int dflt) {
        String v = q(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("Query parameter '" + name + "' must be an integer, not '" + v + "'.");
        }
    }

    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    byte[] body() {
        if (body == null) {
            String declared = header("Content-Length");
            if (declared != null && declaredTooLarge(declared.trim())) {
                // Refuse before reading: waiting for a body that large would hold a thread.
                throw new ApiError(413, "REQUEST_ENTITY_TOO_LARGE", "The request body exceeds " + MAX_BODY + " bytes.");
            }
            try (InputStream in = exchange.getRequestBody()) {
                byte[] data = in.readNBytes(MAX_BODY + 1);
                if (data.length > MAX_BODY) {
                    throw new ApiError(
                            413, "REQUEST_ENTITY_TOO_LARGE", "The request body exceeds " + MAX_BODY + " bytes.");
                }
                body = data;
            } catch (IOException e) {
                throw ApiError.badRequest("Could not read the request body: " + e.getMessage());
            }
        }
        return body;
    }

    private static boolean declaredTooLarge(String contentLength) {
        try {
            return Long.parseLong(contentLength) > MAX_BODY;
        } catch (NumberFormatException e) {
            return contentLength.chars().allMatch(Character::isDigit); // digits beyond a long
        }
    }

    Map<String, Object> json() {
        String type = header("Content-Type");
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).contains("json")) {
            throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json, not " + type + ".");
        }
        return Json.parseObject(body());
    }
}
