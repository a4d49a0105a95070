package dev.conftekton.tekton;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.tekton.v1.PipelineRun;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts, watches and cancels Tekton PipelineRuns ({@code tekton.dev/v1}) in one namespace.
 * Immutable and thread-safe; it shares the given fabric8 client, which the caller owns and closes.
 *
 * <pre>{@code
 * try (KubernetesClient k8s = new KubernetesClientBuilder().build()) {
 *     TektonRuns runs = TektonRuns.builder().client(k8s).namespace("ci").build();
 *     StartedRun run = runs.start(RunRequest.pipeline("publish-docs")
 *             .param(RunParam.string("page-id", "123")).build());
 *     RunOutcome outcome = runs.await(run.name(), Duration.ofMinutes(30));
 *     if (outcome.state() != RunState.SUCCEEDED) {
 *         System.err.println(outcome.reason() + ": " + outcome.message());
 *     }
 * }
 * }</pre>
 *
 * <p>Waiting uses a fabric8 informer (list then watch) on the one run, never a polling loop; the
 * informer is closed when the wait ends either way.
 */
public final class TektonRuns {
    // Runs are handled as generic resources: fabric8's typed v1 model (7.1) loses object-valued
    // params and results. The context names the plural, so no API discovery call is needed.
    static final ResourceDefinitionContext PIPELINE_RUNS = new ResourceDefinitionContext.Builder()
            .withGroup("tekton.dev")
            .withVersion("v1")
            .withKind("PipelineRun")
            .withPlural("pipelineruns")
            .withNamespaced(true)
            .build();

    private final KubernetesClient client;
    private final String namespace;

