package dev.conftekton.tekton;

import io.fabric8.knative.pkg.apis.Condition;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimVolumeSource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.tekton.v1.Param;
import io.fabric8.tekton.v1.ParamValue;
import io.fabric8.tekton.v1.PipelineRef;
import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.PipelineRunResult;
import io.fabric8.tekton.v1.PipelineRunSpec;
import io.fabric8.tekton.v1.PipelineRunStatus;
import io.fabric8.tekton.v1.PipelineTaskRunTemplate;
import io.fabric8.tekton.v1.TimeoutFields;
import io.fabric8.tekton.v1.WorkspaceBinding;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Converts between conftekton's values and fabric8's {@code tekton.dev/v1} model. */
final class PipelineRunMapper {
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    private static final Set<String> CANCEL_REASONS =
            Set.of("Cancelled", "PipelineRunCancelled", "CancelledRunFinally", "StoppedRunFinally");
    private static final Set<String> TIMEOUT_REASONS = Set.of("PipelineRunTimeout");

    private PipelineRunMapper() {}

    /**
     * The PipelineRun to create, as a plain JSON tree. Params are written here rather than through
     * fabric8's model because its {@code ParamValue} serializer (7.1) drops {@code object} values.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> toRaw(RunRequest request, String namespace, KubernetesSerialization json) {
        PipelineRun run = request.template().orElseGet(PipelineRun::new);
        run.setApiVersion("tekton.dev/v1");
        run.setKind("PipelineRun");
        ObjectMeta meta = run.getMetadata() == null ? new ObjectMeta() : run.getMetadata();
        run.setMetadata(meta);
        meta.setNamespace(namespace);
        meta.setResourceVersion(null);
        meta.setUid(null);
        meta.setCreationTimestamp(null);
        PipelineRunSpec spec = run.getSpec() == null ? new PipelineRunSpec() : run.getSpec();
        run.setSpec(spec);
        run.setStatus(null);
        spec.setStatus(null); // a template must never start cancelled or pending by accident

        request.pipelineName().ifPresent(p -> spec.setPipelineRef(new PipelineRef(null, p)));
        String base = request.pipelineName()
                .or(() -> Optional.ofNullable(spec.getPipelineRef()).map(PipelineRef::getName))
                .or(() -> Optional.ofNullable(meta.getGenerateName()).map(g -> g.replaceAll("-$", "")))
                .orElse("run");
        if (request.name().isPresent()) {
            meta.setName(request.name().get());
            meta.setGenerateName(null);
        } else {
            meta.setName(null);
            meta.setGenerateName(request.generateName()
                    .orElse(meta.getGenerateName() != null ? meta.getGenerateName() : base + "-"));
        }

        Map<String, String> labels = new LinkedHashMap<>(orEmpty(meta.getLabels()));
        Map<String, String> annotations = new LinkedHashMap<>(orEmpty(meta.getAnnotations()));
        labels.putIfAbsent(MANAGED_BY, "conftekton");
        request.confluencePage().ifPresent(page -> {
            labels.putAll(page.labels());
            annotations.putAll(page.annotations());
        });
        labels.putAll(request.labels());
        annotations.putAll(request.annotations());
        meta.setLabels(labels);
        meta.setAnnotations(annotations.isEmpty() ? null : annotations);

        Map<String, RunParam> params = new LinkedHashMap<>();
        if (spec.getParams() != null) {
            for (Param p : spec.getParams()) {
                params.put(p.getName(), fromParamValue(p.getName(), p.getValue()));
            }
        }
        request.params().forEach(p -> params.put(p.name(), p));
        spec.setParams(null);

        Map<String, WorkspaceBinding> workspaces = new LinkedHashMap<>();
        if (spec.getWorkspaces() != null) {
            spec.getWorkspaces().forEach(w -> workspaces.put(w.getName(), w));
        }
        request.workspaces().forEach(w -> workspaces.put(w.name(), toBinding(w)));
        spec.setWorkspaces(workspaces.isEmpty() ? null : new ArrayList<>(workspaces.values()));

        request.serviceAccountName().ifPresent(sa -> {
            PipelineTaskRunTemplate t =
                    spec.getTaskRunTemplate() == null ? new PipelineTaskRunTemplate() : spec.getTaskRunTemplate();
            t.setServiceAccountName(sa);
            spec.setTaskRunTemplate(t);
        });
        request.timeout().ifPresent(timeout -> {
            TimeoutFields t = spec.getTimeouts() == null ? new TimeoutFields() : spec.getTimeouts();
            t.setPipeline(new io.fabric8.kubernetes.api.model.Duration(timeout));
            spec.setTimeouts(t);
        });
        Map<String, Object> raw = json.convertValue(run, Map.class);
        if (!params.isEmpty()) {
            List<Object> list = new ArrayList<>();
            for (RunParam p : params.values()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", p.name());
                entry.put("value", rawValue(p));
                list.add(entry);
            }
            ((Map<String, Object>) raw.get("spec")).put("params", list);
        }
        return raw;
    }

    private static Object rawValue(RunParam p) {
        return switch (p.type()) {
            case STRING -> p.string();
            case ARRAY -> new ArrayList<>(p.array());
            case OBJECT -> new LinkedHashMap<>(p.object());
        };
    }

    static RunParam fromParamValue(String name, ParamValue v) {
        if (v == null) {
            return RunParam.string(name, "");
        }
        if (v.getArrayVal() != null && !"string".equals(v.getType()) && !"object".equals(v.getType())) {
            return RunParam.array(name, v.getArrayVal());
        }
        if (v.getObjectVal() != null && !"string".equals(v.getType())) {
            return RunParam.object(name, v.getObjectVal());
        }
        return RunParam.string(name, v.getStringVal() == null ? "" : v.getStringVal());
    }

    private static WorkspaceBinding toBinding(Workspace w) {
        WorkspaceBinding b = new WorkspaceBinding();
        b.setName(w.name());
        if (!w.subPath().isEmpty()) {
            b.setSubPath(w.subPath());
        }
        switch (w.kind()) {
            case EMPTY_DIR -> b.setEmptyDir(new EmptyDirVolumeSource());
            case PERSISTENT_VOLUME_CLAIM ->
                b.setPersistentVolumeClaim(new PersistentVolumeClaimVolumeSource(w.source(), false));
            case CONFIG_MAP -> {
                ConfigMapVolumeSource cm = new ConfigMapVolumeSource();
                cm.setName(w.source());
                b.setConfigMap(cm);
            }
            case SECRET -> {
                SecretVolumeSource s = new SecretVolumeSource();
                s.setSecretName(w.source());
                b.setSecret(s);
            }
            case VOLUME_CLAIM_TEMPLATE ->
                b.setVolumeClaimTemplate(new PersistentVolumeClaimBuilder()
                        .withNewSpec()
                        .withAccessModes("ReadWriteOnce")
                        .withNewResources()
                        .addToRequests("storage", new Quantity(w.source()))
                        .endResources()
                        .endSpec()
                        .build());
        }
        return b;
    }

    /** Reads the outcome from the raw object, so that object-valued results survive. */
    static RunOutcome toOutcome(GenericKubernetesResource run) {
        ObjectMeta meta = run.getMetadata();
        Map<String, Object> status = map(run.getAdditionalProperties().get("status"));
        Map<String, Object> succeeded = null;
        for (Object c : list(status.get("conditions"))) {
            Map<String, Object> condition = map(c);
            if ("Succeeded".equals(condition.get("type"))) {
                succeeded = condition;
            }
        }
        String reason = succeeded == null ? "" : text(succeeded.get("reason"));
        RunState state = state(succeeded != null, succeeded == null ? "" : text(succeeded.get("status")), reason);
        Map<String, RunParam> results = new LinkedHashMap<>();
        for (Object o : list(status.get("results"))) {
            Map<String, Object> r = map(o);
            String name = text(r.get("name"));
            if (!name.isEmpty()) {
                results.put(name, fromRaw(name, r.get("value")));
            }
        }
        return new RunOutcome(
                orEmpty(meta.getNamespace()),
                orEmpty(meta.getName()),
                state,
                reason,
                succeeded == null ? "" : text(succeeded.get("message")),
                instant(text(status.get("startTime"))),
                instant(text(status.get("completionTime"))),
                results,
                false);
    }

