package dev.conftekton.cli.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The proof harness's reading of a catalog Task, on the fixture copies in src/test/resources. */
class CatalogTaskTest {
    static final Path FIXTURES = Path.of("src/test/resources/catalog-fixture");

    @Test
    void substitutesGivenParamsDefaultsWorkspacesAndResultsAsTektonWould() throws Exception {
        CatalogTask task = CatalogTask.load(FIXTURES, "confluence-publish", "0.1");

        List<String> args = task.resolveArgs(Map.of("confluence-url", "http://127.0.0.1:1/wiki", "space", "DEV"));

        assertThat(task.stepName).isEqualTo("publish");
        assertThat(args)
                .containsExactly(
                        "publish",
                        "/workspace/source/docs",
                        "--url=http://127.0.0.1:1/wiki",
                        "--space=DEV",
                        "--root-page-id=",
                        "--title-prefix=",
                        "--on-conflict=fail",
                        "--credentials-dir=/workspace/confluence-credentials",
                        "--results-dir=/tekton/results");
    }

    @Test
    void emptyDefaultsReachTheCliAsEmptyOptions() throws Exception {
        CatalogTask task = CatalogTask.load(FIXTURES, "confluence-verify-approval", "0.1");

        List<String> args = task.resolveArgs(Map.of("confluence-url", "http://x/wiki", "page-id", "7", "space", "OPS"));

        // Optional params left at "" arrive as "--name=", which the CLI treats as not given
        // (EmptyOptionValuesTest); the rest arrive as given.
        assertThat(args).anyMatch(a -> a.startsWith("--") && a.endsWith("="));
        assertThat(args.stream().filter(a -> !(a.startsWith("--") && a.endsWith("="))))
                .containsExactly(
                        "verify-approval",
                        "--site=http://x/wiki",
                        "--page-id=7",
                        "--space=OPS",
                        "--required=1",
                        "--credentials-dir=/workspace/confluence-credentials",
                        "--results-dir=/tekton/results");
    }

    @Test
    void onTheHostWorkspacesAreTheGivenDirectoriesAndResultsGoToTheGivenOne() throws Exception {
        CatalogTask task = CatalogTask.load(FIXTURES, "confluence-publish", "0.1");
        Path src = Path.of("/tmp/src");
        Path creds = Path.of("/tmp/creds");
        Path results = Path.of("/tmp/out");

        List<String> args = task.resolveArgsOnHost(
                Map.of("confluence-url", "http://h/wiki", "space", "DEV"),
                Map.of("source", src, "confluence-credentials", creds),
                results);

        assertThat(args)
                .contains("/tmp/src/docs", "--credentials-dir=/tmp/creds", "--results-dir=/tmp/out")
                .noneMatch(a -> a.contains("/workspace") || a.contains("/tekton"));
        assertThatThrownBy(() -> task.resolveArgsOnHost(
                        Map.of("confluence-url", "u", "space", "S"), Map.of("source", src), results))
                .hasMessageContaining("workspace 'confluence-credentials' is not bound");
    }

    @Test
    void findsTheParamBehindAnOptionWhateverItIsCalled() throws Exception {
        CatalogTask task = CatalogTask.load(FIXTURES, "confluence-verify-approval", "0.1");

        assertThat(task.paramFor("--site")).contains("confluence-url");
        assertThat(task.paramFor("--page-id")).contains("page-id");
        assertThat(task.paramFor("--credentials-dir")).isEmpty(); // a workspace, not a param
        assertThatThrownBy(() -> task.requireParamFor("--wait")).hasMessageContaining("no param feeds --wait");
    }

    @Test
    void aParamWithoutDefaultOrValueFailsLikeTektonDoes() throws Exception {
        CatalogTask task = CatalogTask.load(FIXTURES, "confluence-verify-approval", "0.1");

        assertThatThrownBy(() -> task.resolveArgs(Map.of("confluence-url", "u", "space", "S")))
                .hasMessageContaining("param 'page-id' has no default");
        assertThatThrownBy(() -> task.resolveArgs(Map.of("pageid", "1")))
                .hasMessageContaining("the task has no param 'pageid'");
    }

    @Test
    void aStepWithAScriptOrSeveralStepsIsRefused() {
        String head = "apiVersion: tekton.dev/v1\nkind: Task\nmetadata: {name: t}\nspec:\n  steps:\n";
        String script = head + "    - {name: s, image: i, script: 'echo $(params.x)'}\n";
        String two = head + "    - {name: a, image: i}\n    - {name: b, image: i}\n";

        assertThatThrownBy(() -> CatalogTask.parse(Path.of("t.yaml"), script))
                .hasMessageContaining("the step may only have");
        assertThatThrownBy(() -> CatalogTask.parse(Path.of("t.yaml"), two))
                .hasMessageContaining("exactly one step, found 2");
    }

    @Test
    void unknownWorkspaceOrResultReferencesAreErrors() {
        String yaml = "apiVersion: tekton.dev/v1\nkind: Task\nmetadata: {name: t}\nspec:\n"
                + "  workspaces: [{name: src}]\n  results: [{name: ok}]\n  steps:\n"
                + "    - {name: s, image: i, args: ['$(workspaces.other.path)', '$(results.ok.path)']}\n";
        CatalogTask task = CatalogTask.parse(Path.of("t.yaml"), yaml);

        assertThatThrownBy(() -> task.resolveArgs(Map.of())).hasMessageContaining("$(workspaces.other.path)");
    }
}
