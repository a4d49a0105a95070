package dev.conftekton.testkit.confluence;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Space permissions, each implying the ones before it: {@code ADMIN} ⊃ {@code EDIT} ⊃ {@code COMMENT} ⊃
 * {@code VIEW}.
 *
 * <p>Without {@code VIEW} the space and its content answer 404 (Confluence does not reveal what a user may not
 * see); with {@code VIEW} but without the needed permission, writes answer 403.
 */
public enum SpaceAccess {
    /** Read the space, its pages, comments, attachments, labels and properties. */
    VIEW,
    /** Add footer comments (for example {@code /approve}). */
    COMMENT,
    /** Create, update and delete pages, labels, properties, attachments and content states. */
    EDIT,
    /** Everything; also purge from the trash. */
    ADMIN;

    /** Whether holding this permission grants {@code needed}. */
    public boolean grants(SpaceAccess needed) {
        return ordinal() >= needed.ordinal();
    }

    /** Parses {@code view}, {@code comment}, {@code edit} or {@code admin} (any case). */
    public static SpaceAccess parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Unknown space permission '" + value + "'; use one of view, comment, edit, admin", e);
        }
    }

    static Set<SpaceAccess> all() {
        return EnumSet.allOf(SpaceAccess.class);
    }
}
