package dev.conftekton.confluence.approval.internal;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds an approval command in a comment body (Confluence storage format). Unsupported API.
 *
 * <p>The rule, kept deliberately narrow so that nothing that merely mentions a command counts:
 *
 * <ol>
 *   <li>The body's first content is either bare text or a top-level {@code <p>}; a body that opens
 *       with anything else (quote, code block, macro, table, list, heading, panel) has no command.
 *   <li>The first line runs to the first {@code <br/>}, the end of that paragraph, the start of
 *       another block, or the end of the body. Any other markup inside it (bold, code, links,
 *       mentions, HTML comments, CDATA) means no command: the line must be plain text.
 *   <li>Character references ({@code &amp;}, {@code &nbsp;}, {@code &#47;}) are decoded; spaces,
 *       tabs, newlines and no-break spaces around the line and between words are ignored.
 *   <li>The line must then be exactly one of {@code /approve}, {@code /approve sha256:<64 hex>}
 *       (hex in any case, normalised to lower case), {@code /reject} or {@code /reject <reason>};
 *       commands are case-sensitive and the slash is U+002F only.
 * </ol>
 *
 * <p>A line that a human might read as a command but that breaks these rules (a fullwidth or
 * division slash, {@code /Approve}, {@code /approve please}, {@code /approve sha256:short},
 * zero-width characters) is reported as a {@link Result.Lookalike} so the summary can say why it
 * did not count.
 */
public final class CommandParser {
    private CommandParser() {}

    /** What the first line of a comment says. */
    public sealed interface Result {
        /** No command and nothing that looks like one. */
        record None() implements Result {}

        /** {@code /approve}, optionally pinned to a digest (null when not pinned). */
        record Approve(String digest) implements Result {}

        /** {@code /reject} with its reason (possibly empty). */
        record Reject(String reason) implements Result {}

        /** Looks like a command to a human but is not one; {@code why} says what is wrong. */
        record Lookalike(String why) implements Result {}
    }

    private static final Result NONE = new Result.None();
    private static final int MAX_SCAN = 64 * 1024;
    private static final int MAX_REASON = 500;
    private static final Pattern WS = Pattern.compile("[ \\t\\r\\n\\u00A0]+");
    private static final Pattern APPROVE_PINNED = Pattern.compile("/approve sha256:([0-9a-fA-F]{64})");
    private static final Set<String> BLOCK_TAGS = Set.of(
            "p",
            "div",
            "blockquote",
            "pre",
            "table",
            "ul",
            "ol",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
            "ac:structured-macro",
            "ac:layout",
            "ac:task-list",
            "ac:adf-extension",
            "ac:placeholder");

    /** Parses the first line of a storage-format body. Never throws. */
    public static Result parse(String storage) {
        String line = firstLine(storage == null ? "" : storage);
        if (line == null) {
            return NONE;
        }
        return classify(line);
    }

    /**
     * The plain text of the first line, or null if the first line contains markup or the body opens
     * with something other than bare text or a paragraph.
     */
    static String firstLine(String s) {
        int n = Math.min(s.length(), MAX_SCAN);
        int i = 0;
        boolean inParagraph = false;
        StringBuilder text = new StringBuilder();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '<') {
                int end = s.indexOf('>', i);
                if (end < 0 || end >= n) {
                    return null; // truncated or malformed markup: no command
                }
                String tag = s.substring(i + 1, end);
                if (tag.startsWith("!") || tag.startsWith("?")) {
                    return null; // comment, CDATA, processing instruction
                }
                boolean closing = tag.startsWith("/");
                String name = tagName(closing ? tag.substring(1) : tag);
                boolean selfClosing = tag.endsWith("/");
                if (!inParagraph && text.toString().isBlank()) {
                    // Still before any content: only a plain paragraph may open the body.
                    if (!closing && name.equals("p") && !selfClosing) {
                        inParagraph = true;
                        i = end + 1;
                        continue;
                    }
                    return null;
                }
                if (name.equals("br")) {
                    return text.toString();
                }
                if (inParagraph && closing && name.equals("p")) {
                    return text.toString();
                }
                if (!inParagraph && BLOCK_TAGS.contains(name)) {
                    return text.toString(); // bare text followed by a block
                }
                return null; // inline markup inside the first line
            }
            if (c == '&') {
                int semi = s.indexOf(';', i);
                if (semi < 0 || semi - i > 12) {
                    text.append(c);
                    i++;
                    continue;
                }
                String decoded = decodeEntity(s.substring(i + 1, semi));
                if (decoded == null) {
                    text.append(s, i, semi + 1);
                } else {
                    text.append(decoded);
                }
                i = semi + 1;
                continue;
            }
            text.append(c);
            i++;
        }
        if (n < s.length() || inParagraph) {
            return null; // absurdly long first block, or an unclosed paragraph: not a command
        }
        return text.toString();
    }

    private static String tagName(String tag) {
        int j = 0;
        while (j < tag.length()) {
            char c = tag.charAt(j);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/' || c == '>') {
                break;
            }
            j++;
        }
        return tag.substring(0, j).toLowerCase(Locale.ROOT);
    }

    private static String decodeEntity(String e) {
        switch (e) {
            case "amp":
                return "&";
            case "lt":
                return "<";
            case "gt":
                return ">";
            case "quot":
                return "\"";
            case "apos":
                return "'";
            case "nbsp":
                return "\u00A0";
            default:
                break;
        }
        try {
            int cp;
            if (e.startsWith("#x") || e.startsWith("#X")) {
                cp = Integer.parseInt(e.substring(2), 16);
            } else if (e.startsWith("#")) {
                cp = Integer.parseInt(e.substring(1));
            } else {
                return null;
            }
            if (!Character.isValidCodePoint(cp) || cp == 0) {
                return "\uFFFD";
            }
            return new String(Character.toChars(cp));
        } catch (NumberFormatException ex) {
            return null;
        }
    }

    static Result classify(String rawLine) {
        String line = WS.matcher(rawLine).replaceAll(" ").strip();
        if (line.equals("/approve")) {
            return new Result.Approve(null);
        }
        Matcher m = APPROVE_PINNED.matcher(line);
        if (m.matches()) {
            return new Result.Approve("sha256:" + m.group(1).toLowerCase(Locale.ROOT));
        }
        if (line.equals("/reject")) {
            return new Result.Reject("");
        }
        if (line.startsWith("/reject ")) {
            String reason = line.substring("/reject ".length()).strip();
            if (reason.codePointCount(0, reason.length()) > MAX_REASON) {
                reason = reason.substring(0, reason.offsetByCodePoints(0, MAX_REASON));
            }
            return new Result.Reject(reason);
        }
        return lookalike(line);
    }

    private static Result lookalike(String line) {
        String folded = Normalizer.normalize(line, Normalizer.Form.NFKC)
                .replaceAll("[\\p{Cf}\\u200B-\\u200D\\u2060\\uFEFF]", "")
                .replace('\u2044', '/')
                .replace('\u2215', '/')
                .replace('\u29F8', '/')
                .replace('\u2571', '/')
                .replace('\\', '/')
                .toLowerCase(Locale.ROOT)
                .strip();
        boolean approveLike = folded.startsWith("/approve");
        boolean rejectLike = folded.startsWith("/reject");
        if (!approveLike && !rejectLike) {
            return NONE;
        }
        String word = approveLike ? "/approve" : "/reject";
        if (!line.startsWith("/")) {
            return new Result.Lookalike("starts with a character that only looks like '/' (U+002F)");
        }
        if (!line.startsWith(word)) {
            return new Result.Lookalike("commands are lower case and contain no hidden characters: write " + word);
        }
        if (approveLike) {
            return new Result.Lookalike(
                    "the first line must be exactly '/approve' or '/approve sha256:<64 hex digits>'");
        }
        return new Result.Lookalike("the first line must be '/reject' or '/reject <reason>'");
    }
}
