package dev.conftekton.identity.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a policy evaluation and why.
 *
 * @param allowed whether the action is allowed
 * @param reason which rule decided (with its line in the policy file), or that no rule matched, or
 *     why the request itself was invalid
 * @param rule the id of the deciding rule, or null when none matched
 */
public record Decision(boolean allowed, String reason, String rule) {
    public Decision {
        Objects.requireNonNull(reason, "reason");
    }

    public Optional<String> matchedRule() {
        return Optional.ofNullable(rule);
    }

    static Decision allow(String rule, String reason) {
        return new Decision(true, reason, rule);
    }

    static Decision deny(String rule, String reason) {
        return new Decision(false, reason, rule);
    }
}
