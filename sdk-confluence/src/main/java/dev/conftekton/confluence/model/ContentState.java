package dev.conftekton.confluence.model;

/**
 * A content state ("Rough draft", "In progress", "Ready for review", or a custom one).
 *
 * @param id the state id; 0, 1 and 2 are the space's default states; -1 for a new custom state
 * @param name the state name (at most 20 characters)
 * @param color the colour as {@code #rrggbb}
 */
public record ContentState(long id, String name, String color) {
    public ContentState {
        Checks.requireText(name, "content state name");
        if (name.length() > 20) {
            throw new IllegalArgumentException(
                    "a content state name has at most 20 characters but had " + name.length());
        }
        if (color != null && !color.matches("#[0-9a-fA-F]{6}")) {
            throw new IllegalArgumentException("content state colour must look like #57d9a3");
        }
    }

    /** A custom state to set by name and colour (Confluence finds or creates it). */
    public static ContentState custom(String name, String color) {
        return new ContentState(-1, name, color);
    }
}
