package dev.conftekton.core.json;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Generic types for {@link JsonCodec#fromJson(String, Type)}.
 *
 * <pre>{@code
 * Map<String, List<Label>> byPage = json.fromJson(text, Types.mapOf(String.class, Types.listOf(Label.class)));
 * }</pre>
 */
public final class Types {
    private Types() {}

    /** {@code List<element>}. */
    public static Type listOf(Type element) {
        return parameterized(List.class, element);
    }

    /** {@code Set<element>}. */
    public static Type setOf(Type element) {
        return parameterized(Set.class, element);
    }

    /** {@code Map<key, value>}. */
    public static Type mapOf(Type key, Type value) {
        return parameterized(Map.class, key, value);
    }

    /** {@code Optional<element>}. */
    public static Type optionalOf(Type element) {
        return parameterized(Optional.class, element);
    }

    /** {@code raw<arguments...>}, for example {@code parameterized(Page.class, Space.class)}. */
    public static Type parameterized(Class<?> raw, Type... arguments) {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(arguments, "arguments");
        if (raw.getTypeParameters().length != arguments.length) {
            throw new IllegalArgumentException(raw.getSimpleName() + " takes " + raw.getTypeParameters().length
                    + " type arguments, got " + arguments.length);
        }
        return com.squareup.moshi.Types.newParameterizedTypeWithOwner(raw.getEnclosingClass(), raw, arguments);
    }
}
