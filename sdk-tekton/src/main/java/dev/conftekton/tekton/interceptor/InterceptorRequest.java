package dev.conftekton.tekton.interceptor;

import dev.conftekton.tekton.interceptor.internal.JsonTree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Tekton Triggers {@code InterceptorRequest}: the original webhook body as a string (exactly as
 * received, so signatures can be checked), its headers, extensions from earlier interceptors, the
 * Trigger's interceptor params and the trigger context.
 *
 * @param body the webhook body
 * @param header the webhook headers (names as sent by Triggers, looked up case-insensitively)
 * @param extensions extensions added by earlier interceptors
 * @param interceptorParams the Trigger's params for this interceptor
 * @param eventUrl {@code context.event_url}
 * @param eventId {@code context.event_id}, unique per incoming event
 * @param triggerId {@code context.trigger_id}, {@code namespaces/NS/triggers/NAME}
 */
public record InterceptorRequest(
        String body,
        Map<String, List<String>> header,
        Map<String, Object> extensions,
        Map<String, Object> interceptorParams,
        String eventUrl,
        String eventId,
        String triggerId) {

    public InterceptorRequest {
        body = Objects.requireNonNullElse(body, "");
        header = header == null ? Map.of() : Map.copyOf(header);
        extensions =
                extensions == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
        interceptorParams = interceptorParams == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(interceptorParams));
        eventUrl = Objects.requireNonNullElse(eventUrl, "");
        eventId = Objects.requireNonNullElse(eventId, "");
        triggerId = Objects.requireNonNullElse(triggerId, "");
    }

    /**
     * Parses the JSON Triggers posts.
     *
     * @throws IllegalArgumentException saying which field is malformed
     */
    public static InterceptorRequest parse(String json) {
        Map<String, Object> root = JsonTree.object(JsonTree.parse(json))
                .orElseThrow(() -> new IllegalArgumentException("the InterceptorRequest is not a JSON object"));
        Object body = root.get("body");
        if (body != null && !(body instanceof String)) {
            throw new IllegalArgumentException("\"body\" must be a string");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        Object h = root.get("header");
        if (h != null) {
            Map<String, Object> hm = JsonTree.object(h)
                    .orElseThrow(() -> new IllegalArgumentException("\"header\" must be an object of string lists"));
            for (Map.Entry<String, Object> e : hm.entrySet()) {
                List<String> values = new ArrayList<>();
                for (Object v : JsonTree.array(e.getValue())
                        .orElseThrow(
                                () -> new IllegalArgumentException("\"header\" values must be lists of strings"))) {
                    if (!(v instanceof String s)) {
                        throw new IllegalArgumentException("\"header\" values must be lists of strings");
                    }
                    values.add(s);
                }
                headers.put(e.getKey(), List.copyOf(values));
            }
        }
        Map<String, Object> extensions = optionalObject(root, "extensions");
        Map<String, Object> params = optionalObject(root, "interceptor_params");
        Map<String, Object> context = optionalObject(root, "context");
        return new InterceptorRequest(
                (String) body,
                headers,
                extensions,
                params,
                string(context, "event_url"),
                string(context, "event_id"),
                string(context, "trigger_id"));
    }

    /** The first value of a header, looked up case-insensitively. */
    public Optional<String> firstHeader(String name) {
        for (Map.Entry<String, List<String>> e : header.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return Optional.of(e.getValue().get(0));
            }
        }
        return Optional.empty();
    }

    private static Map<String, Object> optionalObject(Map<String, Object> root, String name) {
        Object v = root.get(name);
        if (v == null) {
            return Map.of();
        }
        return JsonTree.object(v).orElseThrow(() -> new IllegalArgumentException("\"" + name + "\" must be an object"));
    }

    private static String string(Map<String, Object> context, String name) {
        Object v = context.get(name);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException("\"context." + name + "\" must be a string");
        }
        return (String) v;
    }

    @Override
    public String toString() {
        // headers may carry credentials (Authorization): never print them
        return "InterceptorRequest[eventId=" + eventId + ", triggerId=" + triggerId + ", body=" + body.length()
                + " chars, headers=" + header.keySet() + "]";
    }
}
