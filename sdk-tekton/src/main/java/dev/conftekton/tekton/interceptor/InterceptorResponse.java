package dev.conftekton.tekton.interceptor;

import dev.conftekton.tekton.interceptor.internal.JsonWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Tekton Triggers {@code InterceptorResponse}: whether the trigger continues, a status with a
 * gRPC code and message, and extensions for TriggerBindings ({@code $(extensions.confluence.pageId)}).
 *
 * @param continueProcessing the {@code continue} field
 * @param code the status code
 * @param message a reason a person can act on; never contains secrets
 * @param extensions fields added for later interceptors and bindings (empty when denied)
 */
public record InterceptorResponse(
        boolean continueProcessing, GrpcCode code, String message, Map<String, Object> extensions) {

    public InterceptorResponse {
        Objects.requireNonNull(code, "code");
        message = message == null ? "" : message;
        extensions =
                extensions == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
        if (continueProcessing != (code == GrpcCode.OK)) {
            throw new IllegalArgumentException("continue must be true exactly when the code is OK");
        }
    }

    /** Lets the trigger continue with {@code extensions}. */
    public static InterceptorResponse allow(String message, Map<String, Object> extensions) {
        return new InterceptorResponse(true, GrpcCode.OK, message, extensions);
    }

    /** Stops the trigger with {@code code} and a reason. */
    public static InterceptorResponse deny(GrpcCode code, String message) {
        return new InterceptorResponse(false, code, message, Map.of());
    }

    /** The JSON body Tekton Triggers reads. */
    public String toJson() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("code", code.number());
        status.put("message", message);
        Map<String, Object> root = new LinkedHashMap<>();
        if (!extensions.isEmpty()) {
            root.put("extensions", extensions);
        }
        root.put("continue", continueProcessing);
        root.put("status", status);
        return JsonWriter.write(root);
    }
}
