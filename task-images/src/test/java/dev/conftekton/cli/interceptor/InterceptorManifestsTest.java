package dev.conftekton.cli.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.cli.ConftektonCommand;
import dev.conftekton.identity.policy.Policy;
import dev.conftekton.identity.policy.Principal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

/**
 * The interceptor Deployments in tekton-catalog/interceptor start a command line the CLI accepts,
 * and every file their arguments name lies on a mounted volume: a renamed option or a moved mount
 * would otherwise only show in a cluster.
 */
class InterceptorManifestsTest {
    private static final Set<String> FILE_OPTIONS = Set.of("--secret-file", "--policy", "--tls-cert", "--tls-key");

    @ParameterizedTest
    @ValueSource(strings = {"deployment.yaml", "deployment-oidc.yaml"})
    void argumentsParseAndNameOnlyMountedFiles(String file) throws IOException {
        Map<String, Object> deployment = documents(file).stream()
                .filter(d -> "Deployment".equals(d.get("kind")))
                .findFirst()
                .orElseThrow();
        Map<String, Object> container = first(map(map(map(deployment, "spec"), "template"), "spec"), "containers");
        List<String> args = strings(container.get("args"));

        CommandLine.ParseResult parsed = ConftektonCommand.newCommandLine().parseArgs(args.toArray(String[]::new));
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("interceptor");
        assertThat(parsed.subcommand().hasMatchedOption("--tls-cert")).isTrue();

        List<String> mounts = new ArrayList<>();
        for (Object m : (List<?>) container.get("volumeMounts")) {
            mounts.add((String) ((Map<?, ?>) m).get("mountPath"));
        }
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0 && FILE_OPTIONS.contains(arg.substring(0, eq))) {
                String path = arg.substring(eq + 1);
                assertThat(mounts).as("%s in %s", arg, file).anySatisfy(mount -> assertThat(path)
                        .startsWith(mount + "/"));
            }
        }
        assertThat(container.get("image").toString()).matches(".+@sha256:[0-9a-f]{64}");
    }

    @Test
    void theOidcExamplePolicyParsesAndAllowsOnlyItsProxyToStartItsPipeline() throws IOException {
        Map<String, Object> configMap = documents("deployment-oidc.yaml").stream()
                .filter(d -> "ConfigMap".equals(d.get("kind")))
                .findFirst()
                .orElseThrow();
        Policy policy = Policy.parse((String) map(configMap, "data").get("policy.yaml"), "deployment-oidc.yaml");
        Principal proxy = Principal.user("https://idp.example.com/realms/ci", "webhook-proxy", List.of());
        Principal other = Principal.user("https://idp.example.com/realms/ci", "someone-else", List.of());

        assertThat(policy.evaluate(proxy, "run:trigger", "tekton:namespace/ci/pipeline/publish-docs")
                        .allowed())
                .isTrue();
        assertThat(policy.evaluate(other, "run:trigger", "tekton:namespace/ci/pipeline/publish-docs")
                        .allowed())
                .isFalse();
        assertThat(policy.evaluate(proxy, "run:trigger", "tekton:namespace/ci/pipeline/deploy-prod")
                        .allowed())
                .isFalse();
    }

    private static List<Map<String, Object>> documents(String file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        for (Object d : yaml.loadAll(Files.readString(interceptorDir().resolve(file)))) {
            if (d != null) {
                docs.add(cast(d));
            }
        }
        return docs;
    }

    private static Path interceptorDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path dir = p.resolve("tekton-catalog/interceptor");
            if (Files.isDirectory(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("no tekton-catalog/interceptor above the working directory");
    }

    private static Map<String, Object> map(Map<String, Object> m, String key) {
        return cast(m.get(key));
    }

    private static Map<String, Object> first(Map<String, Object> m, String key) {
        return cast(((List<?>) m.get(key)).get(0));
    }

    private static List<String> strings(Object o) {
        try (Stream<?> s = ((List<?>) o).stream()) {
            return s.map(String::valueOf).toList();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }
}
