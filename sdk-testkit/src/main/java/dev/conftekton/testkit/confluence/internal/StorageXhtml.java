package dev.conftekton.testkit.confluence.internal;

import java.io.StringReader;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Confluence stores pages as XHTML and refuses a body that does not parse ("Error parsing xhtml: Unexpected close
 * tag &lt;/p&gt;; expected &lt;/br&gt;"), so an unclosed {@code <br>} that a browser forgives fails a real publish.
 * The emulator checks the same well-formedness: elements closed and nested, attributes quoted, {@code ac:}/{@code
 * ri:} prefixes without declarations, and HTML's named entities ({@code &nbsp;}) allowed as Confluence allows them.
 */
final class StorageXhtml {
    private static final Pattern NAMED_ENTITY = Pattern.compile("&([A-Za-z][A-Za-z0-9]*);");
    private static final Set<String> XML_ENTITIES = Set.of("amp", "lt", "gt", "quot", "apos");
    private static final XMLInputFactory FACTORY = newFactory();

    private StorageXhtml() {}

    private static XMLInputFactory newFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        return f;
    }

    /** Returns {@code storage} when it is well-formed XHTML, otherwise throws a 400 saying where it is not. */
    static String requireWellFormed(String storage) {
        if (storage == null || storage.isEmpty()) {
            return storage;
        }
        // HTML's named entities stand in for characters; for the check, any one of them is as good as &amp;.
        Matcher m = NAMED_ENTITY.matcher(storage);
        String xml = m.replaceAll(r -> XML_ENTITIES.contains(r.group(1)) ? "$0" : "&amp;");
        XMLStreamReader reader = null;
        try {
            reader = FACTORY.createXMLStreamReader(new StringReader("<storage>" + xml + "</storage>"));
            while (reader.hasNext()) {
                reader.next();
            }
            return storage;
        } catch (XMLStreamException e) {
            throw ApiError.badRequest("Error parsing xhtml: " + describe(e));
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing was opened that needs closing
                }
            }
        }
    }

    private static String describe(XMLStreamException e) {
        String message = e.getMessage() == null ? "not well-formed" : e.getMessage();
        // The JDK prefixes "ParseError at [row,col]:[1,19]\nMessage: "; keep the message, one line, bounded.
        int at = message.indexOf("Message: ");
        String text = (at >= 0 ? message.substring(at + 9) : message)
                .replaceAll("\\s+", " ")
                .trim();
        if (e.getLocation() != null) {
            // column counts from the synthetic wrapper on the first line
            int col = e.getLocation().getLineNumber() == 1
                    ? Math.max(1, e.getLocation().getColumnNumber() - "<storage>".length())
                    : e.getLocation().getColumnNumber();
            text += " at [row,col]: [" + e.getLocation().getLineNumber() + "," + col + "]";
        }
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
