package dev.conftekton.cli.catalog;

import dev.conftekton.cli.ConftektonCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

/**
 * The rules every task under {@code tekton-catalog/task} follows: the Tekton catalog layout and
 * annotations, digest-pinned images, no scripts, no secrets in env, params and results that line
 * up, and step arguments that are real options of the CLI the image runs. {@link #check} returns the
 * violations, one line each; an empty list means the task is fine.
 */
final class CatalogRules {
    static final List<String> REQUIRED_ANNOTATIONS = List.of(
            "tekton.dev/pipelines.minVersion",
            "tekton.dev/categories",
            "tekton.dev/tags",
            "tekton.dev/displayName",
            "tekton.dev/platforms",
            "artifacthub.io/category",
            "artifacthub.io/license",
            "artifacthub.io/provider",
            "artifacthub.io/links",
            "artifacthub.io/maintainers");
    static final String RESULTS_DIR = "--results-dir=/tekton/results";

    private static final Pattern DIGEST_PIN = Pattern.compile("[^@\\s]+@sha256:[0-9a-f]{64}");
    private static final Pattern PARAM_REF = Pattern.compile("\\$\\(params\\.([A-Za-z0-9_.-]+?)(\\[\\*])?\\)");
    private static final Pattern SECRETISH = Pattern.compile(
            "(?i)(secret|token|passw(or)?d|passwd|api[-_]?key|credential|private[-_]?key|bearer|authorization)");
    private static final Pattern OPTION = Pattern.compile("(--[A-Za-z0-9][A-Za-z0-9-]*)(=.*)?", Pattern.DOTALL);

    private CatalogRules() {}

    /** Violations of the task in {@code versionDir} ({@code task/<name>/<version>}). */
    static List<String> check(Path versionDir) throws IOException {
        List<String> v = new ArrayList<>();
        String version = versionDir.getFileName().toString();
        String name = versionDir.getParent().getFileName().toString();
        Path yamlFile = versionDir.resolve(name + ".yaml");
        Path readme = versionDir.resolve("README.md");
        if (!Files.isRegularFile(yamlFile)) {
            v.add("layout: " + name + "/" + version + "/" + name + ".yaml is missing");
            return v;
        }
        if (!Files.isRegularFile(readme)) {
            v.add("layout: README.md is missing");
        }
        Path samples = versionDir.resolve("samples");
        try (Stream<Path> s = Files.isDirectory(samples) ? Files.list(samples) : Stream.empty()) {
            if (s.noneMatch(p -> p.toString().endsWith(".yaml"))) {
                v.add("layout: samples/ holds no .yaml example");
            }
        }
        if (!Files.isRegularFile(versionDir.resolve("tests/run.yaml"))) {
            v.add("layout: tests/run.yaml is missing");
        }
        String readmeText = Files.isRegularFile(readme) ? Files.readString(readme, StandardCharsets.UTF_8) : "";
        v.addAll(checkTask(Files.readString(yamlFile, StandardCharsets.UTF_8), name, version, readmeText));
        return v;
    }

