package dev.conftekton.core.json.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Optional;
import java.util.Set;

/** {@code Optional<T>}: absent or null is {@code Optional.empty()}. */
final class OptionalAdapterFactory implements JsonAdapter.Factory {
    @Override
    public JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations, Moshi moshi) {
        if (!annotations.isEmpty() || Types.getRawType(type) != Optional.class) {
            return null;
        }
        Type element = type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
        JsonAdapter<Object> delegate = moshi.adapter(element);
        return new JsonAdapter<Optional<Object>>() {
            @Override
            public Optional<Object> fromJson(JsonReader reader) throws IOException {
                if (reader.peek() == JsonReader.Token.NULL) {
                    reader.nextNull();
                    return Optional.empty();
                }
                return Optional.ofNullable(delegate.fromJson(reader));
            }

            @Override
            public void toJson(JsonWriter writer, Optional<Object> value) throws IOException {
                if (value == null || value.isEmpty()) {
                    writer.nullValue();
                } else {
                    delegate.toJson(writer, value.get());
                }
            }
        };
    }
}
