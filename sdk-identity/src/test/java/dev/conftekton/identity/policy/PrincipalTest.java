package dev.conftekton.identity.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conftekton.identity.verify.KubernetesServiceAccount;
import dev.conftekton.identity.verify.VerifiedIdentity;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrincipalTest {
    private static VerifiedIdentity identity(String subject, List<String> groups, KubernetesServiceAccount sa) {
        return new VerifiedIdentity(
                "https://issuer", subject, List.of("aud"), null, null, groups, Set.of(), null, null, sa);
    }

    @Test
    void userTokenBecomesAUserWithItsGroups() {
        Principal p = Principal.of(identity("alice", List.of("release-managers", "ops"), null));

        assertThat(p).isEqualTo(Principal.user("https://issuer", "alice", Set.of("ops", "release-managers")));
        assertThat(p.namespaceIfAny()).isEmpty();
    }

    @Test
    void serviceAccountTokenKeepsNamespaceAndServiceAccount() {
        Principal p = Principal.of(identity(
                "system:serviceaccount:ci:publisher",
                List.of(),
                new KubernetesServiceAccount("ci", "publisher", "uid-1", null)));

        assertThat(p).isEqualTo(Principal.kubernetesServiceAccount("https://issuer", "ci", "publisher"));
    }

    @Test
    void tokenWithoutSubjectIsRefused() {
        assertThatThrownBy(() -> Principal.of(identity(null, List.of(), null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no subject");
    }
}
