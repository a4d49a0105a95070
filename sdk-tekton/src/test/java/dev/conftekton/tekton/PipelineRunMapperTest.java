package dev.conftekton.tekton;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PipelineRunMapperTest {

    @Test
    void readsStringArrayAndObjectResults() {
        GenericKubernetesResource run = run(Map.of(
                "conditions",
                List.of(Map.of("type", "Succeeded", "status", "True", "reason", "Succeeded")),
                "results",
                List.of(
                        Map.of("name", "digest", "value", "sha256:abc"),
                        Map.of("name", "tags", "value", List.of("v1", "latest")),
                        Map.of("name", "page", "value", Map.of("id", "1", "space", "DOCS")))));

        RunOutcome outcome = PipelineRunMapper.toOutcome(run);

        assertThat(outcome.results().get("digest").type()).isEqualTo(RunParam.Type.STRING);
        assertThat(outcome.results().get("tags").array()).containsExactly("v1", "latest");
        assertThat(outcome.results().get("page").type()).isEqualTo(RunParam.Type.OBJECT);
        assertThat(outcome.results().get("page").object())
                .containsEntry("id", "1")
                .containsEntry("space", "DOCS");
    }

    @ParameterizedTest
    @CsvSource({
        "True,Succeeded,SUCCEEDED",
        "True,Completed,SUCCEEDED",
        "False,Failed,FAILED",
        "False,CouldntGetPipeline,FAILED",
        "False,PipelineRunTimeout,TIMED_OUT",
        "False,Cancelled,CANCELLED",
        "False,CancelledRunFinally,CANCELLED",
        "False,StoppedRunFinally,CANCELLED",
        "False,PipelineRunCancelled,CANCELLED",
        "Unknown,Running,RUNNING",
        "Unknown,Started,RUNNING",
        "Unknown,PipelineRunPending,PENDING"
    })
    void mapsTheSucceededConditionToAState(String status, String reason, RunState expected) {
        GenericKubernetesResource run =
                run(Map.of("conditions", List.of(Map.of("type", "Succeeded", "status", status, "reason", reason))));

        assertThat(PipelineRunMapper.toOutcome(run).state()).isEqualTo(expected);
    }

    @Test
    void aRunWithoutStatusIsPending() {
        GenericKubernetesResource run = new GenericKubernetesResource();
        run.setMetadata(new ObjectMeta());

        assertThat(PipelineRunMapper.toOutcome(run).state()).isEqualTo(RunState.PENDING);
    }

    @Test
    void malformedStatusFieldsAreIgnoredNotFatal() {
        GenericKubernetesResource run =
                run(Map.of("conditions", "not a list", "results", List.of("not an object"), "startTime", "yesterday"));

        RunOutcome outcome = PipelineRunMapper.toOutcome(run);

        assertThat(outcome.state()).isEqualTo(RunState.PENDING);
        assertThat(outcome.startTime()).isEmpty();
        assertThat(outcome.results()).isEmpty();
    }

    private static GenericKubernetesResource run(Map<String, Object> status) {
        GenericKubernetesResource run = new GenericKubernetesResource();
        ObjectMeta meta = new ObjectMeta();
        meta.setName("r");
        meta.setNamespace("ci");
        run.setMetadata(meta);
        run.setAdditionalProperty("status", status);
        return run;
    }
}
