package dev.conftekton.core.json.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.Moshi;
import dev.conftekton.core.error.DecodingException;
import dev.conftekton.core.json.JsonCodec;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Objects;

/** {@link JsonCodec} on Moshi. Internal: not a supported API. */
public final class MoshiJsonCodec implements JsonCodec {
    private static final MoshiJsonCodec DEFAULTS = new MoshiJsonCodec(new Moshi.Builder()
            .add(new OptionalAdapterFactory())
            .add(new EnumAdapterFactory())
            .add(new TimeAdapterFactory())
            .add(new CollectionDefaultsFactory())
            .add(new RecordAdapterFactory())
            .build());

    private final Moshi moshi;

    private MoshiJsonCodec(Moshi moshi) {
        this.moshi = moshi;
    }

    public static MoshiJsonCodec defaults() {
        return DEFAULTS;
    }

    @Override
    public String toJson(Object value) {
        if (value == null) {
            return "null";
        }
        return toJson(value, value.getClass());
    }

    @Override
    public String toJson(Object value, Type type) {
        Objects.requireNonNull(type, "type");
        JsonAdapter<Object> adapter = adapter(type);
        try {
            return adapter.toJson(value);
        } catch (JsonDataException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot write " + typeName(type) + " as JSON: " + e.getMessage(), e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T fromJson(String json, Type type) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(type, "type");
        JsonAdapter<Object> adapter = adapter(type);
        try {
            return (T) adapter.fromJson(json);
        } catch (JsonEncodingException e) {
            throw new DecodingException(
                    "the text is not valid JSON (" + e.getMessage() + "); expected " + typeName(type), e);
        } catch (JsonDataException e) {
            throw new DecodingException("the JSON does not match " + typeName(type) + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DecodingException("the JSON could not be read as " + typeName(type) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public <T> T fromJson(String json, Class<T> type) {
        return fromJson(json, (Type) type);
    }

    private JsonAdapter<Object> adapter(Type type) {
        try {
            return moshi.adapter(type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    typeName(type) + " cannot be mapped to JSON: " + e.getMessage()
                            + "; use records, public classes, collections or java.time types",
                    e);
        }
    }

    static String typeName(Type type) {
        return type instanceof Class<?> c ? c.getSimpleName() : type.getTypeName();
    }

    @Override
    public String toString() {
        return "JsonCodec.defaults()";
    }
}
