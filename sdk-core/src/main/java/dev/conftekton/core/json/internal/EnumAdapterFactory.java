package dev.conftekton.core.json.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.conftekton.core.json.JsonName;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Enums by {@link JsonName} or constant name; case-insensitive as a fallback. */
final class EnumAdapterFactory implements JsonAdapter.Factory {
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations, Moshi moshi) {
        if (!annotations.isEmpty()) {
            return null;
        }
        Class<?> raw = Types.getRawType(type);
        if (!raw.isEnum()) {
            return null;
        }
        return new EnumAdapter(raw).nullSafe();
    }

    private static final class EnumAdapter<E extends Enum<E>> extends JsonAdapter<E> {
        private final Class<E> type;
        private final Map<String, E> byName = new LinkedHashMap<>();
        private final Map<String, E> byLowerName = new LinkedHashMap<>();
        private final Map<E, String> names = new LinkedHashMap<>();

        EnumAdapter(Class<E> type) {
            this.type = type;
            for (E constant : type.getEnumConstants()) {
                String name = constant.name();
                try {
                    JsonName jn = type.getField(name).getAnnotation(JsonName.class);
                    if (jn != null) {
                        name = jn.value();
                    }
                } catch (NoSuchFieldException e) {
                    throw new IllegalStateException(e);
                }
                byName.put(name, constant);
                byLowerName.putIfAbsent(name.toLowerCase(Locale.ROOT), constant);
                names.put(constant, name);
            }
        }

        @Override
        public E fromJson(JsonReader reader) throws IOException {
            String path = reader.getPath();
            String value = reader.nextString();
            E e = byName.get(value);
            if (e == null) {
                e = byLowerName.get(value.toLowerCase(Locale.ROOT));
            }
            if (e == null) {
                String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
                throw new JsonDataException("expected one of " + byName.keySet() + " for " + type.getSimpleName()
                        + " but was \"" + shown + "\" at path " + path);
            }
            return e;
        }

        @Override
        public void toJson(JsonWriter writer, E value) throws IOException {
            writer.value(names.get(value));
        }
    }
}
