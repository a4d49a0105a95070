package dev.conftekton.identity.policy;

/** Makes untrusted text safe to put in a reason or message: no control characters, bounded length. */
final class Text {
    private Text() {}

    static String safe(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        int count = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (count++ >= 200) {
                sb.append('…');
                break;
            }
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
