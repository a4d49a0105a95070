/**
 * Reports finished Tekton PipelineRuns to Confluence through the publishing engine's record mode
 * ({@link dev.conftekton.confluence.publish.BuildRecords}): a record page per run with status,
 * duration and results, and/or a row per run on a log page.
 *
 * <pre>{@code
 * RunReporter reporter = RunReporter.builder()
 *         .rest(confluenceRestClient)
 *         .space("OPS")                 // one record page per run, under the space home
 *         .logPageId("884412")          // and a row per run on this page
 *         .build();
 * reporter.report(pipelineRun);         // one finished run (fabric8 model)
 *
 * try (RunReportWatcher watcher = RunReportWatcher.builder()
 *         .runs(TektonRuns.builder().client(k8s).namespace("ci").build())
 *         .reporter(reporter)
 *         .build()
 *         .start()) {
 *     watcher.awaitClose();         // reports every run that finishes in namespace ci
 * }
 * }</pre>
 *
 * <p>See {@code docs/run-reporter.md} for the record format and the idempotency rules.
 */
package dev.conftekton.tekton.report;
