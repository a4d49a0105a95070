package dev.conftekton.tekton.interceptor;

import dev.conftekton.identity.policy.Action;
import dev.conftekton.identity.policy.Decision;
import dev.conftekton.identity.policy.Policy;
import dev.conftekton.identity.policy.Principal;
import dev.conftekton.identity.verify.JwtVerifier;
import dev.conftekton.identity.verify.TokenVerificationException;
import dev.conftekton.identity.verify.VerifiedIdentity;
import java.util.Objects;

/**
 * The OIDC bearer mode of the interceptor: an identity-aware proxy in front of the EventListener
 * adds {@code Authorization: Bearer <JWT>} to the webhook request; this verifier checks the token
 * with sdk-identity's {@link JwtVerifier} (signature with the issuer's published keys, issuer,
 * audience, lifetime, algorithm allow-list, size) and asks the {@link Policy} whether the verified
 * identity may {@code run:trigger} on {@code tekton:namespace/NS/pipeline/P} — the namespace of the
 * Trigger and the pipeline named by its {@code pipeline} param. Immutable and thread-safe.
 *
 * <pre>{@code
 * BearerVerifier oidc = OidcBearerVerifier.builder()
 *         .verifier(JwtVerifier.builder()
 *                 .issuer("https://idp.example.com/realms/ci")
 *                 .audience("confluence-webhooks")
 *                 .build())
 *         .policy(Policy.load(Path.of("/etc/conftekton/policy.yaml")))
 *         .build();
 * ConfluenceInterceptor interceptor = ConfluenceInterceptor.builder().bearerVerifier(oidc).build();
 * }</pre>
 *
 * <p>Answers: {@link GrpcCode#UNAUTHENTICATED} for a token that does not verify (the reason names
 * the check that failed, such as {@code expired} or {@code wrong_audience}, never the token); {@link
 * GrpcCode#UNAVAILABLE} when the issuer's keys cannot be fetched; {@link GrpcCode#PERMISSION_DENIED}
 * with the policy's reason when the verified identity may not trigger the pipeline; otherwise
 * allowed, with the deciding rule as the reason. The actor is {@code issuer#subject} as in every
 * conftekton audit event. The interceptor records the decision; this class records nothing itself.
 */
public final class OidcBearerVerifier implements BearerVerifier {
    private final JwtVerifier verifier;
    private final Policy policy;

    private OidcBearerVerifier(Builder b) {
        this.verifier = b.verifier;
        this.policy = b.policy;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The issuer whose tokens are accepted. */
    public String issuer() {
        return verifier.issuer();
    }

    @Override
    public BearerVerdict verify(String token, TriggerTarget target) {
        Objects.requireNonNull(target, "target");
        VerifiedIdentity identity;
        try {
            identity = verifier.verify(token);
        } catch (TokenVerificationException e) {
            if (e.reason() == TokenVerificationException.Reason.KEYS_UNAVAILABLE) {
                return new BearerVerdict(
                        false,
                        "unauthenticated",
                        GrpcCode.UNAVAILABLE,
                        "cannot verify bearer tokens right now: " + e.getMessage());
            }
            // the exception's message never holds the token (sdk-identity quotes claims shortened)
            return BearerVerdict.unauthenticated("bearer " + e.getMessage());
        } catch (RuntimeException e) {
            return BearerVerdict.unauthenticated(
                    "bearer token could not be verified (" + e.getClass().getSimpleName() + ")");
        }
        Principal principal;
        try {
            principal = Principal.of(identity);
        } catch (IllegalArgumentException | NullPointerException e) {
            return BearerVerdict.unauthenticated("bearer token has no usable subject: " + e.getMessage());
        }
        Decision decision = policy.evaluate(principal, Action.RUN_TRIGGER.id(), target.resource());
        if (!decision.allowed()) {
            return BearerVerdict.denied(principal.actor(), decision.reason());
        }
        return new BearerVerdict(true, principal.actor(), GrpcCode.OK, decision.reason());
    }

    @Override
    public String toString() {
        return "OidcBearerVerifier[issuer=" + verifier.issuer() + ", " + policy + "]";
    }

    /** Builds an {@link OidcBearerVerifier}; the verifier and the policy are required. */
    public static final class Builder {
        private JwtVerifier verifier;
        private Policy policy;

        private Builder() {}

        /** Verifies the tokens: one issuer, the audience the proxy asks tokens for. */
        public Builder verifier(JwtVerifier verifier) {
            this.verifier = Objects.requireNonNull(verifier, "verifier");
            return this;
        }

        /** Decides {@code run:trigger} on {@code tekton:namespace/NS/pipeline/P}; denies by default. */
        public Builder policy(Policy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public OidcBearerVerifier build() {
            if (verifier == null) {
                throw new IllegalStateException("OidcBearerVerifier needs a JwtVerifier: builder().verifier(..)");
            }
            if (policy == null) {
                throw new IllegalStateException(
                        "OidcBearerVerifier needs a policy that grants run:trigger: builder().policy(..)");
            }
            return new OidcBearerVerifier(this);
        }
    }
}
