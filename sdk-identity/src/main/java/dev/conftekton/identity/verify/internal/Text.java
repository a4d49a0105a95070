package dev.conftekton.identity.verify.internal;

/** Makes untrusted values safe to quote in messages. Unsupported internal API. */
public final class Text {
    private static final int MAX = 64;

    /** {@code value} quoted, at most 64 characters, non-printable characters replaced by '?'. */
    public static String quote(Object value) {
        if (value == null) {
            return "null";
        }
        String s = String.valueOf(value);
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX) + 5).append('\'');
        for (int i = 0; i < s.length() && i < MAX; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (s.length() > MAX) {
            b.append("...");
        }
        return b.append('\'').toString();
    }

    private Text() {}
}
