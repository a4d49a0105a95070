package dev.conftekton.confluence.internal;

/** Checks for content-property keys and values, shared by both flavours. */
final class PropertyValues {
    private PropertyValues() {}

    static String key(String key) {
        Paths.segment(key, "property key");
        if (key.length() > 255) {
            throw new IllegalArgumentException("a property key has at most 255 characters but had " + key.length());
        }
        return key;
    }

    /** The value when it is one JSON value; otherwise a clear error before anything is sent. */
    static String value(String value, String key) {
        java.util.Objects.requireNonNull(value, "value");
        if (!Json.isValid(value)) {
            throw new IllegalArgumentException("the value for property " + key
                    + " is not valid JSON; pass JSON text such as {\"approved\":true} or \"a string\" (quoted)");
        }
        return value.strip();
    }
}
