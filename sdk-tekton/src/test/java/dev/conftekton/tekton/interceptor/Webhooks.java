package dev.conftekton.tekton.interceptor;

import dev.conftekton.tekton.interceptor.internal.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Test helpers: Confluence Data Center payloads, signatures and InterceptorRequests. */
final class Webhooks {
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final String SECRET = "s3cr3t-webhook-key";
    static final String TRIGGER = "namespaces/ci/triggers/docs-changed";

    private Webhooks() {}

    static String pageUpdated(String pageId, String spaceKey, String title, int version, Instant at) {
        return "{\"timestamp\":" + at.toEpochMilli() + ",\"event\":\"page_updated\",\"userKey\":\"ff80818\","
                + "\"page\":{\"id\":" + pageId + ",\"spaceKey\":\"" + spaceKey + "\",\"title\":\"" + title
                + "\",\"version\":" + version
                + ",\"self\":\"https://confluence.example.com/pages/viewpage.action?pageId="
                + pageId + "\",\"labels\":[{\"name\":\"release\"}]},\"updateTrigger\":\"edit_page\"}";
    }

    static String signature(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An InterceptorRequest as Triggers sends it, with {@code headers} as the webhook's headers. */
    static String request(String body, Map<String, String> headers, Map<String, Object> params) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("Content-Type", List.of("application/json"));
        headers.forEach((k, v) -> header.put(k, List.of(v)));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("body", body);
        root.put("header", header);
        root.put("extensions", Map.of());
        root.put("interceptor_params", params);
        root.put(
                "context",
                Map.of("event_url", "http://el-confluence.ci.svc:8080", "event_id", "ev-1", "trigger_id", TRIGGER));
        return JsonWriter.write(root);
    }

    static String signedRequest(String body, Map<String, Object> params) {
        return request(body, Map.of("X-Hub-Signature", signature(SECRET, body)), params);
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
