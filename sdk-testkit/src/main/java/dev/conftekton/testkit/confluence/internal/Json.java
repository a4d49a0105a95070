package dev.conftekton.testkit.confluence.internal;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;

/** Minimal JSON: parsing through Moshi's streaming reader, writing by hand so that nulls are explicit. */
final class Json {
    private Json() {}

    /** Parses a JSON document into maps, lists, strings, doubles, booleans and nulls. */
    static Object parse(byte[] body) {
        if (body.length == 0) {
            throw ApiError.badRequest("The request body is empty; send a JSON document.");
        }
        try (JsonReader reader = JsonReader.of(new Buffer().write(body))) {
            Object value = reader.readJsonValue();
            if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
                throw ApiError.badRequest("The request body holds more than one JSON value.");
            }
            return value;
        } catch (JsonEncodingException | JsonDataException | IllegalStateException e) {
            throw ApiError.badRequest("The request body is not valid JSON: " + e.getMessage());
        } catch (IOException e) {
            throw ApiError.badRequest("The request body could not be read as JSON: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(byte[] body) {
        Object value = parse(body);
        if (!(value instanceof Map)) {
            throw ApiError.badRequest("The request body must be a JSON object.");
        }
        return (Map<String, Object>) value;
    }

    static Map<String, Object> obj() {
        return new LinkedHashMap<>();
    }

    static Map<String, Object> obj(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> from, String key) {
        Object value = from == null ? null : from.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map)) {
            throw ApiError.badRequest("Field '" + key + "' must be a JSON object.");
        }
        return (Map<String, Object>) value;
    }

    static String string(Map<String, Object> from, String key) {
        Object value = from == null ? null : from.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return Long.toString(n.longValue());
        }
        throw ApiError.badRequest("Field '" + key + "' must be a string.");
    }

    static Integer integer(Map<String, Object> from, String key) {
        Object value = from == null ? null : from.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n
                && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        if (value instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw ApiError.badRequest("Field '" + key + "' must be an integer.");
    }

    static byte[] write(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(out, value);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String writeString(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(out, s);
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Double d) {
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
                out.append(d.longValue());
            } else if (d.isNaN() || d.isInfinite()) {
                out.append("null");
            } else {
                out.append(d);
            }
        } else if (value instanceof Number n) {
            out.append(n);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(out, String.valueOf(e.getKey()));
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(out, item);
            }
            out.append(']');
        } else if (value instanceof Object[] array) {
            write(out, List.of(array));
        } else {
            quote(out, value.toString());
        }
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