    private TektonRuns(Builder b) {
        this.client = b.client;
        this.namespace = b.namespace;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with this instance's settings, to derive a variant (for example another namespace). */
    public Builder newBuilder() {
        return new Builder().client(client).namespace(namespace);
    }

    public String namespace() {
        return namespace;
    }

    /**
     * Creates the PipelineRun described by {@code request}.
     *
     * @throws TektonException when the API refuses it (409 for a name clash, 403 for RBAC, 422 for
     *     an invalid run)
     */
    public StartedRun start(RunRequest request) {
        Objects.requireNonNull(request, "request");
        Map<String, Object> run = PipelineRunMapper.toRaw(request, namespace, client.getKubernetesSerialization());
        try {
            GenericKubernetesResource created = runs().resource(
                            client.getKubernetesSerialization().convertValue(run, GenericKubernetesResource.class))
                    .create();
            return new StartedRun(
                    namespace,
                    created.getMetadata().getName(),
                    created.getMetadata().getUid());
        } catch (KubernetesClientException e) {
            throw failure("could not create a PipelineRun for " + request, e);
        }
    }

    /** The run's current outcome, or empty when there is no run of that name. */
    public Optional<RunOutcome> get(String name) {
        Objects.requireNonNull(name, "name");
        try {
            return Optional.ofNullable(runs().withName(name).get()).map(PipelineRunMapper::toOutcome);
        } catch (KubernetesClientException e) {
            throw failure("could not read PipelineRun " + namespace + "/" + name, e);
        }
    }

    /**
     * Waits until the run finishes or {@code timeout} passes, whichever is first. When the time
     * runs out the result holds the last observed state and {@link RunOutcome#waitExpired()} is
     * true; the run itself keeps going (cancel it with {@link #cancel(String)} if that is wanted).
     *
     * @throws TektonException with status 404 when the run does not exist or is deleted while
     *     waiting, or when the watch fails
     */
    public RunOutcome await(String name, Duration timeout) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeout, "timeout");
        Resource<GenericKubernetesResource> resource = runs().withName(name);
        RunOutcome now = get(name).orElseThrow(() -> notFound(name));
        if (now.isDone()) {
            return now;
        }
        CompletableFuture<List<GenericKubernetesResource>> done;
        try {
            done = resource.informOnCondition(list ->
                    list.isEmpty() || PipelineRunMapper.toOutcome(list.get(0)).isDone());
        } catch (KubernetesClientException e) {
            throw failure("could not watch PipelineRun " + namespace + "/" + name, e);
        }
        try {
            List<GenericKubernetesResource> list = done.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            if (list.isEmpty()) {
                throw deleted(name);
            }
            return PipelineRunMapper.toOutcome(list.get(0));
        } catch (TimeoutException e) {
            done.cancel(true);
            return get(name).orElseThrow(() -> deleted(name)).withWaitExpired();
        } catch (InterruptedException e) {
            done.cancel(true);
            Thread.currentThread().interrupt();
            throw new TektonException("interrupted while waiting for PipelineRun " + namespace + "/" + name, 0, e);
        } catch (ExecutionException e) {
            throw new TektonException(
                    "watching PipelineRun " + namespace + "/" + name + " failed: " + e.getCause(), 0, e.getCause());
        } finally {
            done.cancel(true);
        }
    }

    /**
     * Watches every PipelineRun in the namespace and tells {@code listener} about each one that has
     * finished: those already finished when the watch starts, then each as it finishes. Uses a
     * fabric8 informer (list, then watch, reconnecting by itself); every {@code resync} the
     * informer re-delivers all runs it knows, so a listener that failed to handle a run gets it
     * again. Runs are delivered more than once; see {@link FinishedRunListener}.
     *
     * <pre>{@code
     * try (RunWatch watch = runs.watchFinished((run, outcome) -> queue.add(outcome), Duration.ofMinutes(1))) {
     *     ...
     * }
     * }</pre>
     *
     * @throws TektonException when the initial list fails (RBAC, no Tekton installed)
     */
    public RunWatch watchFinished(FinishedRunListener listener, Duration resync) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(resync, "resync");
        if (resync.isNegative()) {
            throw new IllegalArgumentException("resync must not be negative (zero turns it off)");
        }
        ResourceEventHandler<GenericKubernetesResource> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource run) {
                deliver(run, listener);
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource run) {
                deliver(run, listener);
            }

            @Override
            public void onDelete(GenericKubernetesResource run, boolean finalStateUnknown) {
                // a deleted run is nothing to report
            }
        };
        SharedIndexInformer<GenericKubernetesResource> informer;
        try {
            informer = runs().inform(handler, resync.toMillis());
        } catch (KubernetesClientException e) {
            throw failure("could not watch PipelineRuns in namespace " + namespace, e);
        }
        return new RunWatch() {
            @Override
            public boolean isWatching() {
                return informer.isWatching();
            }

            @Override
            public void close() {
                informer.close();
            }
        };
    }

    private void deliver(GenericKubernetesResource raw, FinishedRunListener listener) {
        try {
            String uid = raw.getMetadata() == null ? null : raw.getMetadata().getUid();
            if (uid != null && !listener.wants(uid)) {
                return;
            }
            RunOutcome outcome = PipelineRunMapper.toOutcome(raw);
            if (outcome.isDone()) {
                listener.finished(client.getKubernetesSerialization().convertValue(raw, PipelineRun.class), outcome);
            }
        } catch (RuntimeException e) {
            // a listener must not throw; if one does, the watch goes on with the next run
        }
    }

    /** {@link #start(RunRequest)} then {@link #await(String, Duration)}. */
    public RunOutcome startAndAwait(RunRequest request, Duration timeout) {
        return await(start(request).name(), timeout);
    }

    /** Cancels the run at once, skipping {@code finally} tasks ({@code spec.status: Cancelled}). */
    public void cancel(String name) {
        cancel(name, CancelMode.CANCELLED);
    }

    /**
     * Asks Tekton to stop the run by setting {@code spec.status} with a JSON merge patch. Tekton
     * then sets the final condition; {@link #await} shows it as {@link RunState#CANCELLED}.
     * Cancelling a run that already finished changes nothing that matters and is not an error.
     *
     * @throws TektonException with status 404 when there is no such run
     */
    public void cancel(String name, CancelMode mode) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        try {
            GenericKubernetesResource patched = runs().withName(name)
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            "{\"spec\":{\"status\":\"" + mode.specStatus() + "\"}}");
            if (patched == null) {
                throw notFound(name);
            }
        } catch (KubernetesClientException e) {
            throw failure("could not cancel PipelineRun " + namespace + "/" + name, e);
        }
    }

    private NonNamespaceOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            runs() {
        return client.genericKubernetesResources(PIPELINE_RUNS).inNamespace(namespace);
    }

    private TektonException deleted(String name) {
        return new TektonException(
                "PipelineRun " + namespace + "/" + name + " was deleted while waiting for it to finish", 404, null);
    }

    private TektonException notFound(String name) {
        return new TektonException(
                "there is no PipelineRun " + namespace + "/" + name + "; check the name and namespace", 404, null);
    }

    private static TektonException failure(String what, KubernetesClientException e) {
        String detail = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getMessage();
        String hint =
                switch (e.getCode()) {
                    case 401, 403 -> " (check the service account's RBAC for pipelineruns.tekton.dev)";
                    case 404 -> " (is Tekton Pipelines installed, and does the namespace exist?)";
                    case 409 -> " (a run of that name exists; use generateName)";
                    default -> "";
                };
        return new TektonException(what + ": " + detail + hint, e.getCode(), e);
    }

    /** Builds a {@link TektonRuns}; {@code client} and {@code namespace} are required. */
    public static final class Builder {
        private KubernetesClient client;
        private String namespace;

        private Builder() {}

        /** The fabric8 client to use; the caller keeps ownership and closes it. */
        public Builder client(KubernetesClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        public Builder namespace(String namespace) {
            Objects.requireNonNull(namespace, "namespace");
            if (namespace.isBlank()) {
                throw new IllegalArgumentException("namespace must not be blank");
            }
            this.namespace = namespace;
            return this;
        }

        public TektonRuns build() {
            if (client == null) {
                throw new IllegalStateException("TektonRuns needs a client: builder().client(kubernetesClient)");
            }
            if (namespace == null) {
                throw new IllegalStateException("TektonRuns needs a namespace: builder().namespace(\"ci\")");
            }
            return new TektonRuns(this);
        }
    }
}
