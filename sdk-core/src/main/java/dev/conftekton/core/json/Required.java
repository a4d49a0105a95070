package dev.conftekton.core.json;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component that must be present and non-null in JSON; decoding fails with a
 * {@link dev.conftekton.core.error.DecodingException} naming it otherwise.
 *
 * <pre>{@code
 * record Page(@Required String id, String title) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface Required {}
