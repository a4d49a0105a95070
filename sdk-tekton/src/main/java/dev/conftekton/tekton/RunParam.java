package dev.conftekton.tekton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A typed Tekton parameter or result value: a string, an array of strings or an object of string
 * fields, matching Tekton's {@code string}, {@code array} and {@code object} param types.
 *
 * @param name the parameter name
 * @param type which of the three shapes this value has
 * @param string the value when {@code type} is {@link Type#STRING}, otherwise empty
 * @param array the value when {@code type} is {@link Type#ARRAY}, otherwise empty
 * @param object the value when {@code type} is {@link Type#OBJECT}, otherwise empty (insertion order kept)
 */
public record RunParam(String name, Type type, String string, List<String> array, Map<String, String> object) {

    /** The three shapes of a Tekton param value. */
    public enum Type {
        STRING,
        ARRAY,
        OBJECT
    }

    public RunParam {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a param name must not be blank");
        }
        string = string == null ? "" : string;
        array = array == null ? List.of() : List.copyOf(array);
        object = object == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(object));
    }

    /** A {@code string} param. */
    public static RunParam string(String name, String value) {
        return new RunParam(name, Type.STRING, Objects.requireNonNull(value, "value"), null, null);
    }

    /** An {@code array} param. */
    public static RunParam array(String name, List<String> values) {
        return new RunParam(name, Type.ARRAY, null, Objects.requireNonNull(values, "values"), null);
    }

    /** An {@code object} param (string fields only, as Tekton requires). */
    public static RunParam object(String name, Map<String, String> fields) {
        return new RunParam(name, Type.OBJECT, null, null, Objects.requireNonNull(fields, "fields"));
    }
}
