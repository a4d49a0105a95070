package dev.conftekton.identity.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conftekton.core.audit.AuditEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizerTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Policy POLICY = Policy.parse(
            """
            rules:
              - id: publishers
                effect: allow
                principals: [{namespace: ci, serviceAccount: publisher}]
                actions: [page:write]
                resources: [confluence:space/DOCS]
            """,
            "policy.yaml");

    private final List<AuditEvent> events = new ArrayList<>();
    private final Authorizer authorizer = Authorizer.builder()
            .policy(POLICY)
            .auditSink(events::add)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .correlation("service", "gate")
            .build();
    private final Principal publisher = Principal.kubernetesServiceAccount("https://k8s", "ci", "publisher");

    @Test
    void auditsAnAllowWithCorrelationIds() {
        Decision d = authorizer.decide(
                publisher, "page:write", "confluence:space/DOCS/page/1", Map.of("pipelineRun", "release-7"));

        assertThat(d.allowed()).isTrue();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.time()).isEqualTo(NOW);
            assertThat(e.actor()).isEqualTo("https://k8s#system:serviceaccount:ci:publisher");
            assertThat(e.action()).isEqualTo("page:write");
            assertThat(e.resource()).isEqualTo("confluence:space/DOCS/page/1");
            assertThat(e.decision()).isEqualTo(AuditEvent.Decision.ALLOW);
            assertThat(e.reason()).isEqualTo(d.reason());
            assertThat(e.correlation())
                    .containsEntry("pipelineRun", "release-7")
                    .containsEntry("service", "gate");
        });
    }

    @Test
    void auditsADenyAndRequireThrowsWithTheReason() {
        assertThatThrownBy(() -> authorizer.require(publisher, "page:write", "confluence:space/OPS", Map.of()))
                .isInstanceOfSatisfying(
                        PolicyDeniedException.class,
                        e -> assertThat(e.decision().allowed()).isFalse())
                .hasMessageContaining("may not page:write confluence:space/OPS")
                .hasMessageContaining("default deny");

        assertThat(events).singleElement().satisfies(e -> assertThat(e.decision())
                .isEqualTo(AuditEvent.Decision.DENY));
    }

    @Test
    void hostileInputIsAuditedSafelyAndDenied() {
        Decision d = authorizer.decide(publisher, "page:write\r\nforged", "confluence:space/DOCS\u0000", null);

        assertThat(d.allowed()).isFalse();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.action()).doesNotContain("\r", "\n");
            assertThat(e.resource()).doesNotContain("\u0000");
        });
    }

    @Test
    void aThrowingSinkDoesNotChangeTheDecision() {
        Authorizer broken = Authorizer.builder()
                .policy(POLICY)
                .auditSink(e -> {
                    throw new IllegalStateException("disk full");
                })
                .build();

        assertThat(broken.decide(publisher, "page:write", "confluence:space/DOCS")
                        .allowed())
                .isTrue();
        assertThat(broken.decide(publisher, "page:write", "confluence:space/OPS")
                        .allowed())
                .isFalse();
    }
}
