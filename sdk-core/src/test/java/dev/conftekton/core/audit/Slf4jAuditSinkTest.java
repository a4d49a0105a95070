package dev.conftekton.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conftekton.core.json.JsonCodec;
import dev.conftekton.core.redact.Redactor;
import dev.conftekton.core.testing.CapturedLogs;
import dev.conftekton.core.testing.LeakWitness;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Slf4jAuditSinkTest {
    @Test
    void writesOneJsonLinePerEventToTheAuditLogger() {
        String marker = "resource-" + System.nanoTime();
        AuditEvent event = new AuditEvent(
                Instant.parse("2026-11-23T18:00:00Z"),
                "https://issuer#system:serviceaccount:ci:publisher",
                "page:write",
                marker,
                AuditEvent.Decision.ALLOW,
                "policy publishers",
                Map.of("pipelineRun", "run-1", "requestId", "r-9"));

        Slf4jAuditSink.create().record(event);

        List<CapturedLogs.Line> lines = CapturedLogs.of("conftekton.audit").stream()
                .filter(l -> l.message().contains(marker))
                .toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).level()).isEqualTo("INFO");
        assertThat(lines.get(0).message())
                .isEqualTo(
                        "{\"time\":\"2026-11-23T18:00:00Z\",\"actor\":\"https://issuer#system:serviceaccount:ci:publisher\","
                                + "\"action\":\"page:write\",\"resource\":\"" + marker + "\",\"decision\":\"ALLOW\","
                                + "\"reason\":\"policy publishers\",\"correlation\":{\"pipelineRun\":\"run-1\",\"requestId\":\"r-9\"}}");
    }

    @Test
    void hostileValuesCannotBreakTheLineOrForgeFieldsAndRoundTrip() {
        String hostile = "x\"}\n{\"decision\":\"ALLOW\\\u0000\u2028\u2029\t\u001f\ud800end";
        AuditEvent event = new AuditEvent(
                Instant.EPOCH, hostile, "a", "r", AuditEvent.Decision.DENY, hostile, Map.of("k\"\n", hostile));

        String line = Slf4jAuditSink.jsonLine(event, Redactor.create());

        assertThat(line).doesNotContain("\n", "\r", "\u2028", "\u2029", "\u0000");
        @SuppressWarnings("unchecked")
        Map<String, Object> back = JsonCodec.defaults().fromJson(line, Map.class);
        assertThat(back.get("decision")).isEqualTo("DENY");
        String expected = hostile.replace("\ud800", "\ufffd");
        assertThat(back.get("actor")).isEqualTo(expected);
        assertThat(back.get("reason")).isEqualTo(expected);
        assertThat(back).containsOnlyKeys("time", "actor", "action", "resource", "decision", "reason", "correlation");
    }

    @Test
    void registeredSecretsAreMaskedInAuditLines() {
        String token = LeakWitness.secret("audit-secret-Slf4jAuditSinkTest-5e");
        Redactor redactor = Redactor.create().register(token);
        AuditEvent event = new AuditEvent(
                Instant.EPOCH,
                "me",
                "token:exchange",
                "r",
                AuditEvent.Decision.FAILURE,
                "rejected token " + token,
                Map.of());

        Slf4jAuditSink.create(redactor).record(event);

        assertThat(CapturedLogs.of("conftekton.audit"))
                .anySatisfy(l -> assertThat(l.message()).contains("rejected token ██"))
                .noneSatisfy(l -> assertThat(l.message()).contains(token));
    }
}
