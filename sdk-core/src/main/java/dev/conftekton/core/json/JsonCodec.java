package dev.conftekton.core.json;

import dev.conftekton.core.json.internal.MoshiJsonCodec;
import java.lang.reflect.Type;

/**
 * Converts between JSON text and Java values (records, classes, collections, {@code java.time}).
 *
 * <pre>{@code
 * record Page(String id, String title, @Required int version, Optional<String> parentId) {}
 *
 * JsonCodec json = JsonCodec.defaults();
 * Page page = json.fromJson("{\"id\":\"1\",\"title\":\"Home\",\"version\":3}", Page.class);
 * List<Page> pages = json.fromJson(text, Types.listOf(Page.class));
 * String text = json.toJson(page);
 * }</pre>
 *
 * <p>Rules of {@link #defaults()}: unknown fields are ignored; a missing or null field becomes
 * null, {@code Optional.empty()} or an empty collection; a missing record component that is a
 * primitive or annotated {@link Required} fails with a {@link
 * dev.conftekton.core.error.DecodingException} naming the field and its JSON path; {@link JsonName}
 * renames a component; {@code Instant}/{@code OffsetDateTime}/{@code LocalDate} are ISO-8601
 * strings; nulls are left out when writing. Thread-safe.
 */
public interface JsonCodec {
    /** {@code value} as JSON text. */
    String toJson(Object value);

    /** {@code value} as JSON text, written as type {@code type} (for generic values). */
    String toJson(Object value, Type type);

    /**
     * Reads {@code json} as {@code type}.
     *
     * @throws dev.conftekton.core.error.DecodingException when the text is not JSON or does not fit
     *     the type; the message names the field and path
     */
    <T> T fromJson(String json, Type type);

    /** Reads {@code json} as {@code type}. */
    <T> T fromJson(String json, Class<T> type);

    /** The codec described above (Moshi inside). */
    static JsonCodec defaults() {
        return MoshiJsonCodec.defaults();
    }
}
