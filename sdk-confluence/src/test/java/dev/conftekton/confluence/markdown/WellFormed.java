package dev.conftekton.confluence.markdown;

import java.io.StringReader;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/** Parses a storage-format fragment with the JDK parser inside a root declaring the ac/ri namespaces. */
final class WellFormed {
    private WellFormed() {}

    private static final DocumentBuilderFactory FACTORY = factory();

    private static DocumentBuilderFactory factory() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Document parse(String storage) throws Exception {
        DocumentBuilder b;
        synchronized (FACTORY) {
            b = FACTORY.newDocumentBuilder();
        }
        b.setErrorHandler(new DefaultHandler() {
            @Override
            public void error(SAXParseException e) throws SAXParseException {
                throw e;
            }
        });
        String wrapped =
                "<root xmlns:ac=\"http://atlassian.com/content\" xmlns:ri=\"http://atlassian.com/resource/identifier\">"
                        + storage + "</root>";
        return b.parse(new InputSource(new StringReader(wrapped)));
    }

    static void assertWellFormed(String storage) throws Exception {
        try {
            parse(storage);
        } catch (SAXParseException e) {
            throw new AssertionError("not well-formed (" + e.getMessage() + "):\n" + storage, e);
        }
    }
}
