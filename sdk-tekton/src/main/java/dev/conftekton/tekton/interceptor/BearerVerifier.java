package dev.conftekton.tekton.interceptor;

/**
 * Verifies an OIDC bearer token that an identity-aware proxy in front of the EventListener added
 * to the webhook request ({@code Authorization: Bearer ...}), and decides whether that identity may
 * {@code run:trigger} on {@link TriggerTarget#resource()}. The intended implementation uses
 * sdk-identity's {@code JwtVerifier} and policy.
 *
 * <p>Implementations must be thread-safe, must not throw for a bad token (answer
 * {@link BearerVerdict#unauthenticated(String)} instead) and must never put the token in a reason.
 */
@FunctionalInterface
public interface BearerVerifier {
    BearerVerdict verify(String token, TriggerTarget target);
}
