package dev.conftekton.confluence.storage;

/** The coloured message panels Confluence offers as macros. */
public enum PanelType {
    INFO("info"),
    NOTE("note"),
    WARNING("warning"),
    TIP("tip");

    private final String macroName;

    PanelType(String macroName) {
        this.macroName = macroName;
    }

    /** The macro name in storage format ({@code ac:name}). */
    public String macroName() {
        return macroName;
    }
}
