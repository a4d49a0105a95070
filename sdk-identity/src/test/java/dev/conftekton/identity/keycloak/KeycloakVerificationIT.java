package dev.conftekton.identity.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.conftekton.core.audit.AuditEvent;
import dev.conftekton.core.auth.Secret;
import dev.conftekton.identity.policy.Authorizer;
import dev.conftekton.identity.policy.Decision;
import dev.conftekton.identity.policy.Policy;
import dev.conftekton.identity.policy.Principal;
import dev.conftekton.identity.token.ClientAuthentication;
import dev.conftekton.identity.token.ClientCredentialsTokenSource;
import dev.conftekton.identity.verify.JwtVerifier;
import dev.conftekton.identity.verify.VerifiedIdentity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Keycloak-issued tokens through the verifier and the policy (run with {@code -P keycloak}). */
@ExtendWith(KeycloakExtension.class)
class KeycloakVerificationIT {
    private final KeycloakServer keycloak;

    KeycloakVerificationIT(KeycloakServer keycloak) {
        this.keycloak = keycloak;
    }

    private String publisherToken() {
        return ClientCredentialsTokenSource.builder()
                .tokenEndpoint(keycloak.tokenEndpoint())
                .clientAuthentication(
                        ClientAuthentication.clientSecretBasic("publisher", Secret.of("publisher-s3cret:&=+")))
                .build()
                .token()
                .value()
                .reveal();
    }

    private static String kid(String token) throws Exception {
        return SignedJWT.parse(token).getHeader().getKeyID();
    }

    @Test
    void verifierPicksUpARotatedRealmKeyAndKeepsVerifyingTheOldOne() throws Exception {
        JwtVerifier verifier = JwtVerifier.builder()
                .issuer(keycloak.issuer())
                .audience("gateway")
                .jwksRefetchInterval(Duration.ZERO)
                .build();
        String before = publisherToken();
        assertThat(verifier.verify(before).clientId()).isEqualTo("publisher");
        long fetchesBefore = verifier.jwksFetchCount();

        keycloak.rotateRealmKey("rotated-" + UUID.randomUUID());
        String after = publisherToken();

        assertThat(kid(after)).as("Keycloak signs with the new key").isNotEqualTo(kid(before));
        VerifiedIdentity identity = verifier.verify(after);
        assertThat(identity.issuer()).isEqualTo(keycloak.issuer());
        assertThat(verifier.jwksFetchCount())
                .as("one refetch for the unknown kid")
                .isEqualTo(fetchesBefore + 1);
        assertThat(verifier.verify(before).clientId())
                .as("the old key is still published")
                .isEqualTo("publisher");
        assertThat(verifier.jwksFetchCount()).isEqualTo(fetchesBefore + 1);
    }

    @Test
    void federatedWorkloadTokenIsVerifiedAndAuthorizedByPolicy() {
        String saToken = keycloak.cluster().kubernetesServiceAccountToken("ci", "publisher", keycloak.issuer());
        String accessToken = ClientCredentialsTokenSource.builder()
                .tokenEndpoint(keycloak.tokenEndpoint())
                .clientAuthentication(ClientAuthentication.federated(
                        "tekton-publisher", () -> dev.conftekton.core.auth.AccessToken.bearer(saToken)))
                .build()
                .token()
                .value()
                .reveal();
        VerifiedIdentity identity = JwtVerifier.builder()
                .issuer(keycloak.issuer())
                .acceptAnyAudience()
                .build()
                .verify(accessToken);
        Policy policy = Policy.parse(
                """
                rules:
                  - id: tekton-publisher-writes-docs
                    effect: allow
                    principals:
                      - issuer: %s
                        subject: "%s"
                    actions: [page:write]
                    resources: [confluence:space/DOCS]
                """
                        .formatted(keycloak.issuer(), identity.subject()),
                "e2e-policy.yaml");
        List<AuditEvent> audit = new CopyOnWriteArrayList<>();
        Authorizer authorizer =
                Authorizer.builder().policy(policy).auditSink(audit::add).build();
        Principal principal = Principal.of(
                identity.issuer(),
                identity.subject(),
                identity.kubernetesNamespace(),
                identity.kubernetesServiceAccountName(),
                identity.groups());

        Decision write = authorizer.decide(
                principal, "page:write", "confluence:space/DOCS/page/1", Map.of("pipelineRun", "e2e-1"));
        Decision ops = authorizer.decide(principal, "page:write", "confluence:space/OPS");

        assertThat(identity.clientId()).isEqualTo("tekton-publisher");
        assertThat(write.allowed()).isTrue();
        assertThat(ops.allowed()).isFalse();
        assertThat(audit).hasSize(2);
        assertThat(audit.toString()).doesNotContain(accessToken).doesNotContain(saToken);
    }
}
