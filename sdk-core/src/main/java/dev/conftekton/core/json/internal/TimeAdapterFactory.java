package dev.conftekton.core.json.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** {@code Instant}, {@code OffsetDateTime}, {@code LocalDate}, {@code URI} and {@code UUID} as strings. */
final class TimeAdapterFactory implements JsonAdapter.Factory {
    // ISO-8601 with the offset written as Z, +01:00 or +0100 (Confluence Data Center uses the last).
    private static final DateTimeFormatter LENIENT_OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart()
            .appendOffset("+HH:MM", "Z")
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HHMM", "Z")
            .optionalEnd()
            .toFormatter();

    @Override
    public JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations, Moshi moshi) {
        if (!annotations.isEmpty()) {
            return null;
        }
        if (type == Instant.class) {
            return adapter(
                    "an ISO-8601 instant such as 2024-05-01T12:00:00Z",
                    TimeAdapterFactory::instant,
                    Instant::toString,
                    true);
        }
        if (type == OffsetDateTime.class) {
            return adapter(
                    "an ISO-8601 date-time with offset such as 2024-05-01T12:00:00+02:00",
                    s -> OffsetDateTime.parse(s, LENIENT_OFFSET),
                    OffsetDateTime::toString,
                    false);
        }
        if (type == LocalDate.class) {
            return adapter("an ISO-8601 date such as 2024-05-01", LocalDate::parse, LocalDate::toString, false);
        }
        if (type == URI.class) {
            return adapter("a URI", TimeAdapterFactory::uri, URI::toString, false);
        }
        if (type == UUID.class) {
            return adapter("a UUID", UUID::fromString, UUID::toString, false);
        }
        return null;
    }

    private static Instant instant(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(s, LENIENT_OFFSET).toInstant();
        }
    }

    private static URI uri(String s) {
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e.getReason(), e);
        }
    }

    private static <T> JsonAdapter<T> adapter(
            String expected, Function<String, T> parse, Function<T, String> format, boolean epochMillis) {
        return new JsonAdapter<T>() {
            @Override
            @SuppressWarnings("unchecked")
            public T fromJson(JsonReader reader) throws IOException {
                JsonReader.Token token = reader.peek();
                if (token == JsonReader.Token.NULL) {
                    return reader.nextNull();
                }
                if (epochMillis && token == JsonReader.Token.NUMBER) {
                    return (T) Instant.ofEpochMilli(reader.nextLong());
                }
                String path = reader.getPath();
                String text = reader.nextString();
                try {
                    return parse.apply(text);
                } catch (RuntimeException e) {
                    String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
                    throw new JsonDataException("expected " + expected + " but was \"" + shown + "\" at path " + path);
                }
            }

            @Override
            public void toJson(JsonWriter writer, T value) throws IOException {
                if (value == null) {
                    writer.nullValue();
                } else {
                    writer.value(format.apply(value));
                }
            }
        }.nullSafe();
    }
}
