package dev.conftekton.core.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Immutable HTTP headers with case-insensitive names and repeated values kept in order.
 *
 * <p>{@link #toString()} shows {@link #SENSITIVE} headers as {@code ██} so that headers can be
 * logged and put into exception messages safely.
 */
public final class Headers {
    /** Header names whose values are never shown: credentials and session cookies. */
    public static final Set<String> SENSITIVE =
            Set.of("authorization", "proxy-authorization", "cookie", "set-cookie", "x-hub-signature");

    private static final Headers EMPTY = new Headers(Map.of());

    // Keys are lower-case names; values keep their order of arrival.
    private final Map<String, List<String>> values;

    private Headers(Map<String, List<String>> values) {
        this.values = values;
    }

    public static Headers empty() {
        return EMPTY;
    }

    /** Headers from alternating names and values: {@code Headers.of("Accept", "application/json")}. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected alternating names and values");
        }
        Builder b = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return b.build();
    }

    /** Headers from a map such as {@code HttpURLConnection#getHeaderFields()}; null keys are skipped. */
    public static Headers of(Map<String, ? extends List<String>> map) {
        Builder b = builder();
        map.forEach((name, list) -> {
            if (name != null && list != null) {
                list.forEach(v -> b.add(name, v));
            }
        });
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder newBuilder() {
        Builder b = new Builder();
        values.forEach((k, v) -> b.values.put(k, new ArrayList<>(v)));
        return b;
    }

    /** The first value of {@code name}, if present. */
    public Optional<String> first(String name) {
        List<String> list = values.get(key(name));
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    /** Every value of {@code name}, in order; empty when absent. */
    public List<String> all(String name) {
        return values.getOrDefault(key(name), List.of());
    }

    /** Lower-case names of all headers present. */
    public Set<String> names() {
        return values.keySet();
    }

    /** All headers as an unmodifiable map from lower-case name to values. Contains secrets: never log it. */
    public Map<String, List<String>> toMap() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public static boolean isSensitive(String name) {
        return SENSITIVE.contains(key(name));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Headers h && h.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        values.forEach((name, list) -> {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(name).append('=');
            sb.append(isSensitive(name) ? "[██]" : list.toString());
        });
        return sb.append('}').toString();
    }

    private static String key(String name) {
        return Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT);
    }

    /** Mutable builder for {@link Headers}. */
    public static final class Builder {
        private final Map<String, List<String>> values = new LinkedHashMap<>();

        private Builder() {}

        /** Adds a value, keeping existing ones. */
        public Builder add(String name, String value) {
            validate(name, value);
            values.computeIfAbsent(key(name), k -> new ArrayList<>(1)).add(value);
            return this;
        }

        /** Replaces every value of {@code name} with {@code value}. */
        public Builder set(String name, String value) {
            validate(name, value);
            List<String> list = new ArrayList<>(1);
            list.add(value);
            values.put(key(name), list);
            return this;
        }

        public Builder remove(String name) {
            values.remove(key(name));
            return this;
        }

        public Builder addAll(Headers other) {
            other.values.forEach((k, list) ->
                    values.computeIfAbsent(k, x -> new ArrayList<>()).addAll(list));
            return this;
        }

        public Headers build() {
            if (values.isEmpty()) {
                return EMPTY;
            }
            Map<String, List<String>> copy = new LinkedHashMap<>();
            values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            return new Headers(Collections.unmodifiableMap(copy));
        }

        private static void validate(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("header name is empty");
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c <= ' ' || c >= 0x7f || c == ':') {
                    throw new IllegalArgumentException("header name has an illegal character at index " + i);
                }
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\r' || c == '\n' || c == 0) {
                    // Never echo the value: it may be a secret.
                    throw new IllegalArgumentException("value of header " + name + " contains a line break or NUL");
                }
            }
        }
    }
}
