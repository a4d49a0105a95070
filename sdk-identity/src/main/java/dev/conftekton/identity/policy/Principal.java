package dev.conftekton.identity.policy;

import dev.conftekton.identity.verify.VerifiedIdentity;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The verified caller a policy decides about. Build it only from a verified token (for example
 * sdk-identity's verified identity), never from unverified input.
 *
 * @param issuer the token issuer, exactly as in {@code iss}
 * @param subject the subject, exactly as in {@code sub}
 * @param namespace the Kubernetes namespace, or null when the caller is not a service account
 * @param serviceAccount the Kubernetes service-account name, or null
 * @param groups the group claim values
 */
public record Principal(String issuer, String subject, String namespace, String serviceAccount, Set<String> groups) {
    private static final String SA_PREFIX = "system:serviceaccount:";

    public Principal {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        if (issuer.isEmpty() || subject.isEmpty()) {
            throw new IllegalArgumentException("issuer and subject must not be empty");
        }
        if ((namespace == null) != (serviceAccount == null)) {
            throw new IllegalArgumentException("namespace and serviceAccount come together or not at all");
        }
        groups = groups == null ? Set.of() : Set.copyOf(new TreeSet<>(groups));
    }

    /**
     * A principal from the parts of a verified identity; {@code namespace} and {@code serviceAccount}
     * are both present for a Kubernetes service account and both empty otherwise.
     */
    public static Principal of(
            String issuer,
            String subject,
            Optional<String> namespace,
            Optional<String> serviceAccount,
            Collection<String> groups) {
        return new Principal(
                issuer,
                subject,
                namespace.orElse(null),
                serviceAccount.orElse(null),
                groups == null ? Set.of() : Set.copyOf(groups));
    }

    /**
     * The principal a verified token speaks for: its issuer, subject, groups and, for a Kubernetes
     * service-account token, the namespace and service account.
     *
     * @throws IllegalArgumentException when the token has no subject
     */
    public static Principal of(VerifiedIdentity identity) {
        Objects.requireNonNull(identity, "identity");
        if (identity.subject() == null) {
            throw new IllegalArgumentException("the verified token has no subject");
        }
        return of(
                identity.issuer(),
                identity.subject(),
                identity.kubernetesNamespace(),
                identity.kubernetesServiceAccountName(),
                identity.groups());
    }

    /** A Kubernetes service account, whose subject is {@code system:serviceaccount:<ns>:<sa>}. */
    public static Principal kubernetesServiceAccount(String issuer, String namespace, String serviceAccount) {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(serviceAccount, "serviceAccount");
        return new Principal(issuer, SA_PREFIX + namespace + ":" + serviceAccount, namespace, serviceAccount, Set.of());
    }

    /** A user or client with groups. */
    public static Principal user(String issuer, String subject, Collection<String> groups) {
        return new Principal(issuer, subject, null, null, groups == null ? Set.of() : Set.copyOf(groups));
    }

    public Optional<String> namespaceIfAny() {
        return Optional.ofNullable(namespace);
    }

    public Optional<String> serviceAccountIfAny() {
        return Optional.ofNullable(serviceAccount);
    }

    /** {@code issuer#subject}, how audit events name the actor. */
    public String actor() {
        return issuer + "#" + subject;
    }
}
