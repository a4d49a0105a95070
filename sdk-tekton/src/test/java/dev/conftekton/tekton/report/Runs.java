package dev.conftekton.tekton.report;

import dev.conftekton.core.auth.AccessToken;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.core.auth.TokenSource;
import dev.conftekton.core.http.HttpRequest;
import dev.conftekton.core.http.RestClient;
import dev.conftekton.core.retry.RetryPolicy;
import dev.conftekton.testkit.confluence.ConfluenceEmulator;
import io.fabric8.knative.pkg.apis.Condition;
import io.fabric8.tekton.v1.ParamValue;
import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.PipelineRunBuilder;
import io.fabric8.tekton.v1.PipelineRunResult;
import java.util.List;
import java.util.Map;

/** Test helpers: PipelineRuns in fabric8's model, and reading pages back from the emulator. */
final class Runs {
    private Runs() {}

    static PipelineRun finished(String name, String conditionStatus, String reason, String message) {
        Condition c = new Condition();
        c.setType("Succeeded");
        c.setStatus(conditionStatus);
        c.setReason(reason);
        c.setMessage(message);
        return new PipelineRunBuilder()
                .withNewMetadata()
                .withNamespace("ci")
                .withName(name)
                .withUid("uid-" + name)
                .addToAnnotations("conftekton.dev/confluence-page-id", "4711")
                .addToAnnotations("conftekton.dev/confluence-space-key", "DOCS")
                .addToAnnotations("conftekton.dev/confluence-page-version", "7")
                .endMetadata()
                .withNewSpec()
                .withNewPipelineRef()
                .withName("build")
                .endPipelineRef()
                .endSpec()
                .withNewStatus()
                .withConditions(c)
                .withStartTime("2026-11-23T10:00:00Z")
                .withCompletionTime("2026-11-23T10:02:30Z")
                .withResults(
                        new PipelineRunResult("digest", new ParamValue("sha256:" + "ab".repeat(32))),
                        new PipelineRunResult("tags", new ParamValue(List.of("v1", "latest"))))
                .endStatus()
                .build();
    }

    static RestClient robot(ConfluenceEmulator emulator) {
        return RestClient.builder()
                .baseUrl(emulator.cloudUrl())
                .tokenSource(TokenSource.of(AccessToken.basic("robot@example.com", Secret.of("robot-api-token"))))
                .retryPolicy(RetryPolicy.none())
                .build();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> page(RestClient rest, String id) {
        return rest.executeJson(
                HttpRequest.get("rest/api/content/" + id)
                        .newBuilder()
                        .query("expand", "body.storage,version,metadata.labels")
                        .build(),
                Map.class);
    }

    @SuppressWarnings("unchecked")
    static String body(RestClient rest, String id) {
        Map<String, Object> body = (Map<String, Object>) page(rest, id).get("body");
        return (String) ((Map<String, Object>) body.get("storage")).get("value");
    }

    @SuppressWarnings("unchecked")
    static int version(RestClient rest, String id) {
        return ((Number) ((Map<String, Object>) page(rest, id).get("version")).get("number")).intValue();
    }

    static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
