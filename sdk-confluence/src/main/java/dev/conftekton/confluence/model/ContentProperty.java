package dev.conftekton.confluence.model;

/**
 * A content property: a JSON value stored under a key on a page.
 *
 * @param id the property id (Cloud v2 addresses properties by id); null on Data Center, where the key is used
 * @param key the property key
 * @param value the value as JSON text, for example {@code {"approved":true}}
 * @param version the property's version number
 */
public record ContentProperty(String id, String key, String value, int version) {
    public ContentProperty {
        Checks.requireText(key, "property key");
        java.util.Objects.requireNonNull(value, "value");
        Checks.requirePositive(version, "property version");
    }
}
