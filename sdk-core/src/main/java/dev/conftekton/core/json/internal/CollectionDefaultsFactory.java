package dev.conftekton.core.json.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lists, sets and maps: a JSON null reads as an empty, unmodifiable collection; values read are
 * unmodifiable. Moshi's own adapters do the element work.
 */
final class CollectionDefaultsFactory implements JsonAdapter.Factory {
    @Override
    public JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations, Moshi moshi) {
        if (!annotations.isEmpty()) {
            return null;
        }
        Class<?> raw = Types.getRawType(type);
        if (raw != List.class && raw != Collection.class && raw != Set.class && raw != Map.class) {
            return null;
        }
        JsonAdapter<Object> delegate = moshi.nextAdapter(this, type, annotations);
        return new JsonAdapter<Object>() {
            @Override
            public Object fromJson(JsonReader reader) throws IOException {
                if (reader.peek() == JsonReader.Token.NULL) {
                    reader.nextNull();
                    return empty(raw);
                }
                Object value = delegate.fromJson(reader);
                if (value instanceof List<?> l) {
                    return Collections.unmodifiableList(l);
                }
                if (value instanceof Set<?> s) {
                    return Collections.unmodifiableSet(s);
                }
                if (value instanceof Map<?, ?> m) {
                    return Collections.unmodifiableMap(m);
                }
                return value;
            }

            @Override
            public void toJson(JsonWriter writer, Object value) throws IOException {
                delegate.toJson(writer, value);
            }
        };
    }

    static Object empty(Class<?> raw) {
        if (raw == Set.class) {
            return Set.of();
        }
        if (raw == Map.class) {
            return Map.of();
        }
        return List.of();
    }
}
