package dev.conftekton.confluence.model;

/**
 * A label on content.
 *
 * @param id the label id; null for a label not yet stored
 * @param prefix {@code global} for ordinary labels ({@code my}, {@code team} exist too)
 * @param name the label text, lower-case without spaces
 */
public record Label(String id, String prefix, String name) {
    public Label {
        Checks.requireText(name, "label name");
        prefix = prefix == null || prefix.isBlank() ? "global" : prefix;
    }

    /** A global label with {@code name}. */
    public static Label of(String name) {
        return new Label(null, "global", name);
    }
}
