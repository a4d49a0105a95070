package dev.conftekton.identity.policy;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The actions a policy grants or denies. Names are case-sensitive. */
public enum Action {
    /** Read a Confluence page. */
    PAGE_READ("page:read"),
    /** Create or update a Confluence page. */
    PAGE_WRITE("page:write"),
    /** Add a comment to a Confluence page. */
    COMMENT_WRITE("comment:write"),
    /** Verify an approval recorded on a Confluence page. */
    APPROVAL_VERIFY("approval:verify"),
    /** Start a Tekton pipeline run. */
    RUN_TRIGGER("run:trigger");

    private final String id;

    Action(String id) {
        this.id = id;
    }

    /** The name used in policy files and requests, such as {@code page:write}. */
    public String id() {
        return id;
    }

    /** The action named {@code id}, if there is one. */
    public static Optional<Action> find(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
    }

    /** All names, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(Action::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
