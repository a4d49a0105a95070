package dev.conftekton.identity.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable, declarative authorization policy read from YAML.
 *
 * <pre>{@code
 * version: 1
 * rules:
 *   - id: ci-publishes-docs
 *     effect: allow
 *     principals:
 *       - issuer: https://kubernetes.default.svc.cluster.local
 *         subject: "system:serviceaccount:ci:*"
 *       - namespace: ci
 *         serviceAccount: publisher
 *       - group: release-managers
 *     actions: [page:read, page:write, comment:write]
 *     resources:
 *       - confluence:space/DOCS
 *       - confluence:space/OPS/page/123          # the page tree rooted at page 123
 *   - id: freeze-ops
 *     effect: deny
 *     principals: [{any: true}]
 *     actions: ["*"]
 *     resources: [confluence:space/OPS, tekton:namespace/prod/pipeline/deploy]
 * }</pre>
 *
 * <p><b>Principals.</b> A rule lists principal entries; one matching entry is enough, and within an
 * entry every key given must match: {@code issuer} (exact), {@code subject}, {@code namespace},
 * {@code serviceAccount} and {@code group} (one of the caller's groups), the last four as globs;
 * {@code any: true} matches every verified caller. A {@code subject} needs an {@code issuer}.
 *
 * <p><b>Globs.</b> {@code *} matches any characters except {@code :} and {@code /}; {@code **}
 * matches anything. Matching is case-sensitive, except for Confluence space keys, which Confluence
 * itself treats case-insensitively.
 *
 * <p><b>Actions:</b> {@code page:read}, {@code page:write}, {@code comment:write}, {@code
 * approval:verify}, {@code run:trigger}, or {@code *}.
 *
 * <p><b>Resources:</b> {@code confluence:space/KEY} (the space and all its pages), {@code
 * confluence:space/KEY/page/ID} (the page tree rooted at that page), {@code tekton:namespace/NS}
 * (every pipeline in it), {@code tekton:namespace/NS/pipeline/NAME}, globs in keys and names, or
 * {@code *}. A request names a page with its ancestor chain from the tree root down to the page,
 * {@code confluence:space/DOCS/page/100/123/456}, so that rules on ancestors apply; request names
 * with empty, {@code .} or {@code ..} segments or unexpected characters are denied, never
 * normalized.
 *
 * <p><b>Decisions.</b> Default deny; a matching deny rule wins over any allow rule; each {@link
 * Decision} names the deciding rule and its line, or says that no rule matched. Unknown keys,
 * unknown actions, bad patterns and bad resource names fail loading with a {@link
 * PolicyException} that lists every problem with its line.
 */
public final class Policy {
    /** Policy files larger than this are refused. */
    public static final int MAX_BYTES = 1024 * 1024;

    private final String source;
    private final List<Rule> rules;

    private Policy(String source, List<Rule> rules) {
        this.source = source;
        this.rules = List.copyOf(rules);
    }

    /** Reads and checks a policy file. */
    public static Policy load(Path path) {
        Objects.requireNonNull(path, "path");
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new PolicyException(
                    List.of(new PolicyException.Problem(path.toString(), 0, "cannot read the policy file: " + e)));
        }
        if (bytes.length > MAX_BYTES) {
            throw new PolicyException(
                    List.of(new PolicyException.Problem(path.toString(), 0, "larger than " + MAX_BYTES + " bytes")));
        }
        return parse(
                new String(bytes, StandardCharsets.UTF_8), path.getFileName().toString());
    }

    /** Parses policy YAML; {@code sourceName} names it in messages and decision reasons. */
    public static Policy parse(String yaml, String sourceName) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(sourceName, "sourceName");
        return new Policy(sourceName, new PolicyParser(sourceName).parse(yaml));
    }

    /** The rule ids in file order (generated ids are {@code #1}, {@code #2}, ...). */
    public List<String> ruleIds() {
        return rules.stream().map(Rule::id).toList();
    }

    /**
     * Decides whether {@code principal} may perform {@code action} on {@code resource}. Never
     * throws for bad input: an unknown action or malformed resource is denied with the reason.
     * Does not audit; use {@link Authorizer} for that.
     */
    public Decision evaluate(Principal principal, String action, String resource) {
        Objects.requireNonNull(principal, "principal");
        if (action == null) {
            return Decision.deny(null, "no action given");
        }
        if (resource == null) {
            return Decision.deny(null, "no resource given");
        }
        Optional<Action> a = Action.find(action);
        if (a.isEmpty()) {
            return Decision.deny(null, "unknown action '" + Text.safe(action) + "'; known actions: " + Action.names());
        }
        Resource r;
        try {
            r = Resource.parse(resource);
        } catch (IllegalArgumentException e) {
            return Decision.deny(null, "invalid resource '" + Text.safe(resource) + "': " + e.getMessage());
        }
        Rule allow = null;
        Rule deny = null;
        for (Rule rule : rules) {
            if ((rule.allow() ? allow : deny) == null && rule.matches(principal, a.get(), r)) {
                if (rule.allow()) {
                    allow = rule;
                } else {
                    deny = rule;
                }
            }
        }
        if (deny != null) {
            return Decision.deny(
                    deny.id(),
                    "denied by " + deny.describe(source)
                            + (allow != null ? ", which overrides allow " + allow.describe(source) : ""));
        }
        if (allow != null) {
            return Decision.allow(allow.id(), "allowed by " + allow.describe(source));
        }
        return Decision.deny(
                null,
                "no rule of " + source + " allows " + action + " on " + Text.safe(resource) + " for "
                        + Text.safe(principal.actor()) + " (default deny)");
    }

    @Override
    public String toString() {
        return "Policy[" + source + ", " + rules.size() + " rules]";
    }
}
