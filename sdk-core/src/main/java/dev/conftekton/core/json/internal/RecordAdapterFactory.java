package dev.conftekton.core.json.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.conftekton.core.json.JsonName;
import dev.conftekton.core.json.Required;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Records, through their canonical constructor. Unknown names are skipped; missing values become
 * null, {@code Optional.empty()}, an empty collection, or an error naming the component when it is
 * primitive or {@link Required}.
 */
final class RecordAdapterFactory implements JsonAdapter.Factory {
    @Override
    public JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations, Moshi moshi) {
        if (!annotations.isEmpty()) {
            return null;
        }
        Class<?> raw = Types.getRawType(type);
        if (!raw.isRecord()) {
            return null;
        }
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        if (type instanceof ParameterizedType p) {
            TypeVariable<?>[] vars = raw.getTypeParameters();
            Type[] args = p.getActualTypeArguments();
            for (int i = 0; i < vars.length && i < args.length; i++) {
                bindings.put(vars[i], args[i]);
            }
        }
        RecordComponent[] components = raw.getRecordComponents();
        Component[] out = new Component[components.length];
        Class<?>[] ctorTypes = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent rc = components[i];
            Type resolved = resolve(rc.getGenericType(), bindings);
            JsonName jn = rc.getAnnotation(JsonName.class);
            Method accessor = rc.getAccessor();
            accessor.setAccessible(true);
            out[i] = new Component(
                    rc.getName(),
                    jn == null ? rc.getName() : jn.value(),
                    rc.getType(),
                    moshi.adapter(resolved),
                    rc.getType().isPrimitive() || rc.getAnnotation(Required.class) != null,
                    accessor);
            ctorTypes[i] = rc.getType();
        }
        Constructor<?> ctor;
        try {
            ctor = raw.getDeclaredConstructor(ctorTypes);
            ctor.setAccessible(true);
        } catch (NoSuchMethodException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "record " + raw.getName() + " has no accessible canonical constructor", e);
        }
        return new RecordAdapter(raw, out, ctor).nullSafe();
    }

    private record Component(
            String javaName,
            String jsonName,
            Class<?> rawType,
            JsonAdapter<Object> adapter,
            boolean required,
            Method accessor) {}

    private static final class RecordAdapter extends JsonAdapter<Object> {
        private final Class<?> type;
        private final Component[] components;
        private final Constructor<?> ctor;
        private final Map<String, Integer> index = new HashMap<>();
        private final JsonReader.Options options;

        RecordAdapter(Class<?> type, Component[] components, Constructor<?> ctor) {
            this.type = type;
            this.components = components;
            this.ctor = ctor;
            String[] names = new String[components.length];
            for (int i = 0; i < components.length; i++) {
                names[i] = components[i].jsonName();
                index.put(names[i], i);
            }
            this.options = JsonReader.Options.of(names);
        }

        @Override
        public Object fromJson(JsonReader reader) throws IOException {
            Object[] values = new Object[components.length];
            boolean[] present = new boolean[components.length];
            String objectPath = reader.getPath();
            reader.beginObject();
            while (reader.hasNext()) {
                int i = reader.selectName(options);
                if (i < 0) {
                    reader.skipName();
                    reader.skipValue();
                    continue;
                }
                Component c = components[i];
                if (c.rawType().isPrimitive() && reader.peek() == JsonReader.Token.NULL) {
                    throw new JsonDataException("field '" + c.jsonName() + "' of " + type.getSimpleName()
                            + " is null but must be a " + c.rawType().getName() + " at path " + reader.getPath());
                }
                values[i] = c.adapter().fromJson(reader);
                present[i] = values[i] != null;
            }
            reader.endObject();
            for (int i = 0; i < components.length; i++) {
                if (present[i]) {
                    continue;
                }
                Component c = components[i];
                if (c.required()) {
                    throw new JsonDataException("required field '" + c.jsonName() + "' of " + type.getSimpleName()
                            + " is missing at path " + objectPath);
                }
                values[i] = defaultFor(c.rawType());
            }
            try {
                return ctor.newInstance(values);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                throw new JsonDataException("the values at path " + objectPath + " are not a valid "
                        + type.getSimpleName() + ": " + cause.getMessage());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create " + type.getName(), e);
            }
        }

        @Override
        public void toJson(JsonWriter writer, Object value) throws IOException {
            writer.beginObject();
            for (Component c : components) {
                Object v;
                try {
                    v = c.accessor().invoke(value);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + type.getName() + "." + c.javaName(), e);
                }
                writer.name(c.jsonName());
                if (v == null) {
                    writer.nullValue();
                } else {
                    c.adapter().toJson(writer, v);
                }
            }
            writer.endObject();
        }

        @Override
        public String toString() {
            return "JsonAdapter(" + type.getName() + ")";
        }
    }

    private static Object defaultFor(Class<?> raw) {
        if (raw == Optional.class) {
            return Optional.empty();
        }
        if (raw == List.class || raw == Collection.class) {
            return List.of();
        }
        if (raw == Set.class) {
            return Set.of();
        }
        if (raw == Map.class) {
            return Map.of();
        }
        return null;
    }

    static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (bindings.isEmpty()) {
            return type;
        }
        if (type instanceof TypeVariable<?> v) {
            return bindings.getOrDefault(v, Object.class);
        }
        if (type instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments().clone();
            for (int i = 0; i < args.length; i++) {
                args[i] = resolve(args[i], bindings);
            }
            return Types.newParameterizedTypeWithOwner(p.getOwnerType(), p.getRawType(), args);
        }
        if (type instanceof GenericArrayType g) {
            return Types.arrayOf(resolve(g.getGenericComponentType(), bindings));
        }
        if (type instanceof WildcardType w) {
            Type[] upper = w.getUpperBounds();
            return upper.length == 1 ? resolve(upper[0], bindings) : Object.class;
        }
        return type;
    }
}
