package dev.conftekton.tekton;

import java.util.Objects;

/**
 * A workspace binding for a PipelineRun. Create one with the factory methods; each names the
 * pipeline's workspace and the volume that backs it.
 *
 * @param name the workspace name declared by the Pipeline
 * @param kind what backs the workspace
 * @param source the claim, ConfigMap or Secret name, or the storage size for a claim template
 *     (for example {@code 1Gi}); empty for {@code emptyDir}
 * @param subPath an optional sub-directory of the volume, empty when unused
 */
public record Workspace(String name, Kind kind, String source, String subPath) {

    /** The volume kinds Tekton accepts for a workspace binding. */
    public enum Kind {
        EMPTY_DIR,
        PERSISTENT_VOLUME_CLAIM,
        VOLUME_CLAIM_TEMPLATE,
        CONFIG_MAP,
        SECRET
    }

    public Workspace {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        source = source == null ? "" : source;
        subPath = subPath == null ? "" : subPath;
        if (kind != Kind.EMPTY_DIR && source.isBlank()) {
            throw new IllegalArgumentException("workspace " + name + " of kind " + kind + " needs a source");
        }
    }

    public static Workspace emptyDir(String name) {
        return new Workspace(name, Kind.EMPTY_DIR, "", "");
    }

    public static Workspace persistentVolumeClaim(String name, String claimName) {
        return new Workspace(name, Kind.PERSISTENT_VOLUME_CLAIM, claimName, "");
    }

    /** A fresh claim per run, sized for example {@code 1Gi}, with access mode ReadWriteOnce. */
    public static Workspace volumeClaimTemplate(String name, String storage) {
        return new Workspace(name, Kind.VOLUME_CLAIM_TEMPLATE, storage, "");
    }

    public static Workspace configMap(String name, String configMapName) {
        return new Workspace(name, Kind.CONFIG_MAP, configMapName, "");
    }

    public static Workspace secret(String name, String secretName) {
        return new Workspace(name, Kind.SECRET, secretName, "");
    }

    /** The same binding, mounted at {@code subPath} of the volume. */
    public Workspace withSubPath(String subPath) {
        return new Workspace(name, kind, source, subPath);
    }
}
