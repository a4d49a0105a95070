package dev.conftekton.tekton.interceptor;

/**
 * The gRPC status codes ({@code google.rpc.Code}) that Tekton Triggers expects in
 * {@code InterceptorResponse.status.code}. Only the codes this interceptor uses are listed.
 */
public enum GrpcCode {
    /** The event is verified and passes every filter: the trigger continues. */
    OK(0),
    /** The request or the webhook payload is malformed, of the wrong content type, or an unknown event. */
    INVALID_ARGUMENT(3),
    /** The same delivery was seen before (a retry or a replay). */
    ALREADY_EXISTS(6),
    /** The caller is authenticated but the policy does not allow it to trigger this pipeline. */
    PERMISSION_DENIED(7),
    /** The request body is larger than the configured limit. */
    RESOURCE_EXHAUSTED(8),
    /** A verified event that the trigger's filters exclude (event type, space, label, title). */
    FAILED_PRECONDITION(9),
    /** The event's timestamp lies outside the accepted window (too old, or too far in the future). */
    OUT_OF_RANGE(11),
    /** An unexpected failure inside the interceptor; the event is not let through. */
    INTERNAL(13),
    /** The interceptor cannot verify anything right now (for example the secret file is unreadable). */
    UNAVAILABLE(14),
    /** No valid proof of origin: a missing, malformed or wrong signature, or a missing or invalid token. */
    UNAUTHENTICATED(16);

    private final int number;

    GrpcCode(int number) {
        this.number = number;
    }

    /** The numeric code written to the response. */
    public int number() {
        return number;
    }
}
