/**
 * Starting, watching and cancelling Tekton {@code PipelineRun}s ({@code tekton.dev/v1}) on top of
 * fabric8's tekton-client.
 *
 * <pre>{@code
 * TektonRuns runs = TektonRuns.builder().client(kubernetesClient).namespace("ci").build();
 * StartedRun started = runs.start(RunRequest.pipeline("publish-docs")
 *         .param(RunParam.string("page-id", "123"))
 *         .workspace(Workspace.emptyDir("source"))
 *         .confluencePage(new ConfluencePage("123", "DOCS", 7))
 *         .build());
 * RunOutcome outcome = runs.await(started.name(), Duration.ofMinutes(30));
 * }</pre>
 */
package dev.conftekton.tekton;