    /** The outcome from fabric8's typed model (which keeps no object-valued results). */
    static RunOutcome toOutcome(PipelineRun run) {
        ObjectMeta meta = run.getMetadata() == null ? new ObjectMeta() : run.getMetadata();
        PipelineRunStatus status = run.getStatus();
        Condition succeeded = null;
        Map<String, RunParam> results = new LinkedHashMap<>();
        String start = "";
        String completion = "";
        if (status != null) {
            if (status.getConditions() != null) {
                for (Condition c : status.getConditions()) {
                    if (c != null && "Succeeded".equals(c.getType())) {
                        succeeded = c;
                    }
                }
            }
            if (status.getResults() != null) {
                for (PipelineRunResult r : status.getResults()) {
                    if (r != null && r.getName() != null && !r.getName().isEmpty()) {
                        results.put(r.getName(), fromParamValue(r.getName(), r.getValue()));
                    }
                }
            }
            start = orEmpty(status.getStartTime());
            completion = orEmpty(status.getCompletionTime());
        }
        String reason = succeeded == null ? "" : orEmpty(succeeded.getReason());
        return new RunOutcome(
                orEmpty(meta.getNamespace()),
                orEmpty(meta.getName()),
                state(succeeded != null, succeeded == null ? "" : orEmpty(succeeded.getStatus()), reason),
                reason,
                succeeded == null ? "" : orEmpty(succeeded.getMessage()),
                instant(start),
                instant(completion),
                results,
                false);
    }

    private static RunState state(boolean hasCondition, String conditionStatus, String reason) {
        if (!hasCondition) {
            return RunState.PENDING;
        }
        if ("True".equals(conditionStatus)) {
            return RunState.SUCCEEDED;
        }
        if ("False".equals(conditionStatus)) {
            return TIMEOUT_REASONS.contains(reason)
                    ? RunState.TIMED_OUT
                    : CANCEL_REASONS.contains(reason) ? RunState.CANCELLED : RunState.FAILED;
        }
        return "PipelineRunPending".equals(reason) ? RunState.PENDING : RunState.RUNNING;
    }

    private static RunParam fromRaw(String name, Object value) {
        if (value instanceof List<?> l) {
            return RunParam.array(name, l.stream().map(PipelineRunMapper::text).toList());
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, String> fields = new LinkedHashMap<>();
            m.forEach((k, v) -> fields.put(String.valueOf(k), text(v)));
            return RunParam.object(name, fields);
        }
        return RunParam.string(name, text(value));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static String text(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    private static Optional<Instant> instant(String rfc3339) {
        if (rfc3339 == null || rfc3339.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(rfc3339));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> m) {
        return m == null ? Map.of() : m;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
