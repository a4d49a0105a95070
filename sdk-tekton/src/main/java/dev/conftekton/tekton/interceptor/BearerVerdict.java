package dev.conftekton.tekton.interceptor;

import java.util.Objects;

/**
 * The answer of a {@link BearerVerifier}.
 *
 * @param allowed whether the token is valid and the policy allows {@code run:trigger}
 * @param actor the verified identity ({@code issuer#subject}), or {@code unauthenticated}
 * @param code {@link GrpcCode#OK} when allowed; {@link GrpcCode#UNAUTHENTICATED} for an invalid
 *     token; {@link GrpcCode#PERMISSION_DENIED} when the policy says no
 * @param reason why, for the response and the audit trail; never the token
 */
public record BearerVerdict(boolean allowed, String actor, GrpcCode code, String reason) {
    public BearerVerdict {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(code, "code");
        reason = reason == null ? "" : reason;
        if (allowed != (code == GrpcCode.OK)) {
            throw new IllegalArgumentException("allowed must be true exactly when the code is OK");
        }
    }

    public static BearerVerdict allow(String actor) {
        return new BearerVerdict(true, actor, GrpcCode.OK, "token verified and policy allows run:trigger");
    }

    public static BearerVerdict unauthenticated(String reason) {
        return new BearerVerdict(false, "unauthenticated", GrpcCode.UNAUTHENTICATED, reason);
    }

    public static BearerVerdict denied(String actor, String reason) {
        return new BearerVerdict(false, actor, GrpcCode.PERMISSION_DENIED, reason);
    }
}
