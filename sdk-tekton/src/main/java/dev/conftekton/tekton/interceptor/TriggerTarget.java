package dev.conftekton.tekton.interceptor;

import java.util.Objects;

/**
 * What an event would trigger: the EventListener trigger (from the request's
 * {@code context.trigger_id}, {@code namespaces/NS/triggers/NAME}) and the pipeline named by the
 * interceptor param {@code pipeline}.
 *
 * @param namespace the trigger's namespace, empty when Triggers did not say
 * @param triggerName the trigger's name, empty when Triggers did not say
 * @param pipeline the pipeline the trigger starts, empty when the param is not set
 */
public record TriggerTarget(String namespace, String triggerName, String pipeline) {
    public TriggerTarget {
        namespace = Objects.requireNonNullElse(namespace, "");
        triggerName = Objects.requireNonNullElse(triggerName, "");
        pipeline = Objects.requireNonNullElse(pipeline, "");
    }

    /** Parses {@code namespaces/NS/triggers/NAME}; anything else gives empty parts. */
    public static TriggerTarget fromTriggerId(String triggerId, String pipeline) {
        String[] parts = triggerId == null ? new String[0] : triggerId.split("/", -1);
        if (parts.length == 4 && parts[0].equals("namespaces") && parts[2].equals("triggers")) {
            return new TriggerTarget(parts[1], parts[3], pipeline);
        }
        return new TriggerTarget("", "", pipeline);
    }

    /** The policy resource, {@code tekton:namespace/NS/pipeline/P}. */
    public String resource() {
        return "tekton:namespace/" + namespace + "/pipeline/" + pipeline;
    }
}
