/**
 * Values the Confluence client reads and writes: {@link dev.conftekton.confluence.model.Space},
 * {@link dev.conftekton.confluence.model.Page}, {@link dev.conftekton.confluence.model.Version},
 * {@link dev.conftekton.confluence.model.ContentProperty}, {@link
 * dev.conftekton.confluence.model.FooterComment}, {@link dev.conftekton.confluence.model.Attachment},
 * {@link dev.conftekton.confluence.model.User}, {@link dev.conftekton.confluence.model.Group}, and the
 * write requests {@link dev.conftekton.confluence.model.NewPage} and {@link
 * dev.conftekton.confluence.model.PageUpdate}.
 *
 * <p>All are immutable records that validate in their constructors; lists are copied. They are the
 * same for Cloud (v1 and v2) and Data Center: the client maps each API's shape onto them.
 */
package dev.conftekton.confluence.model;
