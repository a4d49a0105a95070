/**
 * Publishing a directory of Markdown as a Confluence page tree, idempotently and in bulk:
 * {@link dev.conftekton.confluence.publish.SourceTree} reads the files,
 * {@link dev.conftekton.confluence.publish.PublishPlanner} compares them with the state recorded on
 * the pages (content property {@code conftekton-publish}), and
 * {@link dev.conftekton.confluence.publish.Publisher} writes parents before children, concurrently,
 * so that an interrupted run converges when run again. Build records (a page from a template plus
 * a row on a log page) are written by {@link dev.conftekton.confluence.publish.BuildRecords}.
 *
 * <pre>{@code
 * Publisher publisher = Publisher.builder(new ConfluencePublishTarget(rest)).concurrency(8).build();
 * PublishTarget.Root root = publisher.target().rootPage("123456");
 * Plan plan = publisher.plan(SourceTree.read(Path.of("docs"), ""), root);
 * PublishResult result = publisher.execute(plan, root, PublishProgress.NONE);
 * }</pre>
 */
package dev.conftekton.confluence.publish;
