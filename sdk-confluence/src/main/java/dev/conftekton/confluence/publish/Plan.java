package dev.conftekton.confluence.publish;

import dev.conftekton.confluence.publish.PlannedAction.Kind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a publish will do, page by page. Made by {@link PublishPlanner}; printed by
 * {@code --dry-run}; carried out by {@link Publisher}.
 *
 * @param rootId the page the tree hangs under
 * @param actions every action: source pages in tree order (parents first), then orphans
 * @param orphanPolicy what happens to the orphans
 */
public record Plan(String rootId, List<PlannedAction> actions, OrphanPolicy orphanPolicy) {
    public Plan {
        Objects.requireNonNull(rootId, "rootId");
        actions = List.copyOf(actions);
        Objects.requireNonNull(orphanPolicy, "orphanPolicy");
    }

    /** How many actions of each kind. */
    public Map<Kind, Integer> counts() {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            counts.put(k, 0);
        }
        actions.forEach(a -> counts.merge(a.kind(), 1, Integer::sum));
        return counts;
    }

    /** The actions that block the publish (people's edits under policy fail, title clashes). */
    public List<PlannedAction> conflicts() {
        return actions.stream().filter(a -> a.kind() == Kind.CONFLICT).toList();
    }

    /** The plan as text, one line per page that is not unchanged, then the counts. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (PlannedAction a : actions) {
            if (a.kind() != Kind.UNCHANGED) {
                sb.append(a.describe()).append('\n');
            }
        }
        Map<Kind, Integer> c = counts();
        sb.append(c.entrySet().stream()
                .map(e -> e.getKey().name().toLowerCase(java.util.Locale.ROOT) + "=" + e.getValue())
                .collect(Collectors.joining(" ", "plan: ", "\n")));
        return sb.toString();
    }
}
