package dev.conftekton.identity.policy;

import dev.conftekton.core.error.ConftektonException;

/** Thrown by {@link Authorizer#require} when the policy denies an action; carries the decision. */
public class PolicyDeniedException extends ConftektonException {
    private static final long serialVersionUID = 1L;

    private final transient Decision decision;

    public PolicyDeniedException(String message, Decision decision) {
        super(message);
        this.decision = decision;
    }

    public Decision decision() {
        return decision;
    }
}
