package dev.conftekton.identity.policy;

import java.util.regex.Pattern;

/**
 * Glob patterns of policy files: {@code *} matches any run of characters other than {@code :} and
 * {@code /}, {@code **} matches any run of characters. Everything else is literal.
 */
final class Glob {
    private final String text;
    private final Pattern regex;

    private Glob(String text, Pattern regex) {
        this.text = text;
        this.regex = regex;
    }

    /** Compiles {@code pattern}, throwing IllegalArgumentException with a message on a bad one. */
    static Glob compile(String pattern) {
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("pattern must not be empty");
        }
        if (pattern.length() > 512) {
            throw new IllegalArgumentException("pattern is longer than 512 characters");
        }
        if (pattern.contains("***")) {
            throw new IllegalArgumentException("pattern '" + Text.safe(pattern) + "' has '***'; use '*' or '**'");
        }
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException(
                        "pattern '" + Text.safe(pattern) + "' contains whitespace or control characters");
            }
        }
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            if (pattern.startsWith("**", i)) {
                re.append(".*");
                i += 2;
            } else if (pattern.charAt(i) == '*') {
                re.append("[^:/]*");
                i++;
            } else {
                int next = pattern.indexOf('*', i);
                int end = next < 0 ? pattern.length() : next;
                re.append(Pattern.quote(pattern.substring(i, end)));
                i = end;
            }
        }
        return new Glob(pattern, Pattern.compile(re.toString(), Pattern.DOTALL));
    }

    boolean matches(String value) {
        return value != null && regex.matcher(value).matches();
    }

    boolean isWildcard() {
        return text.contains("*");
    }

    @Override
    public String toString() {
        return text;
    }
}
