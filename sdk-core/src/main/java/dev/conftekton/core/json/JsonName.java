package dev.conftekton.core.json;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The JSON name of a record component, field or enum constant, when it differs from the Java name.
 *
 * <pre>{@code
 * record PageLinks(String next, @JsonName("webui") String webUi) {}
 * record PageList(List<Page> results, @JsonName("_links") PageLinks links) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface JsonName {
    String value();
}
