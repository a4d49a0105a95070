package dev.conftekton.tekton;

import java.util.Objects;

/**
 * A PipelineRun that was created.
 *
 * @param namespace its namespace
 * @param name its name (generated when the request gave only a prefix)
 * @param uid its Kubernetes uid
 */
public record StartedRun(String namespace, String name, String uid) {
    public StartedRun {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        uid = uid == null ? "" : uid;
    }
}
