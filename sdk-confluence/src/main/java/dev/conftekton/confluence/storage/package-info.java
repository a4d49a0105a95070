/**
 * Confluence storage format (XHTML with {@code ac:} and {@code ri:} elements): a builder whose
 * output is always well-formed XML, the escaping rules it uses, and a reader that turns storage
 * format back into plain text.
 *
 * <pre>{@code
 * String body = StorageBuilder.create()
 *         .heading(1, "Release " + version)
 *         .paragraph(Inline.of(Inline.text("Approved by "), Inline.strong(approver)))
 *         .codeBlock("yaml", "values.yaml", yaml)          // "]]>" inside is handled
 *         .info("Rollout", "Canary first, then 100%.")
 *         .build();
 *
 * String text = StorageReader.plainText(body);           // for reading comments back
 * }</pre>
 *
 * <p>Text that XML 1.0 cannot carry (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE,
 * U+FFFF) is replaced by U+FFFD; see {@link dev.conftekton.confluence.storage.StorageEscaper}.
 */
package dev.conftekton.confluence.storage;
