package dev.conftekton.identity.verify;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who a verified token speaks for. Built only by {@link JwtVerifier} from a token whose signature,
 * issuer, audience and lifetime were checked; never holds the token itself.
 *
 * @param issuer {@code iss}
 * @param subject {@code sub}
 * @param audience {@code aud}, as a list even when the token had a single string
 * @param expiresAt {@code exp}, or null when the verifier was configured not to require it
 * @param issuedAt {@code iat}, or null when absent
 * @param groups the groups claim (by default {@code groups}), empty when absent
 * @param scopes {@code scope} (space-separated) or {@code scp} (array), empty when absent
 * @param clientId {@code client_id} or else {@code azp}, or null
 * @param tokenId {@code jti}, or null
 * @param kubernetes the Kubernetes service account, or null when the token is not one
 */
public record VerifiedIdentity(
        String issuer,
        String subject,
        List<String> audience,
        Instant expiresAt,
        Instant issuedAt,
        List<String> groups,
        Set<String> scopes,
        String clientId,
        String tokenId,
        KubernetesServiceAccount kubernetes) {

    public VerifiedIdentity {
        Objects.requireNonNull(issuer, "issuer");
        audience = List.copyOf(Objects.requireNonNull(audience, "audience"));
        groups = List.copyOf(Objects.requireNonNull(groups, "groups"));
        scopes = Set.copyOf(Objects.requireNonNull(scopes, "scopes"));
    }

    /** The service account when the token is a Kubernetes service-account token. */
    public Optional<KubernetesServiceAccount> kubernetesServiceAccount() {
        return Optional.ofNullable(kubernetes);
    }

    /** The Kubernetes namespace, when present. */
    public Optional<String> kubernetesNamespace() {
        return kubernetesServiceAccount().map(KubernetesServiceAccount::namespace);
    }

    /** The Kubernetes service account name, when present. */
    public Optional<String> kubernetesServiceAccountName() {
        return kubernetesServiceAccount().map(KubernetesServiceAccount::name);
    }

    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }

    public Optional<String> client() {
        return Optional.ofNullable(clientId);
    }

    public boolean hasGroup(String group) {
        return groups.contains(group);
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
