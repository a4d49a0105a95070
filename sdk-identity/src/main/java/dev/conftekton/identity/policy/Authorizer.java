package dev.conftekton.identity.policy;

import dev.conftekton.core.audit.AuditEvent;
import dev.conftekton.core.audit.AuditSink;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluates a {@link Policy} and records every decision as an {@link AuditEvent} (actor, action,
 * resource, ALLOW or DENY, reason, correlation ids). Thread-safe and immutable.
 *
 * <pre>{@code
 * Authorizer authorizer = Authorizer.builder()
 *         .policy(Policy.load(policyFile))
 *         .auditSink(auditSink)
 *         .correlation("service", "approval-gate")
 *         .build();
 * authorizer.require(principal, "approval:verify", "confluence:space/OPS/page/77",
 *         Map.of("pipelineRun", runName)); // PolicyDeniedException when denied
 * }</pre>
 */
public final class Authorizer {
    private final Policy policy;
    private final AuditSink auditSink;
    private final Clock clock;
    private final Map<String, String> correlation;

    private Authorizer(Builder b) {
        this.policy = b.policy;
        this.auditSink = b.auditSink;
        this.clock = b.clock;
        this.correlation = Map.copyOf(b.correlation);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Policy policy() {
        return policy;
    }

    /** Decides and audits. */
    public Decision decide(Principal principal, String action, String resource) {
        return decide(principal, action, resource, Map.of());
    }

    /** Decides and audits, adding {@code correlation} ids (such as the pipeline run) to the event. */
    public Decision decide(Principal principal, String action, String resource, Map<String, String> correlation) {
        Objects.requireNonNull(principal, "principal");
        Decision decision = policy.evaluate(principal, action, resource);
        Map<String, String> ids = new LinkedHashMap<>(this.correlation);
        if (correlation != null) {
            correlation.forEach((k, v) -> {
                if (k != null && v != null) {
                    ids.put(Text.safe(k), Text.safe(v));
                }
            });
        }
        try {
            auditSink.record(new AuditEvent(
                    clock.instant(),
                    Text.safe(principal.actor()),
                    Text.safe(action),
                    Text.safe(resource),
                    decision.allowed() ? AuditEvent.Decision.ALLOW : AuditEvent.Decision.DENY,
                    decision.reason(),
                    ids));
        } catch (RuntimeException e) {
            // sinks must not throw; a broken sink must not turn a deny into an allow or vice versa
        }
        return decision;
    }

    /** Like {@link #decide}, but throws {@link PolicyDeniedException} with the reason when denied. */
    public Decision require(Principal principal, String action, String resource, Map<String, String> correlation) {
        Decision d = decide(principal, action, resource, correlation);
        if (!d.allowed()) {
            throw new PolicyDeniedException(
                    Text.safe(principal.actor()) + " may not " + Text.safe(action) + " " + Text.safe(resource) + ": "
                            + d.reason(),
                    d);
        }
        return d;
    }

    /** Builds an {@link Authorizer}; the policy is required. */
    public static final class Builder {
        private Policy policy;
        private AuditSink auditSink = AuditSink.discarding();
        private Clock clock = Clock.systemUTC();
        private final Map<String, String> correlation = new LinkedHashMap<>();

        private Builder() {}

        public Builder policy(Policy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public Builder auditSink(AuditSink sink) {
            this.auditSink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** A correlation id added to every event, such as the service name. */
        public Builder correlation(String name, String value) {
            correlation.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Authorizer build() {
            if (policy == null) {
                throw new IllegalStateException("policy is required");
            }
            return new Authorizer(this);
        }
    }
}
