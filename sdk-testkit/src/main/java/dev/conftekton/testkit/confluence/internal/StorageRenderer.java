package dev.conftekton.testkit.confluence.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders Confluence storage format as safe HTML: an allow-list of HTML elements and attributes, Confluence's code,
 * info/note/warning/tip macros, images and links; everything else is dropped or escaped.
 */
final class StorageRenderer {
    private static final Pattern TOKEN = Pattern.compile(
            "<!\\[CDATA\\[(.*?)]]>|<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9:_-]*)((?:\\s+[^\\s=>/]+(?:\\s*=\\s*(?:\"[^\"]*\"|'[^']*'|[^\\s>]+))?)*)\\s*(/?)>",
            Pattern.DOTALL);
    private static final Pattern ATTR =
            Pattern.compile("([^\\s=>/]+)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+)))?");
    private static final Pattern ENTITY =
            Pattern.compile("&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});");
    private static final Set<String> ALLOWED = Set.of(
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "p",
            "br",
            "hr",
            "ul",
            "ol",
            "li",
            "table",
            "thead",
            "tbody",
            "tfoot",
            "tr",
            "th",
            "td",
            "colgroup",
            "col",
            "strong",
            "b",
            "em",
            "i",
            "u",
            "s",
            "del",
            "sub",
            "sup",
            "code",
            "pre",
            "blockquote",
            "span",
            "div",
            "a",
            "caption",
            "small",
            "big");
    private static final Set<String> VOID = Set.of("br", "hr", "col");
    private static final Set<String> DROP_CONTENT = Set.of(
            "script",
            "style",
            "iframe",
            "object",
            "embed",
            "template",
            "noscript",
            "textarea",
            "title",
            "head",
            "svg",
            "math",
            "ac:parameter");
    private static final Map<String, String> CALLOUTS =
            Map.of("info", "Info", "note", "Note", "warning", "Warning", "tip", "Tip", "panel", "Panel");

    private StorageRenderer() {}

    static String render(String storage) {
        return render(storage, name -> null);
    }

