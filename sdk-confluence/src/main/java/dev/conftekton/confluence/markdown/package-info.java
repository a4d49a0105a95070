/**
 * Markdown to Confluence storage format: {@link dev.conftekton.confluence.markdown.MarkdownConverter}
 * turns CommonMark plus GitHub extensions into a well-formed storage-format body, reporting the
 * title, labels, attachments and page links the publishing engine needs.
 */
package dev.conftekton.confluence.markdown;
