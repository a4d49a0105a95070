/**
 * A typed client for Confluence Cloud (REST v2 plus v1 where v2 has no equivalent) and Confluence
 * Data Center (REST v1), built on sdk-core's {@code RestClient}.
 *
 * <pre>{@code
 * ConfluenceClient confluence = ConfluenceClient.newBuilder()
 *         .siteUrl("https://example.atlassian.net")                 // or .cloudGateway(cloudId)
 *         .basicAuth("ci@example.com", Secret.of(apiToken))         // or .tokenSource(oauthOrPat)
 *         .build();
 *
 * Page notes = confluence.pages().findByTitle("DOCS", "Release notes").orElseThrow();
 * String entry = StorageBuilder.create()
 *         .heading(2, "1.4.0")
 *         .paragraph(Inline.of(Inline.text("Status: "), Inline.status(StatusColour.GREEN, "SHIPPED")))
 *         .build();
 * confluence.pages().updateWithRetry(notes.id(), p -> PageUpdate.body(entry + p.body()));
 *
 * confluence.labels().add(notes.id(), "released");
 * confluence.attachments().upload(notes.id(), "sbom.json", "application/json", sbom, "CI run 42");
 * for (FooterComment c : confluence.comments().list(notes.id())) {
 *     System.out.println(c.authorId() + ": " + StorageReader.plainText(c.body()));
 * }
 * confluence.search().cql("label = released order by created desc").stream().limit(5).forEach(System.out::println);
 * }</pre>
 *
 * <p>Services: {@link dev.conftekton.confluence.SpaceService}, {@link
 * dev.conftekton.confluence.PageService}, {@link dev.conftekton.confluence.PropertyService}, {@link
 * dev.conftekton.confluence.LabelService}, {@link dev.conftekton.confluence.CommentService}, {@link
 * dev.conftekton.confluence.AttachmentService}, {@link dev.conftekton.confluence.SearchService},
 * {@link dev.conftekton.confluence.ContentStateService}, {@link dev.conftekton.confluence.UserService}.
 * Every operation has an overload taking {@code RequestOptions} (timeout, retries, extra headers).
 * Lists are {@code AutoPager}s that fetch further pages as they are iterated.
 *
 * <p>Concurrency: writes carry {@code version.number = current + 1}; a stale write fails with
 * {@link dev.conftekton.confluence.VersionConflictException}, and the {@code updateWithRetry}
 * helpers re-read and re-apply the change so that concurrent writers never lose each other's
 * updates.
 */
package dev.conftekton.confluence;
