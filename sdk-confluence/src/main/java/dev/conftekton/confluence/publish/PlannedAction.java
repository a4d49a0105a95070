package dev.conftekton.confluence.publish;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a {@link Plan}: what happens to one page and why.
 *
 * @param kind what happens
 * @param key the source key (for an orphan, the key recorded on the page)
 * @param title the page title after the publish
 * @param reason why, in words (for example {@code content changed; renamed from 'A'})
 * @param source the source page (empty for an orphan)
 * @param remote the existing page (empty for a create)
 * @param writeBody whether the page body/title/parent is written
 * @param writeState whether the publish-state property is written
 * @param uploads attachments to upload (new or changed content)
 * @param labelsToAdd labels to add
 * @param labelsToRemove labels to remove (only ones a previous publish added)
 */
public record PlannedAction(
        Kind kind,
        String key,
        String title,
        String reason,
        Optional<SourcePage> source,
        Optional<RemotePage> remote,
        boolean writeBody,
        boolean writeState,
        List<SourceAttachment> uploads,
        List<String> labelsToAdd,
        List<String> labelsToRemove) {

    /** The kinds of planned action. */
    public enum Kind {
        CREATE,
        UPDATE,
        UNCHANGED,
        /** Edited by a person (policy {@code fail}) or a title clash; blocks the publish. */
        CONFLICT,
        /** Edited by a person, left alone (policy {@code skip}). */
        SKIP,
        /** Published before, source gone. */
        ORPHAN
    }

    public PlannedAction {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(remote, "remote");
        uploads = List.copyOf(uploads);
        labelsToAdd = List.copyOf(labelsToAdd);
        labelsToRemove = List.copyOf(labelsToRemove);
    }

    /** True when executing this action writes something. */
    public boolean writes() {
        return writeBody || writeState || !uploads.isEmpty() || !labelsToAdd.isEmpty() || !labelsToRemove.isEmpty();
    }

    /**
     * One line for the printed plan. Control characters (a file named with a line break, a title from a page) are
     * shown escaped, so that a name cannot add lines that look like other plan entries.
     */
    public String describe() {
        String id = remote.map(r -> " [" + r.id() + "]").orElse("");
        return String.format(
                "%-9s %s%s (%s): %s",
                kind.name().toLowerCase(java.util.Locale.ROOT), oneLine(title), id, oneLine(key), oneLine(reason));
    }

    static String oneLine(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (Character.isISOControl(c)
                    || c == 0x2028
                    || c == 0x2029
                    || Character.getType(c) == Character.FORMAT) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
