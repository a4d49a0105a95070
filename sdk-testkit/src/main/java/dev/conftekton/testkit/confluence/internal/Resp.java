package dev.conftekton.testkit.confluence.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response to send. */
final class Resp {
    final int status;
    final String contentType;
    final byte[] body;
    final Map<String, String> headers = new LinkedHashMap<>();

    Resp(int status, String contentType, byte[] body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    static Resp json(int status, Object value) {
        return new Resp(status, "application/json;charset=UTF-8", Json.write(value));
    }

    static Resp ok(Object value) {
        return json(200, value);
    }

    static Resp noContent() {
        return new Resp(204, null, new byte[0]);
    }

    static Resp html(int status, String html) {
        Resp r = new Resp(status, "text/html;charset=UTF-8", html.getBytes(StandardCharsets.UTF_8));
        // no scripts at all: the pages are plain HTML and forms
        r.header(
                "Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' http: https:;"
                        + " form-action 'self'; frame-ancestors 'none'");
        return r;
    }

    static Resp redirect(int status, String location) {
        Resp r = new Resp(status, null, new byte[0]);
        r.headers.put("Location", location);
        return r;
    }

    Resp header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
