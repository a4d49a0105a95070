package dev.conftekton.confluence.approval;

/** Makes text from Confluence safe to show in one line of a summary, a log or a Tekton result. */
final class ApprovalText {
    private ApprovalText() {}

    /**
     * Replaces control, format and line-separator characters with {@code ?} and cuts the text to
     * {@code max} code points, so hostile comment text cannot forge lines or hide characters.
     */
    static String printable(String s, int max) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        int count = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (count == max) {
                b.append('…');
                break;
            }
            int type = Character.getType(cp);
            boolean unsafe = Character.isISOControl(cp)
                    || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.PRIVATE_USE
                    || type == Character.SURROGATE
                    || type == Character.UNASSIGNED;
            b.appendCodePoint(unsafe ? '?' : cp);
            count++;
        }
        return b.toString();
    }
}
