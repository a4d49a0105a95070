package dev.conftekton.core.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

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

    private static final Headers EMPTY = new Headers(new String[0]);

    // Name (as given) at each even index, its value at the next, in order of arrival; names compare
    // ignoring case. A flat array rather than a map, and no lower-casing until a map is asked for:
    // every request and response carries a handful of headers, and copying them (client defaults,
    // credentials, the transport's answer) is on the path of every call.
    private final String[] pairs;
    private Map<String, List<String>> map; // built on first use; immutable, so a racy rebuild is harmless

    private Headers(String[] pairs) {
        this.pairs = pairs;
    }

    public static Headers empty() {
        return EMPTY;
    }

    /** Headers from alternating names and values: {@code Headers.of("Accept", "application/json")}. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected alternating names and values");
        }
        if (namesAndValues.length == 0) {
            return EMPTY;
        }
        // Straight into the array (a transport builds one of these for every response).
        String[] pairs = new String[namesAndValues.length];
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Builder.validate(namesAndValues[i], namesAndValues[i + 1]);
            pairs[i] = namesAndValues[i];
            pairs[i + 1] = namesAndValues[i + 1];
        }
        return new Headers(pairs);
    }

    /**
     * Headers as a server sent them, from alternating names and values, for {@link HttpTransport}
     * implementations. Unlike {@link #of(String...)} the characters are not checked: they are what
     * a request must not carry, and a server's odd header (a space in a name, a control character
     * in a value) must not turn its answer into an exception. The array is not copied: the caller
     * hands it over.
     */
    public static Headers received(String[] namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected alternating names and values");
        }
        for (String s : namesAndValues) {
            Objects.requireNonNull(s, "header name or value");
        }
        return namesAndValues.length == 0 ? EMPTY : new Headers(namesAndValues);
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
        b.pairs.addAll(Arrays.asList(pairs));
        return b;
    }

    /**
     * These headers with every value of {@code name} replaced by {@code value}: one array copy, where
     * {@code newBuilder().set(name, value).build()} makes three.
     */
    public Headers with(String name, String value) {
        Builder.validate(name, value);
        int matches = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equalsIgnoreCase(name)) {
                matches++;
            }
        }
        String[] out = new String[pairs.length - 2 * matches + 2];
        int j = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            if (!pairs[i].equalsIgnoreCase(name)) {
                out[j++] = pairs[i];
                out[j++] = pairs[i + 1];
            }
        }
        out[j++] = name;
        out[j] = value;
        return new Headers(out);
    }

    /** The first value of {@code name}, if present. */
    public Optional<String> first(String name) {
        Objects.requireNonNull(name, "name");
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equalsIgnoreCase(name)) {
                return Optional.of(pairs[i + 1]);
            }
        }
        return Optional.empty();
    }

    /** Every value of {@code name}, in order; empty when absent. */
    public List<String> all(String name) {
        Objects.requireNonNull(name, "name");
        List<String> found = null;
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equalsIgnoreCase(name)) {
                if (found == null) {
                    found = new ArrayList<>(2);
                }
                found.add(pairs[i + 1]);
            }
        }
        return found == null ? List.of() : List.copyOf(found);
    }

    /** True when {@code name} has at least one value. */
    public boolean contains(String name) {
        return first(name).isPresent();
    }

    /** Lower-case names of all headers present, in order of first appearance. */
    public Set<String> names() {
        return toMap().keySet();
    }

    /**
     * Calls {@code action} with each (name, value), in order of arrival, names as they were given
     * (compare them ignoring case). Contains secrets: never log what it is given.
     */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < pairs.length; i += 2) {
            action.accept(pairs[i], pairs[i + 1]);
        }
    }

    /** The number of (name, value) pairs. */
    public int size() {
        return pairs.length / 2;
    }

    /** All headers as an unmodifiable map from lower-case name to values. Contains secrets: never log it. */
    public Map<String, List<String>> toMap() {
        Map<String, List<String>> m = map;
        if (m == null) {
            Map<String, List<String>> grouped = new LinkedHashMap<>();
            for (int i = 0; i < pairs.length; i += 2) {
                grouped.computeIfAbsent(key(pairs[i]), k -> new ArrayList<>(1)).add(pairs[i + 1]);
            }
            grouped.replaceAll((k, v) -> List.copyOf(v));
            m = Collections.unmodifiableMap(grouped);
            map = m;
        }
        return m;
    }

    public boolean isEmpty() {
        return pairs.length == 0;
    }

    public static boolean isSensitive(String name) {
        return SENSITIVE.contains(key(name));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Headers h && h.toMap().equals(toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        toMap().forEach((name, list) -> {
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
        // Same layout as Headers.pairs.
        private final List<String> pairs = new ArrayList<>();

        private Builder() {}

        /** Adds a value, keeping existing ones. */
        public Builder add(String name, String value) {
            validate(name, value);
            pairs.add(name);
            pairs.add(value);
            return this;
        }

        /** Replaces every value of {@code name} with {@code value}. */
        public Builder set(String name, String value) {
            validate(name, value);
            removeName(name);
            pairs.add(name);
            pairs.add(value);
            return this;
        }

        public Builder remove(String name) {
            removeName(Objects.requireNonNull(name, "name"));
            return this;
        }

        public Builder addAll(Headers other) {
            pairs.addAll(Arrays.asList(other.pairs));
            return this;
        }

        public Headers build() {
            return pairs.isEmpty() ? EMPTY : new Headers(pairs.toArray(new String[0]));
        }

        private void removeName(String name) {
            for (int i = pairs.size() - 2; i >= 0; i -= 2) {
                if (pairs.get(i).equalsIgnoreCase(name)) {
                    pairs.remove(i + 1);
                    pairs.remove(i);
                }
            }
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
            // indexOf is vectorised: a bearer JWT of a kilobyte or more is checked on every request.
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf(0) >= 0) {
                // Never echo the value: it may be a secret.
                throw new IllegalArgumentException("value of header " + name + " contains a line break or NUL");
            }
        }
    }
}