    /**
     * @param attachmentUrl resolves an attachment file name of the page to a URL, or {@code null}
     */
    static String render(String storage, Function<String, String> attachmentUrl) {
        StringBuilder out = new StringBuilder(storage.length() + 64);
        Deque<String> macroClose = new ArrayDeque<>();
        Deque<String> htmlOpen = new ArrayDeque<>();
        int drop = 0;
        String dropTag = null;
        boolean inImage = false;
        boolean inLink = false;
        String linkTarget = null;
        int linkStart = -1;
        Matcher m = TOKEN.matcher(storage);
        int pos = 0;
        while (m.find()) {
            if (drop == 0) {
                text(out, storage.substring(pos, m.start()));
            }
            pos = m.end();
            if (m.group(1) != null) { // CDATA
                if (drop == 0) {
                    out.append(Html.escape(m.group(1)));
                }
                continue;
            }
            if (m.group(3) == null) { // comment
                continue;
            }
            boolean closing = !m.group(2).isEmpty();
            String tag = m.group(3).toLowerCase(Locale.ROOT);
            boolean selfClosing = !m.group(5).isEmpty();
            Map<String, String> attrs = closing ? Map.of() : attrs(m.group(4));
            if (drop > 0) {
                if (tag.equals(dropTag)) {
                    if (closing) {
                        drop--;
                    } else if (!selfClosing) {
                        drop++;
                    }
                }
                continue;
            }
            if (DROP_CONTENT.contains(tag)) {
                if (!closing && !selfClosing) {
                    drop = 1;
                    dropTag = tag;
                }
                continue;
            }
            switch (tag) {
                case "ac:structured-macro", "ac:macro" -> {
                    if (closing) {
                        if (!macroClose.isEmpty()) {
                            out.append(macroClose.pop());
                        }
                    } else {
                        String name = attrs.getOrDefault("ac:name", "macro").toLowerCase(Locale.ROOT);
                        String open;
                        String close;
                        if (name.equals("code") || name.equals("noformat")) {
                            String lang = macroParam(storage, m.end(), "language");
                            open = "<pre class=\"code\""
                                    + (lang == null ? "" : " data-language=\"" + Html.escape(lang) + "\"") + "><code>";
                            close = "</code></pre>";
                        } else if (CALLOUTS.containsKey(name)) {
                            open = "<div class=\"macro macro-" + name
                                    + "\" role=\"note\"><strong class=\"macro-title\">" + CALLOUTS.get(name)
                                    + "</strong>";
                            close = "</div>";
                        } else if (name.equals("toc") || name.equals("children")) {
                            open = "<div class=\"macro\">[" + Html.escape(name) + "]</div>";
                            close = "";
                        } else {
                            open = "<div class=\"macro macro-other\" data-macro=\"" + Html.escape(name) + "\">";
                            close = "</div>";
                        }
                        if (selfClosing) {
                            out.append(open).append(close);
                        } else {
                            out.append(open);
                            macroClose.push(close);
                        }
                    }
                }
                case "ac:plain-text-body" -> {
                    // its CDATA is emitted escaped above
                }
                case "ac:rich-text-body",
                        "ac:layout",
                        "ac:layout-section",
                        "ac:layout-cell",
                        "ac:task-list",
                        "ac:task-body",
                        "ac:task-id",
                        "ac:task-status",
                        "ac:link-body" -> {
                    // transparent containers
                }
                case "ac:task" -> out.append(closing ? "</div>" : "<div class=\"task\">&#9744; ");
                case "ac:emoticon" -> out.append(":" + Html.escape(attrs.getOrDefault("ac:name", "")) + ":");
                case "ac:image" -> {
                    inImage = !closing && !selfClosing;
                }
                case "ri:attachment" -> {
                    String file = attrs.get("ri:filename");
                    if (file != null && inImage) {
                        String url = attachmentUrl.apply(file);
                        out.append(
                                url == null
                                        ? "<span class=\"missing-image\">[image " + Html.escape(file) + "]</span>"
                                        : "<img src=\"" + Html.escape(url) + "\" alt=\"" + Html.escape(file) + "\">");
                    } else if (file != null && inLink) {
                        linkTarget = attachmentUrl.apply(file);
                    }
                }
                case "ri:url" -> {
                    String url = safeUrl(attrs.get("ri:value"));
                    if (url != null && inImage) {
                        out.append("<img src=\"" + Html.escape(url) + "\" alt=\"\">");
                    }
                }
                case "ac:link" -> {
                    if (!closing && !selfClosing) {
                        inLink = true;
                        linkTarget = null;
                        linkStart = out.length();
                    } else if (closing && inLink) {
                        inLink = false;
                        String inner = out.substring(linkStart);
                        out.setLength(linkStart);
                        out.append(
                                        linkTarget == null
                                                ? "<span class=\"link\">"
                                                : "<a href=\"" + Html.escape(linkTarget) + "\">")
                                .append(inner)
                                .append(linkTarget == null ? "</span>" : "</a>");
                    }
                }
                case "ri:page" -> {
                    String title = attrs.get("ri:content-title");
                    if (inLink && title != null) {
                        linkTarget = null;
                        out.append(Html.escape(title)).append(' ');
                    }
                }
                case "ac:plain-text-link-body" -> {
                    // CDATA inside becomes the link text
                }
                default -> {
                    if (tag.startsWith("ac:") || tag.startsWith("ri:") || !ALLOWED.contains(tag)) {
                        continue; // unknown element: keep its text, drop the markup
                    }
                    if (closing) {
                        if (htmlOpen.contains(tag)) {
                            while (!htmlOpen.isEmpty()) {
                                String t = htmlOpen.pop();
                                out.append("</").append(t).append('>');
                                if (t.equals(tag)) {
                                    break;
                                }
                            }
                        }
                    } else {
                        out.append('<').append(tag);
                        safeAttributes(out, tag, attrs);
                        out.append('>');
                        if (!VOID.contains(tag) && !selfClosing) {
                            htmlOpen.push(tag);
                        }
                    }
                }
            }
        }
        if (drop == 0) {
            text(out, storage.substring(pos));
        }
        while (!htmlOpen.isEmpty()) {
            out.append("</").append(htmlOpen.pop()).append('>');
        }
        while (!macroClose.isEmpty()) {
            out.append(macroClose.pop());
        }
        return out.toString();
    }

    private static String macroParam(String storage, int from, String name) {
        Pattern p = Pattern.compile(
                "<ac:parameter\\s+ac:name=\"" + Pattern.quote(name) + "\"\\s*>([^<]{0,64})</ac:parameter>");
        Matcher m = p.matcher(storage);
        int end = storage.indexOf("</ac:structured-macro>", from);
        if (m.find(from) && (end < 0 || m.start() < end)) {
            return decodeEntities(m.group(1)).trim();
        }
        return null;
    }

