package dev.conftekton.confluence.storage;

/** The colours of Confluence's {@code status} macro, with the parameter value Confluence stores. */
public enum StatusColour {
    GREY("Grey"),
    RED("Red"),
    YELLOW("Yellow"),
    GREEN("Green"),
    BLUE("Blue"),
    PURPLE("Purple");

    private final String parameterValue;

    StatusColour(String parameterValue) {
        this.parameterValue = parameterValue;
    }

    /** The value of the macro's {@code colour} parameter, for example {@code Green}. */
    public String parameterValue() {
        return parameterValue;
    }
}
