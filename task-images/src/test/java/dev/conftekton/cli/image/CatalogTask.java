package dev.conftekton.cli.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A catalog Task read from its YAML, and its single step turned into the container arguments that
 * Tekton would pass: params substituted (given values, else defaults; a param with neither is an
 * error, as in Tekton), workspaces at {@code /workspace/NAME}, results at {@code /tekton/results/NAME}.
 * Only what the catalog contract allows is accepted: one step with {@code image} and {@code args}
 * (no {@code script}, {@code command} or {@code env}), so the image's own entrypoint runs.
 *
 * <p>The same reading serves the image proof (the container's paths) and {@code CatalogStepTest}, which runs the
 * step in-process with host directories ({@link #resolveArgsOnHost}).
 */
public final class CatalogTask {
    static final String WORKSPACES = "/workspace";
    static final String RESULTS = "/tekton/results";

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([a-z]+)\\.([A-Za-z0-9_-]+)(\\.path)?\\)");
    private static final Set<String> STEP_KEYS =
            Set.of("name", "image", "args", "computeResources", "securityContext", "volumeMounts");

    final Path file;
    final String name;
    final Map<String, Optional<String>> params; // name -> default
    final List<String> workspaces;
    /** Optional workspaces; the tests bind none of them, so Tekton's "" stands for their path. */
    final List<String> optionalWorkspaces;
    /** Where the step mounts the Task's emptyDir volumes (scratch space such as /tmp). */
    final List<String> scratchMounts;

    final List<String> results;
    final String stepName;
    final String image;
    final List<String> args;

    private CatalogTask(
            Path file,
            String name,
            Map<String, Optional<String>> params,
            List<String> workspaces,
            List<String> optionalWorkspaces,
            List<String> scratchMounts,
            List<String> results,
            String stepName,
            String image,
            List<String> args) {
        this.file = file;
        this.name = name;
        this.params = params;
        this.workspaces = workspaces;
        this.optionalWorkspaces = optionalWorkspaces;
        this.scratchMounts = scratchMounts;
        this.results = results;
        this.stepName = stepName;
        this.image = image;
        this.args = args;
    }

    /** Reads {@code CATALOG/NAME/VERSION/NAME.yaml}. */
    public static CatalogTask load(Path catalogDir, String name, String version) throws IOException {
        Path file = catalogDir.resolve(name).resolve(version).resolve(name + ".yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no catalog task at " + file.toAbsolutePath()
                    + " (set -Dconftekton.catalog.dir to the directory that holds the task folders)");
        }
        return parse(file, Files.readString(file, StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    static CatalogTask parse(Path file, String yaml) {
        Map<String, Object> doc = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        require(file, "tekton.dev/v1".equals(doc.get("apiVersion")), "apiVersion must be tekton.dev/v1");
        require(file, "Task".equals(doc.get("kind")), "kind must be Task");
        String name = (String) ((Map<String, Object>) doc.get("metadata")).get("name");
        Map<String, Object> spec = (Map<String, Object>) doc.get("spec");
        Map<String, Optional<String>> params = new LinkedHashMap<>();
        for (Map<String, Object> p : list(spec.get("params"))) {
            Object def = p.get("default");
            params.put((String) p.get("name"), Optional.ofNullable(def).map(Object::toString));
        }
        List<String> workspaces = new ArrayList<>();
        List<String> optionalWorkspaces = new ArrayList<>();
        for (Map<String, Object> w : list(spec.get("workspaces"))) {
            workspaces.add((String) w.get("name"));
            if (Boolean.TRUE.equals(w.get("optional"))) {
                optionalWorkspaces.add((String) w.get("name"));
            }
        }
        List<String> emptyDirs = new ArrayList<>();
        for (Map<String, Object> v : list(spec.get("volumes"))) {
            if (v.containsKey("emptyDir")) {
                emptyDirs.add((String) v.get("name"));
            }
        }
        List<String> results = new ArrayList<>();
        list(spec.get("results")).forEach(r -> results.add((String) r.get("name")));
        List<Map<String, Object>> steps = list(spec.get("steps"));
        require(file, steps.size() == 1, "expected exactly one step, found " + steps.size());
        Map<String, Object> step = steps.get(0);
        require(
                file,
                STEP_KEYS.containsAll(step.keySet()),
                "the step may only have " + STEP_KEYS + " (the image's entrypoint runs), found " + step.keySet());
        List<String> scratchMounts = new ArrayList<>();
        for (Map<String, Object> m : list(step.get("volumeMounts"))) {
            require(
                    file,
                    emptyDirs.contains((String) m.get("name")),
                    "the step mounts volume '" + m.get("name") + "', which is not an emptyDir of the Task");
            scratchMounts.add((String) m.get("mountPath"));
        }
        List<String> args = new ArrayList<>();
        for (Object a : (List<Object>) Objects.requireNonNullElse(step.get("args"), List.of())) {
            args.add(a.toString());
        }
        return new CatalogTask(
                file,
                name,
                params,
                List.copyOf(workspaces),
                List.copyOf(optionalWorkspaces),
                List.copyOf(scratchMounts),
                List.copyOf(results),
                (String) step.get("name"),
                (String) step.get("image"),
                List.copyOf(args));
    }

    /**
     * The param whose value goes to {@code option} ({@code --option=$(params.X)}), if the step passes
     * one; lets a test give values by CLI option whatever the catalog calls its params.
     */
    Optional<String> paramFor(String option) {
        for (String a : args) {
            if (a.startsWith(option + "=")) {
                Matcher m = REFERENCE.matcher(a.substring(option.length() + 1));
                if (m.matches() && m.group(1).equals("params")) {
                    return Optional.of(m.group(2));
                }
            }
        }
        return Optional.empty();
    }

    /** As {@link #paramFor}, failing with the step's args when there is none. */
    String requireParamFor(String option) {
        return paramFor(option)
                .orElseThrow(() ->
                        new IllegalStateException(file + ": no param feeds " + option + "; step args are " + args));
    }

    /** The step's args with every reference substituted, as the container receives them. */
    List<String> resolveArgs(Map<String, String> given) {
        return resolveArgs(given, ws -> optionalWorkspaces.contains(ws) ? "" : WORKSPACES + "/" + ws);
    }

    /**
     * The step's args for running the CLI in-process on this host: workspaces at the directories given (an unbound
     * optional one as {@code ""}, as Tekton passes it), results under {@code resultsDir} instead of
     * {@value #RESULTS}.
     */
    public List<String> resolveArgsOnHost(Map<String, String> given, Map<String, Path> workspaceDirs, Path resultsDir) {
        List<String> args = resolveArgs(given, ws -> {
            Path dir = workspaceDirs.get(ws);
            require(file, dir != null || optionalWorkspaces.contains(ws), "workspace '" + ws + "' is not bound");
            return dir == null ? "" : dir.toString();
        });
        // the step's own --results-dir=/tekton/results as well as $(results.X.path)
        return args.stream().map(a -> a.replace(RESULTS, resultsDir.toString())).toList();
    }

    /** The results the task declares. */
    public List<String> results() {
        return results;
    }

    private List<String> resolveArgs(Map<String, String> given, Function<String, String> workspacePath) {
        for (String p : given.keySet()) {
            if (!params.containsKey(p)) {
                throw new IllegalArgumentException(
                        file + ": the task has no param '" + p + "'; it has " + params.keySet());
            }
        }
        List<String> out = new ArrayList<>(args.size());
        for (String a : args) {
            Matcher m = REFERENCE.matcher(a);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(sb, Matcher.quoteReplacement(resolve(m, given, workspacePath)));
            }
            m.appendTail(sb);
            out.add(sb.toString());
        }
        return out;
    }

    private String resolve(Matcher m, Map<String, String> given, Function<String, String> workspacePath) {
        String kind = m.group(1);
        String ref = m.group(2);
        boolean path = m.group(3) != null;
        switch (kind) {
            case "params" -> {
                require(file, !path, "$(params." + ref + ".path) is not a param reference");
                if (given.containsKey(ref)) {
                    return given.get(ref);
                }
                Optional<String> def = params.get(ref);
                require(file, def != null, "the step uses param '" + ref + "', which is not declared");
                return def.orElseThrow(() -> new IllegalArgumentException(
                        file + ": param '" + ref + "' has no default and the test gave no value"));
            }
            case "workspaces" -> {
                require(file, path && workspaces.contains(ref), "unknown workspace reference " + m.group());
                return workspacePath.apply(ref);
            }
            case "results" -> {
                require(file, path && results.contains(ref), "unknown result reference " + m.group());
                return RESULTS + "/" + ref;
            }
            default -> throw new IllegalStateException(file + ": unsupported reference " + m.group());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return o == null ? List.of() : (List<Map<String, Object>>) o;
    }

    private static void require(Path file, boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(file + ": " + message);
        }
    }

    @Override
    public String toString() {
        return name + " (" + file + ")";
    }
}
