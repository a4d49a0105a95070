package dev.conftekton.identity.verify;

import java.util.Objects;
import java.util.Optional;

/**
 * The Kubernetes service account a token was issued to, from the {@code kubernetes.io} claim or a
 * {@code system:serviceaccount:NAMESPACE:NAME} subject.
 *
 * @param namespace the namespace
 * @param name the service account name
 * @param uid the service account uid, or null when the token does not carry it
 * @param podName the pod the token was bound to, or null
 */
public record KubernetesServiceAccount(String namespace, String name, String uid, String podName) {
    public KubernetesServiceAccount {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        if (namespace.isEmpty() || name.isEmpty()) {
            throw new IllegalArgumentException("namespace and name must not be empty");
        }
    }

    /** The subject Kubernetes gives this account: {@code system:serviceaccount:NS:NAME}. */
    public String subject() {
        return "system:serviceaccount:" + namespace + ":" + name;
    }

    public Optional<String> uidIfKnown() {
        return Optional.ofNullable(uid);
    }

    public Optional<String> pod() {
        return Optional.ofNullable(podName);
    }
}
