package dev.conftekton.cli.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The catalog rules hold for every task under tekton-catalog/task, and each rule can fail. */
class CatalogRulesTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    /** A task that follows every rule; the tests below break it one rule at a time. */
    static final String GOOD =
            """
            apiVersion: tekton.dev/v1
            kind: Task
            metadata:
              name: good-task
              labels:
                app.kubernetes.io/version: "0.1"
              annotations:
                tekton.dev/pipelines.minVersion: "0.50.0"
                tekton.dev/categories: Deployment
                tekton.dev/tags: confluence
                tekton.dev/displayName: Good task
                tekton.dev/platforms: linux/amd64,linux/arm64
                artifacthub.io/category: security
                artifacthub.io/license: Apache-2.0
                artifacthub.io/provider: conftekton
                artifacthub.io/links: |
                  - name: source
                    url: https://example.com
                artifacthub.io/maintainers: |
                  - name: someone
            spec:
              description: Checks an approval.
              params:
                - name: page-id
                  description: The page.
                - name: wait
                  description: Wait or not.
                  default: "false"
              workspaces:
                - name: confluence-credentials
                  readOnly: true
              results:
                - name: approved
                  description: true or false
              steps:
                - name: verify
                  image: ghcr.io/conftekton/conftekton-task@DIGEST
                  args:
                    - verify-approval
                    - --page-id=$(params.page-id)
                    - --wait=$(params.wait)
                    - --credentials-dir=$(workspaces.confluence-credentials.path)
                    - --results-dir=/tekton/results
                  securityContext:
                    runAsNonRoot: true
                    runAsUser: 65532
                    runAsGroup: 65532
                    allowPrivilegeEscalation: false
                    readOnlyRootFilesystem: true
                    capabilities:
                      drop: [ALL]
            """
                    .replace("DIGEST", DIGEST);

    static final String README = "Results: `approved`.";

    private static List<String> check(String yaml) {
        return CatalogRules.checkTask(yaml, "good-task", "0.1", README);
    }

    private static Path catalog() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("tekton-catalog/task"))) {
                return p.resolve("tekton-catalog/task");
            }
        }
        throw new IllegalStateException("no tekton-catalog/task above " + here);
    }

    @TestFactory
    Stream<DynamicTest> everyCatalogTaskFollowsTheRules() throws IOException {
        List<Path> versions;
        try (Stream<Path> tasks = Files.list(catalog())) {
            versions = tasks.filter(Files::isDirectory)
                    .flatMap(t -> {
                        try (Stream<Path> vs = Files.list(t)) {
                            return vs.filter(Files::isDirectory).toList().stream();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .sorted()
                    .toList();
        }
        assertThat(versions)
                .extracting(p -> p.getParent().getFileName().toString())
                .contains("confluence-publish", "confluence-verify-approval");
        return versions.stream()
                .map(dir -> DynamicTest.dynamicTest(
                        dir.getParent().getFileName() + "/" + dir.getFileName(),
                        () -> assertThat(CatalogRules.check(dir)).isEmpty()));
    }

    @Test
    void theGoodFixtureIsGood() {
        assertThat(check(GOOD)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            version label differs       | app.kubernetes.io/version: "0.1"           | app.kubernetes.io/version: "0.2"            | version:
            annotation missing          | tekton.dev/tags: confluence                | tekton.dev/other: confluence                | annotation: tekton.dev/tags
            annotation empty            | artifacthub.io/provider: conftekton        | artifacthub.io/provider: ""                 | annotation: artifacthub.io/provider
            platforms incomplete        | linux/amd64,linux/arm64                    | linux/amd64                                 | tekton.dev/platforms must list
            description missing         | description: Checks an approval.           | displayName2: x                             | description:
            image by tag                | conftekton-task@DIGEST                     | conftekton-task:0.1                         | not pinned
            image latest                | conftekton-task@DIGEST                     | conftekton-task:latest                      | uses :latest
            param undeclared            | --page-id=$(params.page-id)                | --page-id=$(params.pageid)                  | $(params.pageid) is used but not declared
            param unused                | --wait=$(params.wait)                      | --wait=true                                 | param wait is declared but never used
            unknown CLI option          | --wait=$(params.wait)                      | --wait-for-it=$(params.wait)                | --wait-for-it is not an option of 'conftekton verify-approval'
            not a subcommand            | - verify-approval                          | - verify-approvals                          | not a conftekton subcommand
            results dir missing         | - --results-dir=/tekton/results            | - --page-id=1                               | --results-dir=/tekton/results is not passed
            credentials not a workspace | --credentials-dir=$(workspaces.confluence-credentials.path) | --credentials-dir=/etc/creds | --credentials-dir must be
            runs as root                | runAsUser: 65532                           | runAsUser: 0                                | securityContext:
            writable root               | readOnlyRootFilesystem: true               | readOnlyRootFilesystem: false               | securityContext:
            wrong kind                  | kind: Task                                 | kind: ClusterTask                           | kind:
            name differs from directory | name: good-task                            | name: other-task                            | metadata.name
            """)
    void eachRuleCanFail(String rule, String from, String to, String expected) {
        String good = GOOD.replace("DIGEST", DIGEST);
        String fromText = from.replace("DIGEST", DIGEST);
        assertThat(good).as("fixture for " + rule).contains(fromText);

        List<String> violations = check(good.replace(fromText, to));

        assertThat(violations).as(rule).anyMatch(v -> v.contains(expected));
    }

    @Test
    void aScriptOrCommandIsRefused() {
        String withScript = GOOD.replace("      args:\n", "      script: echo hi\n      args:\n");
        String withCommand = GOOD.replace("      args:\n", "      command: [java]\n      args:\n");

        assertThat(check(withScript)).anyMatch(v -> v.startsWith("script:"));
        assertThat(check(withCommand)).anyMatch(v -> v.startsWith("command:"));
    }

    @Test
    void secretLookingEnvIsRefusedByNameValueOrSecretRef() {
        String step = "      args:\n";
        String byName = GOOD.replace(step, "      env:\n        - name: CONFLUENCE_TOKEN\n          value: x\n" + step);
        String byValue = GOOD.replace(step, "      env:\n        - name: X\n          value: my-password-1\n" + step);
        String byRef = GOOD.replace(
                step,
                "      env:\n        - name: X\n          valueFrom:\n            secretKeyRef: {name: s, key: k}\n"
                        + step);
        String harmless =
                GOOD.replace(step, "      env:\n        - name: JAVA_TOOL_OPTIONS\n          value: -Xss1m\n" + step);

        assertThat(check(byName)).anyMatch(v -> v.startsWith("env:"));
        assertThat(check(byValue)).anyMatch(v -> v.startsWith("env:"));
        assertThat(check(byRef)).anyMatch(v -> v.startsWith("env:"));
        assertThat(check(harmless)).isEmpty();
    }

    @Test
    void aSecondStepIsRefused() {
        String twoSteps = GOOD + "    - name: extra\n      image: ghcr.io/x/y@" + DIGEST + "\n      args: [publish]\n";

        assertThat(check(twoSteps)).anyMatch(v -> v.contains("exactly one step"));
    }

    @Test
    void anUndocumentedResultIsRefused() {
        assertThat(CatalogRules.checkTask(GOOD, "good-task", "0.1", "no results here"))
                .anyMatch(v -> v.contains("result approved is not documented"));
    }

    @Test
    void layoutNeedsReadmeSamplesAndTests(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("good-task/0.1"));
        Files.writeString(dir.resolve("good-task.yaml"), GOOD);

        assertThat(CatalogRules.check(dir))
                .contains(
                        "layout: README.md is missing",
                        "layout: samples/ holds no .yaml example",
                        "layout: tests/run.yaml is missing");

        Files.writeString(dir.resolve("README.md"), README);
        Files.createDirectories(dir.resolve("samples"));
        Files.writeString(dir.resolve("samples/run.yaml"), "kind: TaskRun\n");
        Files.createDirectories(dir.resolve("tests"));
        Files.writeString(dir.resolve("tests/run.yaml"), "kind: Pipeline\n");
        assertThat(CatalogRules.check(dir)).isEmpty();

        Path misnamed = Files.createDirectories(tmp.resolve("other/0.1"));
        Files.writeString(misnamed.resolve("task.yaml"), GOOD);
        assertThat(CatalogRules.check(misnamed)).containsExactly("layout: other/0.1/other.yaml is missing");
    }
}
