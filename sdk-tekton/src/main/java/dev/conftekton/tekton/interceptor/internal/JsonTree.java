package dev.conftekton.tekton.interceptor.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.conftekton.core.redact.Redactor;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Strict JSON to plain Java trees (maps, lists, strings, doubles, booleans, null) for untrusted
 * input: no lenient syntax, no duplicate keys, no trailing data, nesting limited (by Moshi) to 255.
 */
public final class JsonTree {
    private static final JsonAdapter<Object> ADAPTER =
            new Moshi.Builder().build().adapter(Object.class);

    private JsonTree() {}

    /**
     * Parses {@code json}.
     *
     * @throws IllegalArgumentException with a short description of what is wrong
     */
    public static Object parse(String json) {
        try {
            return ADAPTER.fromJson(json);
        } catch (Exception | StackOverflowError e) {
            String m = describe(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            throw new IllegalArgumentException(m.length() > 200 ? m.substring(0, 200) + "..." : m);
        }
    }

    private static final String DUPLICATE = " has multiple values at path ";
    private static final Redactor REDACTOR = Redactor.create();

    /**
     * Moshi's message without the values it quotes: for a key given twice it names both values
     * ("Map key 'Authorization' has multiple values at path $.header.Authorization: [Bearer ...] and
     * [...]"), and a header's values are credentials. Whatever is left goes through the redactor
     * (bearer and JWT-shaped strings), as the message reaches the response and the audit log.
     */
    static String describe(String message) {
        String m = message;
        int dup = m.startsWith("Map key ") ? m.indexOf(DUPLICATE) : -1;
        if (dup >= 0) {
            int pathStart = dup + DUPLICATE.length();
            int valuesStart = m.indexOf(": ", pathStart);
            m = "duplicate key " + m.substring("Map key ".length(), dup) + " at path "
                    + m.substring(pathStart, valuesStart < 0 ? m.length() : valuesStart);
        }
        m = m.replace("Use JsonReader.setLenient(true) to accept malformed JSON", "malformed JSON");
        return REDACTOR.redact(m);
    }

    @SuppressWarnings("unchecked")
    public static Optional<Map<String, Object>> object(Object o) {
        return o instanceof Map<?, ?> m ? Optional.of((Map<String, Object>) m) : Optional.empty();
    }

    public static Optional<List<?>> array(Object o) {
        return o instanceof List<?> l ? Optional.of(l) : Optional.empty();
    }

    /** A string, or a whole number written without a fraction (ids arrive as numbers). */
    public static Optional<String> scalarText(Object o) {
        if (o instanceof String s) {
            return Optional.of(s);
        }
        if (o instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
                return Optional.of(Long.toString((long) d));
            }
            return Optional.of(Double.toString(d));
        }
        return Optional.empty();
    }

    /** Follows a path of object keys; empty when any step is missing or not an object. */
    public static Optional<Object> at(Object root, String... path) {
        Object cur = root;
        for (String key : path) {
            Optional<Map<String, Object>> m = object(cur);
            if (m.isEmpty() || !m.get().containsKey(key)) {
                return Optional.empty();
            }
            cur = m.get().get(key);
        }
        return Optional.ofNullable(cur);
    }
}
