package dev.conftekton.confluence.model;

/**
 * A Confluence space.
 *
 * @param id the space id (numeric, as text)
 * @param key the space key, for example {@code DOCS}
 * @param name the display name
 * @param type {@code global}, {@code personal}, ...; null when unknown
 * @param status {@code current} or {@code archived}; null when unknown
 * @param homepageId id of the space's home page; null when unknown
 */
public record Space(String id, String key, String name, String type, String status, String homepageId) {
    public Space {
        Checks.requireText(id, "space id");
        Checks.requireText(key, "space key");
        name = name == null ? key : name;
    }
}
