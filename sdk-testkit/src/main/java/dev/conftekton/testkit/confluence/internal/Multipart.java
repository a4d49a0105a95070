package dev.conftekton.testkit.confluence.internal;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code multipart/form-data} body split into parts. */
final class Multipart {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=(\"?)([^\";]{1,200})\\1");
    private static final Pattern NAME = Pattern.compile("(?i)\\bname=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("(?i)\\bfilename=\"([^\"]*)\"");
    private static final Pattern FILENAME_STAR = Pattern.compile("(?i)\\bfilename\\*=UTF-8''([^;\\s]+)");

    private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset=\"?([^\";\\s]+)\"?");

    /**
     * @param contentType the part's Content-Type, or {@code null} when it has none
     */
    record Part(String name, String filename, String contentType, byte[] data) {
        /**
         * The part as text in the charset its Content-Type names. Without one, ISO-8859-1, as Confluence's
         * servlet stack decodes form fields (CONFSERVER-52492: a UTF-8 attachment comment sent without a
         * charset comes out as mojibake), so clients must declare {@code charset=UTF-8} for non-ASCII text.
         */
        String text() {
            Charset cs = StandardCharsets.ISO_8859_1;
            Matcher m = contentType == null ? null : CHARSET.matcher(contentType);
            if (m != null && m.find()) {
                try {
                    cs = Charset.forName(m.group(1));
                } catch (IllegalArgumentException e) {
                    throw ApiError.badRequest("Unsupported charset '" + m.group(1) + "' in a multipart part.");
                }
            }
            return new String(data, cs);
        }

        /** The part's media type, {@code application/octet-stream} when it declares none. */
        String mediaType() {
            return contentType == null ? "application/octet-stream" : contentType;
        }
    }

    private Multipart() {}

    static List<Part> parse(String contentType, byte[] body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ApiError(
                    415,
                    "UNSUPPORTED_MEDIA_TYPE",
                    "Attachments are uploaded as multipart/form-data with a part named 'file'.");
        }
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            throw ApiError.badRequest("The multipart Content-Type has no boundary.");
        }
        byte[] delimiter = ("--" + m.group(2)).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int start = indexOf(body, delimiter, 0);
        if (start < 0) {
            throw ApiError.badRequest("The multipart body does not contain its boundary.");
        }
        while (true) {
            int pos = start + delimiter.length;
            if (pos + 1 < body.length && body[pos] == '-' && body[pos + 1] == '-') {
                break; // closing delimiter
            }
            pos = skipLineEnd(body, pos);
            int next = indexOf(body, delimiter, pos);
            if (next < 0) {
                throw ApiError.badRequest("The multipart body is truncated (no closing boundary).");
            }
            int end = next;
            if (end >= 2 && body[end - 2] == '\r' && body[end - 1] == '\n') {
                end -= 2;
            } else if (end >= 1 && body[end - 1] == '\n') {
                end -= 1;
            }
            parts.add(part(Arrays.copyOfRange(body, pos, Math.max(pos, end))));
            start = next;
        }
        return parts;
    }

    private static Part part(byte[] raw) {
        int split = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        int bodyStart = split + 4;
        if (split < 0) {
            split = indexOf(raw, "\n\n".getBytes(StandardCharsets.ISO_8859_1), 0);
            bodyStart = split + 2;
        }
        if (split < 0) {
            throw ApiError.badRequest("A multipart part has no header block.");
        }
        String headers = new String(raw, 0, split, StandardCharsets.UTF_8);
        String name = null;
        String filename = null;
        String type = null;
        for (String line : headers.split("\r?\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-disposition:")) {
                Matcher n = NAME.matcher(line);
                if (n.find()) {
                    name = n.group(1);
                }
                Matcher fs = FILENAME_STAR.matcher(line);
                Matcher f = FILENAME.matcher(line);
                if (fs.find()) {
                    filename = Req.decode(fs.group(1));
                } else if (f.find()) {
                    filename = f.group(1);
                }
            } else if (lower.startsWith("content-type:")) {
                type = line.substring(13).trim();
            }
        }
        if (name == null) {
            throw ApiError.badRequest("A multipart part has no name in its Content-Disposition.");
        }
        return new Part(name, filename, type, Arrays.copyOfRange(raw, bodyStart, raw.length));
    }

    private static int skipLineEnd(byte[] b, int pos) {
        if (pos < b.length && b[pos] == '\r') {
            pos++;
        }
        if (pos < b.length && b[pos] == '\n') {
            pos++;
        }
        return pos;
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
