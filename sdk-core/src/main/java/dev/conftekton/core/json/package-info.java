/**
 * JSON mapping: {@link dev.conftekton.core.json.JsonCodec} (records, {@code java.time}, unknown
 * fields ignored), {@link dev.conftekton.core.json.Types} for generic types and the {@link
 * dev.conftekton.core.json.JsonName}/{@link dev.conftekton.core.json.Required} annotations.
 *
 * <pre>{@code
 * record Version(@Required int number, String message) {}
 * Version v = JsonCodec.defaults().fromJson("{\"number\":3}", Version.class);
 * }</pre>
 */
package dev.conftekton.core.json;