    private static void safeAttributes(StringBuilder out, String tag, Map<String, String> attrs) {
        for (Map.Entry<String, String> a : attrs.entrySet()) {
            String name = a.getKey().toLowerCase(Locale.ROOT);
            String value = a.getValue();
            boolean ok =
                    switch (name) {
                        case "colspan", "rowspan" ->
                            (tag.equals("td") || tag.equals("th")) && value.matches("[0-9]{1,3}");
                        case "href" -> tag.equals("a") && (value = safeUrl(value)) != null;
                        case "title" -> true;
                        default -> false;
                    };
            if (ok) {
                out.append(' ')
                        .append(name)
                        .append("=\"")
                        .append(Html.escape(value))
                        .append('"');
            }
        }
        if (tag.equals("a")) {
            out.append(" rel=\"noopener noreferrer nofollow\"");
        }
    }

    /** {@code url} (an attribute value, entities already decoded) when it is safe as a link or image source. */
    static String safeUrl(String url) {
        if (url == null) {
            return null;
        }
        // browsers drop tabs and line breaks anywhere in a URL and read '\' as '/': "/\evil" and "/<TAB>/evil" are
        // the other host "//evil", not a path of this site
        String u = url.replaceAll("[\t\n\r]", "").trim();
        String lower = u.toLowerCase(Locale.ROOT);
        boolean sameSitePath = u.startsWith("/") && !(u.length() > 1 && (u.charAt(1) == '/' || u.charAt(1) == '\\'));
        if (lower.startsWith("http://")
                || lower.startsWith("https://")
                || lower.startsWith("mailto:")
                || sameSitePath
                || u.startsWith("#")) {
            return u;
        }
        return null;
    }

    private static Map<String, String> attrs(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isBlank()) {
            return out;
        }
        Matcher a = ATTR.matcher(raw);
        while (a.find()) {
            String v = a.group(2) != null ? a.group(2) : a.group(3) != null ? a.group(3) : a.group(4);
            // XML attribute values carry entity references; decode once here, escape once on output
            out.put(a.group(1).toLowerCase(Locale.ROOT), v == null ? "" : decodeEntities(v));
        }
        return out;
    }

    /** Text between tags: keep valid entity references, escape everything else. */
    private static void text(StringBuilder out, String s) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '&') {
                Matcher e = ENTITY.matcher(s);
                if (e.find(i) && e.start() == i) {
                    out.append(e.group());
                    i = e.end();
                    continue;
                }
                out.append("&amp;");
            } else if (c == '<') {
                out.append("&lt;");
            } else if (c == '>') {
                out.append("&gt;");
            } else if (c == '"') {
                out.append("&quot;");
            } else {
                out.append(c);
            }
            i++;
        }
    }

    static String decodeEntities(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = ENTITY.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String rep;
            if (e.startsWith("#x")) {
                rep = codePoint(Integer.parseInt(e.substring(2), 16));
            } else if (e.startsWith("#")) {
                rep = codePoint(Integer.parseInt(e.substring(1)));
            } else {
                rep = switch (e) {
                    case "amp" -> "&";
                    case "lt" -> "<";
                    case "gt" -> ">";
                    case "quot" -> "\"";
                    case "apos" -> "'";
                    case "nbsp" -> "\u00a0";
                    default -> m.group();
                };
            }
            m.appendReplacement(out, Matcher.quoteReplacement(rep));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String codePoint(int cp) {
        return Character.isValidCodePoint(cp) && cp != 0 ? new String(Character.toChars(cp)) : "\ufffd";
    }

    /** The text of a storage document, without markup. */
    static String plainText(String storage) {
        StringBuilder out = new StringBuilder();
        Matcher m = TOKEN.matcher(storage);
        int pos = 0;
        while (m.find()) {
            out.append(storage, pos, m.start());
            if (m.group(1) != null) {
                out.append(m.group(1));
            } else if (m.group(3) != null) {
                String tag = m.group(3).toLowerCase(Locale.ROOT);
                if (Set.of("p", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "div")
                        .contains(tag)) {
                    out.append(' ');
                }
            }
            pos = m.end();
        }
        out.append(storage.substring(pos));
        return decodeEntities(out.toString()).replaceAll("\\s+", " ").trim();
    }
}
