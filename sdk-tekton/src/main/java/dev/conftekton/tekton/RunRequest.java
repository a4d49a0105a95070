package dev.conftekton.tekton;

import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.PipelineRunBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to start: a Pipeline by reference, or a PipelineRun template, plus params, workspaces,
 * labels, annotations and the Confluence page that caused the run. Immutable; build with
 * {@link #pipeline(String)} or {@link #fromTemplate(PipelineRun)}.
 *
 * <pre>{@code
 * RunRequest request = RunRequest.pipeline("release-notes")
 *         .param(RunParam.array("targets", List.of("prod", "staging")))
 *         .param(RunParam.object("page", Map.of("id", "123", "space", "DOCS")))
 *         .workspace(Workspace.volumeClaimTemplate("source", "1Gi"))
 *         .label("team", "docs")
 *         .timeout(Duration.ofMinutes(20))
 *         .build();
 * }</pre>
 *
 * <p>With a template, the request's params replace template params of the same name and are
 * added otherwise; workspaces likewise by name; labels and annotations are merged over the
 * template's.
 */
public final class RunRequest {
    private final String pipelineName;
    private final PipelineRun template;
    private final String name;
    private final String generateName;
    private final List<RunParam> params;
    private final List<Workspace> workspaces;
    private final Map<String, String> labels;
    private final Map<String, String> annotations;
    private final ConfluencePage confluencePage;
    private final String serviceAccountName;
    private final Duration timeout;

    private RunRequest(Builder b) {
        this.pipelineName = b.pipelineName;
        this.template = b.template == null ? null : new PipelineRunBuilder(b.template).build();
        this.name = b.name;
        this.generateName = b.generateName;
        this.params = List.copyOf(b.params.values());
        this.workspaces = List.copyOf(b.workspaces.values());
        this.labels = Map.copyOf(b.labels);
        this.annotations = Map.copyOf(b.annotations);
        this.confluencePage = b.confluencePage;
        this.serviceAccountName = b.serviceAccountName;
        this.timeout = b.timeout;
    }

    /** Starts a builder for a run of the Pipeline named {@code pipelineName} in the run's namespace. */
    public static Builder pipeline(String pipelineName) {
        Objects.requireNonNull(pipelineName, "pipelineName");
        if (pipelineName.isBlank()) {
            throw new IllegalArgumentException("pipelineName must not be blank");
        }
        Builder b = new Builder();
        b.pipelineName = pipelineName;
        return b;
    }

    /**
     * Starts a builder from a PipelineRun template (for example loaded with
     * {@code client.v1().pipelineRuns().load(yaml).item()}); the template is copied, never changed.
     * It must name a pipeline ({@code spec.pipelineRef}) or embed one ({@code spec.pipelineSpec}).
     */
    public static Builder fromTemplate(PipelineRun template) {
        Objects.requireNonNull(template, "template");
        if (template.getSpec() == null
                || (template.getSpec().getPipelineRef() == null
                        && template.getSpec().getPipelineSpec() == null)) {
            throw new IllegalArgumentException("a PipelineRun template needs spec.pipelineRef or spec.pipelineSpec");
        }
        Builder b = new Builder();
        b.template = template;
        return b;
    }

    public Optional<String> pipelineName() {
        return Optional.ofNullable(pipelineName);
    }

    /** A copy of the template, if this request was built from one. */
    public Optional<PipelineRun> template() {
        return Optional.ofNullable(template).map(t -> new PipelineRunBuilder(t).build());
    }

    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    public Optional<String> generateName() {
        return Optional.ofNullable(generateName);
    }

    public List<RunParam> params() {
        return params;
    }

    public List<Workspace> workspaces() {
        return workspaces;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public Map<String, String> annotations() {
        return annotations;
    }

    public Optional<ConfluencePage> confluencePage() {
        return Optional.ofNullable(confluencePage);
    }

    public Optional<String> serviceAccountName() {
        return Optional.ofNullable(serviceAccountName);
    }

    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    @Override
    public String toString() {
        return "RunRequest[" + (pipelineName != null ? "pipeline=" + pipelineName : "template") + ", params="
                + params.size() + ", workspaces=" + workspaces.size() + "]";
    }

    /** Collects a {@link RunRequest}. Setting a param or workspace twice keeps the last one. */
    public static final class Builder {
        private String pipelineName;
        private PipelineRun template;
        private String name;
        private String generateName;
        private final Map<String, RunParam> params = new LinkedHashMap<>();
        private final Map<String, Workspace> workspaces = new LinkedHashMap<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private ConfluencePage confluencePage;
        private String serviceAccountName;
        private Duration timeout;

        private Builder() {}

        /** A fixed run name; without it a name is generated from {@link #generateName(String)}. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The prefix for a generated name; defaults to the pipeline (or template) name plus {@code -}. */
        public Builder generateName(String prefix) {
            this.generateName = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        public Builder param(RunParam param) {
            Objects.requireNonNull(param, "param");
            params.put(param.name(), param);
            return this;
        }

        public Builder params(List<RunParam> list) {
            Objects.requireNonNull(list, "list").forEach(this::param);
            return this;
        }

        public Builder workspace(Workspace workspace) {
            Objects.requireNonNull(workspace, "workspace");
            workspaces.put(workspace.name(), workspace);
            return this;
        }

        public Builder label(String key, String value) {
            labels.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder annotation(String key, String value) {
            annotations.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Records the page that caused the run (annotations, and labels where valid). */
        public Builder confluencePage(ConfluencePage page) {
            this.confluencePage = Objects.requireNonNull(page, "page");
            return this;
        }

        /** The service account the run's pods use ({@code spec.taskRunTemplate.serviceAccountName}). */
        public Builder serviceAccountName(String serviceAccountName) {
            this.serviceAccountName = Objects.requireNonNull(serviceAccountName, "serviceAccountName");
            return this;
        }

        /** Tekton's own limit for the whole run ({@code spec.timeouts.pipeline}). */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        public RunRequest build() {
            return new RunRequest(this);
        }
    }
}