    /** Violations of one task document, given the directory names it sits in and its README. */
    @SuppressWarnings("unchecked")
    static List<String> checkTask(String yamlText, String name, String version, String readme) {
        List<String> v = new ArrayList<>();
        Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
        if (!(loaded instanceof Map<?, ?> task)) {
            return List.of("yaml: not a mapping");
        }
        if (!"tekton.dev/v1".equals(task.get("apiVersion")) || !"Task".equals(task.get("kind"))) {
            v.add("kind: must be a tekton.dev/v1 Task");
        }
        Map<String, Object> metadata = map(task.get("metadata"));
        if (!name.equals(metadata.get("name"))) {
            v.add("layout: metadata.name '" + metadata.get("name") + "' differs from the directory '" + name + "'");
        }
        Object label = map(metadata.get("labels")).get("app.kubernetes.io/version");
        if (!version.equals(label == null ? null : label.toString())) {
            v.add("version: label app.kubernetes.io/version '" + label + "' differs from the directory '" + version
                    + "'");
        }
        Map<String, Object> annotations = map(metadata.get("annotations"));
        for (String a : REQUIRED_ANNOTATIONS) {
            Object value = annotations.get(a);
            if (value == null || value.toString().isBlank()) {
                v.add("annotation: " + a + " is missing or empty");
            }
        }
        Object platforms = annotations.get("tekton.dev/platforms");
        if (platforms != null
                && !(platforms.toString().contains("linux/amd64")
                        && platforms.toString().contains("linux/arm64"))) {
            v.add("annotation: tekton.dev/platforms must list linux/amd64 and linux/arm64");
        }
        Map<String, Object> spec = map(task.get("spec"));
        Object description = spec.get("description");
        if (description == null || description.toString().isBlank()) {
            v.add("description: spec.description is missing");
        }

        List<Map<String, Object>> steps = list(spec.get("steps"));
        List<Map<String, Object>> containers = new ArrayList<>(steps);
        containers.addAll(list(spec.get("sidecars")));
        if (spec.get("stepTemplate") != null) {
            containers.add(map(spec.get("stepTemplate")));
        }
        if (steps.size() != 1) {
            v.add("steps: a catalog task has exactly one step (the CLI), found " + steps.size());
        }
        for (Map<String, Object> c : containers) {
            String where = "step " + c.get("name");
            Object image = c.get("image");
            if (image != null) {
                String ref = image.toString();
                if (!DIGEST_PIN.matcher(ref).matches()) {
                    v.add("image: " + where + " image '" + ref + "' is not pinned by @sha256 digest");
                }
                if (ref.contains(":latest")) {
                    v.add("image: " + where + " uses :latest");
                }
            } else if (steps.contains(c)) {
                v.add("image: " + where + " has no image");
            }
            if (c.containsKey("script")) {
                v.add("script: " + where + " has a script; pass params as args instead");
            }
            if (c.containsKey("command")) {
                v.add("command: " + where + " sets command; the image's entrypoint is the CLI");
            }
            for (Map<String, Object> env : CatalogRules.<Map<String, Object>>list(c.get("env"))) {
                String envName = String.valueOf(env.get("name"));
                Object value = env.get("value");
                if (SECRETISH.matcher(envName).find()
                        || (value != null && SECRETISH.matcher(value.toString()).find())
                        || map(env.get("valueFrom")).containsKey("secretKeyRef")) {
                    v.add("env: " + where + " env " + envName
                            + " looks like a secret; mount credentials as a workspace instead");
                }
            }
            for (Object envFrom : list(c.get("envFrom"))) {
                if (map(envFrom).containsKey("secretRef")) {
                    v.add("env: " + where + " takes env from a Secret; mount it as a workspace instead");
                }
            }
            Map<String, Object> sc = map(c.get("securityContext"));
            if (steps.contains(c)
                    && !(Boolean.TRUE.equals(sc.get("runAsNonRoot"))
                            && Integer.valueOf(65532).equals(sc.get("runAsUser"))
                            && Boolean.FALSE.equals(sc.get("allowPrivilegeEscalation"))
                            && Boolean.TRUE.equals(sc.get("readOnlyRootFilesystem"))
                            && list(map(sc.get("capabilities")).get("drop"))
                                    .toString()
                                    .contains("ALL"))) {
                v.add("securityContext: " + where + " must run as non-root 65532, without privilege escalation,"
                        + " with a read-only root filesystem and all capabilities dropped");
            }
        }

        // Params: declared <-> used.
        Set<String> declared = new LinkedHashSet<>();
        for (Map<String, Object> p : CatalogRules.<Map<String, Object>>list(spec.get("params"))) {
            declared.add(String.valueOf(p.get("name")));
            if (p.get("description") == null || p.get("description").toString().isBlank()) {
                v.add("params: param " + p.get("name") + " has no description");
            }
        }
        Set<String> used = new LinkedHashSet<>();
        collectParamRefs(steps, used);
        collectParamRefs(list(spec.get("sidecars")), used);
        collectParamRefs(spec.get("volumes"), used);
        for (String u : used) {
            if (!declared.contains(u)) {
                v.add("params: $(params." + u + ") is used but not declared");
            }
        }
        for (String d : declared) {
            if (!used.contains(d)) {
                v.add("params: param " + d + " is declared but never used");
            }
        }

        // Results: documented in the README.
        List<Map<String, Object>> results = list(spec.get("results"));
        for (Map<String, Object> r : results) {
            String result = String.valueOf(r.get("name"));
            if (!readme.contains("`" + result + "`")) {
                v.add("results: result " + result + " is not documented in README.md (as `" + result + "`)");
            }
        }

        // Args: real options of the CLI command the step runs.
        for (Map<String, Object> step : steps) {
            List<Object> args = list(step.get("args"));
            if (args.isEmpty()) {
                v.add("args: step " + step.get("name") + " has no args");
                continue;
            }
            v.addAll(checkArgs(args.stream().map(String::valueOf).toList(), !results.isEmpty()));
        }
        return v;
    }

    /** The leading arguments select the subcommand; every {@code --option} must be one of its options. */
    static List<String> checkArgs(List<String> args, boolean declaresResults) {
        List<String> v = new ArrayList<>();
        CommandLine command = ConftektonCommand.newCommandLine();
        int i = 0;
        while (i < args.size() && command.getSubcommands().containsKey(args.get(i))) {
            command = command.getSubcommands().get(args.get(i));
            i++;
        }
        if (i == 0) {
            v.add("args: the first argument '" + args.get(0) + "' is not a conftekton subcommand");
            return v;
        }
        CommandLine.Model.CommandSpec spec = command.getCommandSpec();
        for (String arg : args.subList(i, args.size())) {
            if (!arg.startsWith("-")) {
                continue; // a positional, such as the source directory
            }
            Matcher m = OPTION.matcher(arg);
            if (!m.matches()) {
                v.add("args: '" + arg + "' is not of the form --option=value");
                continue;
            }
            if (spec.findOption(m.group(1)) == null) {
                v.add("args: " + m.group(1) + " is not an option of 'conftekton "
                        + spec.qualifiedName(" ").replaceFirst("^conftekton ", "") + "'");
            }
            if (m.group(1).equals("--credentials-dir")
                    && !arg.equals("--credentials-dir=$(workspaces.confluence-credentials.path)")) {
                v.add("args: --credentials-dir must be the confluence-credentials workspace");
            }
        }
        if (declaresResults && !args.contains(RESULTS_DIR)) {
            v.add("args: results are declared but " + RESULTS_DIR + " is not passed");
        }
        return v;
    }

    private static void collectParamRefs(Object node, Set<String> into) {
        if (node instanceof Map<?, ?> m) {
            m.values().forEach(x -> collectParamRefs(x, into));
        } else if (node instanceof List<?> l) {
            l.forEach(x -> collectParamRefs(x, into));
        } else if (node instanceof String s) {
            Matcher m = PARAM_REF.matcher(s);
            while (m.find()) {
                into.add(m.group(1));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object o) {
        return o instanceof List<?> l ? (List<T>) l : List.of();
    }
}
