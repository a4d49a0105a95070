package dev.conftekton.identity.policy;

import java.util.List;
import java.util.Set;

/** One parsed rule of a policy. */
record Rule(
        String id,
        int line,
        boolean allow,
        List<PrincipalMatcher> principals,
        Set<Action> actions,
        List<Resource> resources) {

    /**
     * One entry of a rule's {@code principals} list: every field given must match.
     *
     * @param issuer exact issuer, or null for any trusted issuer
     */
    record PrincipalMatcher(boolean any, String issuer, Glob subject, Glob namespace, Glob serviceAccount, Glob group) {
        boolean matches(Principal p) {
            if (any) {
                return true;
            }
            if (issuer != null && !issuer.equals(p.issuer())) {
                return false;
            }
            if (subject != null && !subject.matches(p.subject())) {
                return false;
            }
            if (namespace != null && !namespace.matches(p.namespace())) {
                return false;
            }
            if (serviceAccount != null && !serviceAccount.matches(p.serviceAccount())) {
                return false;
            }
            return group == null || p.groups().stream().anyMatch(group::matches);
        }
    }

    boolean matches(Principal p, Action action, Resource resource) {
        return actions.contains(action)
                && resources.stream().anyMatch(r -> r.covers(resource))
                && principals.stream().anyMatch(m -> m.matches(p));
    }

    String describe(String source) {
        return "rule '" + id + "' (" + source + " line " + line + ")";
    }
}
